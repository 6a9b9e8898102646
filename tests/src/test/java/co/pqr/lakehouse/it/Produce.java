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

  static void toKafka(String bootstrap, String topic, List<Fixtures.In> records) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
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
}
