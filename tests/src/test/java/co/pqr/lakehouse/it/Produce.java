package co.pqr.lakehouse.it;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test input into Kafka (acknowledged, idempotent, keyed by pqr_id) or into a JSONL file. */
final class Produce {
  private Produce() {}

  /**
   * Acknowledged, idempotent producer settings with one batch in flight per partition: on a topic created a
   * moment ago the broker may answer the first batch NOT_LEADER while accepting the next one (it has no
   * producer state yet), after which the first one's retry fails OUT_OF_ORDER_SEQUENCE until the delivery
   * timeout (seen in ParallelismIT).
   */
  static Properties producerProperties(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    return p;
  }

  static void toKafka(String bootstrap, String topic, List<Fixtures.In> records) throws Exception {
    Properties p = producerProperties(bootstrap);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (Fixtures.In r : records) {
        acks.add(producer.send(new ProducerRecord<>(topic,
            r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8), r.value())));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
    }
  }

  static void toJsonl(Path file, List<Fixtures.In> records) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      for (Fixtures.In r : records) {
        out.write(r.value());
        out.write('\n');
      }
    }
  }

  /** One generated input ({@code all}) cut into two JSONL files that overlap: its first and its last 60 %. */
  record Overlap(List<Fixtures.In> all, List<Fixtures.In> first, List<Fixtures.In> second, Path firstFile,
      Path secondFile) {
    /** Every record of both files, the overlap twice. */
    List<Fixtures.In> both() {
      List<Fixtures.In> out = new ArrayList<>(first);
      out.addAll(second);
      return out;
    }
  }

  static Overlap overlappingJsonl(Path dir, long seed, int cases) throws Exception {
    List<Fixtures.In> all = Fixtures.generated(seed, cases);
    Overlap o = new Overlap(all, new ArrayList<>(all.subList(0, all.size() * 6 / 10)),
        new ArrayList<>(all.subList(all.size() * 4 / 10, all.size())), dir.resolve("first.jsonl"),
        dir.resolve("second.jsonl"));
    toJsonl(o.firstFile(), o.first());
    toJsonl(o.secondFile(), o.second());
    return o;
  }
}
