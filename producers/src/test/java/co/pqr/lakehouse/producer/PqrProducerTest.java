package co.pqr.lakehouse.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PqrProducer against kafka-clients' MockProducer: ordering, keys, settings, pacing, replay. */
class PqrProducerTest {

  /** Not a real address: the mock client never connects. */
  private static final String BOOTSTRAP = "bootstrap.invalid:0";
  private static final String TOPIC = "pqr-events";

  private final MockProducer<String, byte[]> mock =
      new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer());
  private final AtomicReference<Properties> usedProperties = new AtomicReference<>();
  private final PqrProducer producer = new PqrProducer(new Properties(), props -> {
    usedProperties.set(props);
    return mock;
  });

  @TempDir Path dir;

  private static List<ProducedRecord> sample(int cases) {
    return new PqrEventGenerator(GeneratorConfig.builder().end(Generated.END).cases(cases).build())
        .generate();
  }

  @Test
  void sendsEveryRecordInOrderWithItsKeyAndExactBytes() {
    List<ProducedRecord> records = sample(50);
    ProduceStats stats = producer.send(records, BOOTSTRAP, TOPIC, 0, null);

    List<ProducerRecord<String, byte[]>> sent = mock.history();
    assertThat(sent).hasSize(records.size());
    for (int i = 0; i < records.size(); i++) {
      assertThat(sent.get(i).topic()).isEqualTo(TOPIC);
      assertThat(sent.get(i).key()).isEqualTo(records.get(i).key());
      assertThat(sent.get(i).value()).isEqualTo(records.get(i).value());
    }
    assertThat(stats.records()).isEqualTo(records.size());
    assertThat(stats.acknowledged()).isEqualTo(records.size());
    assertThat(stats.failed()).isZero();
    assertThat(stats.ok()).isTrue();
    assertThat(stats.bytes()).isEqualTo(records.stream().mapToLong(r -> r.value().length).sum());
    assertThat(mock.flushed()).isTrue();
    assertThat(mock.closed()).isTrue();
  }

  @Test
  void usesAnIdempotentAcksAllClient() {
    producer.send(sample(5), BOOTSTRAP, TOPIC, 0, null);
    Properties p = usedProperties.get();
    assertThat(p.getProperty("bootstrap.servers")).isEqualTo(BOOTSTRAP);
    assertThat(p.getProperty("acks")).isEqualTo("all");
    assertThat(p.getProperty("enable.idempotence")).isEqualTo("true");
    assertThat(p.getProperty("linger.ms")).isEqualTo("5");
  }

  @Test
  void overridesApplyOnTopOfTheDefaults() {
    Properties overrides = new Properties();
    overrides.put("linger.ms", "20");
    overrides.put("security.protocol", "SSL");
    Properties p = PqrProducer.producerProperties(BOOTSTRAP, overrides);
    assertThat(p.getProperty("linger.ms")).isEqualTo("20");
    assertThat(p.getProperty("security.protocol")).isEqualTo("SSL");
    assertThat(p.getProperty("acks")).isEqualTo("all");
  }

  @Test
  void honoursTheRateAndReportsProgress() {
    List<ProducedRecord> records = sample(30).subList(0, 60);
    List<long[]> progress = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    long start = System.nanoTime();
    ProduceStats stats = producer.send(records, BOOTSTRAP, TOPIC, 40.0, (sent, rate) -> {
      progress.add(new long[] {sent});
      rates.add(rate);
    });
    double seconds = (System.nanoTime() - start) / 1e9;

    // 60 records at 40/s: the last is due 59/40 = 1.475 s after the first.
    assertThat(seconds).isGreaterThan(1.4);
    assertThat(stats.ratePerSecond()).isBetween(30.0, 45.0);
    // One report after about a second, and the final one.
    assertThat(progress).hasSizeGreaterThanOrEqualTo(2);
    assertThat(progress.get(0)[0]).isBetween(35L, 50L);
    assertThat(progress.get(progress.size() - 1)[0]).isEqualTo(60L);
    assertThat(rates.get(0)).isBetween(30.0, 50.0);
  }

  @Test
  void countsFailedSends() {
    mock.sendException = new KafkaException("broker unavailable");
    ProduceStats stats = producer.send(sample(3), BOOTSTRAP, TOPIC, 0, null);
    assertThat(stats.failed()).isEqualTo(stats.records());
    assertThat(stats.ok()).isFalse();
    assertThat(stats.firstError()).contains("broker unavailable");
  }

  @Test
  void stopsWhenInterruptedAndKeepsTheFlag() {
    Thread.currentThread().interrupt();
    try {
      ProduceStats stats = producer.send(sample(5), BOOTSTRAP, TOPIC, 0, null);
      assertThat(stats.interrupted()).isTrue();
      assertThat(stats.records()).isZero();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void blankBootstrapOrTopicIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> producer.send(List.of(), " ", TOPIC, 0, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap");
    assertThatThrownBy(() -> producer.send(List.of(), BOOTSTRAP, "", 0, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
  }

  @Test
  void jsonlRoundTripKeepsEveryRecordsBytes() throws IOException {
    List<ProducedRecord> records = sample(300);
    assertThat(records.stream().filter(ProducedRecord::malformed).count()).isPositive();
    Path file = dir.resolve("export/pqr.jsonl");
    PqrProducer.writeJsonl(records, file);

    List<byte[]> lines = PqrProducer.readJsonl(file);
    assertThat(lines).hasSameSizeAs(records);
    for (int i = 0; i < records.size(); i++) {
      assertThat(lines.get(i)).as("line %d", i + 1).isEqualTo(records.get(i).value());
    }
    long newlines = 0;
    for (byte b : Files.readAllBytes(file)) {
      newlines += b == '\n' ? 1 : 0;
    }
    assertThat(newlines).isEqualTo(records.size());
  }

  @Test
  void replayJsonlSendsRawLinesKeyedByPqrId() throws IOException {
    List<ProducedRecord> records = sample(100);
    Path file = dir.resolve("replay.jsonl");
    PqrProducer.writeJsonl(records, file);

    ProduceStats stats = producer.replayJsonl(file, BOOTSTRAP, TOPIC, 0, null);

    List<ProducerRecord<String, byte[]>> sent = mock.history();
    assertThat(stats.records()).isEqualTo(records.size());
    assertThat(sent).hasSize(records.size());
    for (int i = 0; i < records.size(); i++) {
      ProducedRecord r = records.get(i);
      assertThat(sent.get(i).value()).isEqualTo(r.value());
      if (!r.malformed()) {
        assertThat(sent.get(i).key()).isEqualTo(r.key());
      }
    }
  }

  @Test
  void replayKeysOnlyLinesThatAreJsonWithAPqrId() throws IOException {
    Path file = dir.resolve("mixed.jsonl");
    Files.write(file, String.join("\r\n",
        "{\"pqr_id\":\"2026-ER-0000001\",\"tenant_id\":\"epm\"}",
        "",
        "esto no es json",
        "{\"pqr_id\":12345}",
        "{\"tenant_id\":\"epm\"}") .getBytes(StandardCharsets.UTF_8));

    producer.replayJsonl(file, BOOTSTRAP, TOPIC, 0, null);

    List<ProducerRecord<String, byte[]>> sent = mock.history();
    assertThat(sent).extracting(ProducerRecord::key)
        .containsExactly("2026-ER-0000001", null, null, null);
    assertThat(new String(sent.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("esto no es json");
  }

  @Test
  void replayOfAMissingFileFails() {
    assertThatThrownBy(() -> producer.replayJsonl(dir.resolve("nope.jsonl"), BOOTSTRAP, TOPIC, 0,
        null)).isInstanceOf(IOException.class);
  }

  @Test
  void producedRecordComparesByContent() {
    Instant t = Generated.END;
    assertThat(new ProducedRecord("k", new byte[] {1, 2}, t, false))
        .isEqualTo(new ProducedRecord("k", new byte[] {1, 2}, t, false))
        .isNotEqualTo(new ProducedRecord("k", new byte[] {1, 3}, t, false));
  }
}
