package co.pqr.lakehouse.io;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka input: unbounded from the consumer group's committed offsets (stream), or a bounded range
 * (backfill). Range ends are given as {@code earliest}, {@code latest}, an ISO-8601 instant or
 * epoch milliseconds (the first record at or after it), or offsets per partition
 * {@code 0:1200,1:1180} (start inclusive, end exclusive).
 */
public final class KafkaInput implements InputSource {
  private final String bootstrap;
  private final String topic;
  private final String groupId;
  private final String from;
  private final String to;

  private KafkaInput(String bootstrap, String topic, String groupId, String from, String to) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.groupId = groupId;
    this.from = from;
    this.to = to;
  }

  public static KafkaInput stream(String bootstrap, String topic, String groupId) {
    return new KafkaInput(bootstrap, topic, groupId, null, null);
  }

  public static KafkaInput range(String bootstrap, String topic, String groupId, String from, String to) {
    OffsetSpec.parse(from == null ? "earliest" : from, topic);
    OffsetSpec.parse(to == null ? "latest" : to, topic);
    return new KafkaInput(bootstrap, topic, groupId, from == null ? "earliest" : from, to == null ? "latest" : to);
  }

  @Override
  public DataStream<InputRecord> create(StreamExecutionEnvironment env) {
    KafkaSourceBuilder<InputRecord> builder = KafkaSource.<InputRecord>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(topic)
        .setGroupId(groupId)
        .setDeserializer(new RecordDeserializer())
        .setProperty("partition.discovery.interval.ms", "30000")
        .setProperty("commit.offsets.on.checkpoint", "true")
        .setProperty("max.partition.fetch.bytes", String.valueOf(16 * 1024 * 1024));
    if (bounded()) {
      builder.setStartingOffsets(OffsetSpec.parse(from, topic)).setBounded(OffsetSpec.parse(to, topic));
    } else {
      builder.setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
    }
    return env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "kafka:" + topic)
        .uid("kafka-source");
  }

  @Override
  public String describe() {
    return bounded() ? "kafka:" + topic + " from " + from + " to " + to : "kafka:" + topic + " (group " + groupId + ")";
  }

  /**
   * Topic, consumer group, range and the topic's Kafka id: a topic deleted and created again under
   * the same name starts at offset 0 again and must not inherit the old topic's committed offsets.
   */
  @Override
  public String lineage() {
    String id = "none";
    java.util.Properties p = new java.util.Properties();
    p.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
      id = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(15, java.util.concurrent.TimeUnit.SECONDS)
          .get(topic).topicId().toString();
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
        throw new IllegalStateException("cannot describe Kafka topic " + topic + ": " + e.getCause().getMessage(), e);
      }
      // not created yet: nothing of it can have been committed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing Kafka topic " + topic, e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Kafka did not describe topic " + topic + " within 15 s", e);
    }
    return "kafka:" + topic + " (group " + groupId + ")" + (bounded() ? " from " + from + " to " + to : "")
        + " topic-id " + id;
  }

  @Override
  public boolean bounded() {
    return to != null;
  }

  /** Keeps the record's exact bytes and coordinates. */
  static final class RecordDeserializer implements KafkaRecordDeserializationSchema<InputRecord> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InputRecord> out) throws IOException {
      out.collect(new InputRecord(
          record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(), record.value()));
    }

    @Override
    public TypeInformation<InputRecord> getProducedType() {
      return TypeInformation.of(InputRecord.class);
    }
  }

  /** Parses the documented range syntax into a Kafka connector offsets initializer. */
  public static final class OffsetSpec {
    private OffsetSpec() {}

    public static OffsetsInitializer parse(String spec, String topic) {
      String s = spec.trim();
      if (s.equalsIgnoreCase("earliest")) {
        return OffsetsInitializer.earliest();
      }
      if (s.equalsIgnoreCase("latest")) {
        return OffsetsInitializer.latest();
      }
      if (s.matches("\\d+(:\\d+)(,\\d+:\\d+)*")) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try {
          for (String pair : s.split(",")) {
            String[] po = pair.split(":");
            if (offsets.put(new TopicPartition(topic, Integer.parseInt(po[0])), Long.parseLong(po[1])) != null) {
              throw new IllegalArgumentException("bad Kafka position '" + spec + "': partition " + po[0] + " given twice");
            }
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad Kafka position '" + spec + "': partition or offset out of range");
        }
        return OffsetsInitializer.offsets(offsets);
      }
      if (s.matches("\\d{1,18}")) {
        return OffsetsInitializer.timestamp(Long.parseLong(s));
      }
      try {
        return OffsetsInitializer.timestamp(OffsetDateTime.parse(s).toInstant().toEpochMilli());
      } catch (DateTimeParseException e) {
        try {
          return OffsetsInitializer.timestamp(Instant.parse(s).toEpochMilli());
        } catch (DateTimeParseException e2) {
          throw new IllegalArgumentException("bad Kafka position '" + spec + "': expected earliest, latest,"
              + " PARTITION:OFFSET[,PARTITION:OFFSET...], an ISO-8601 instant such as 2026-11-01T00:00:00Z,"
              + " or epoch milliseconds");
        }
      }
    }
  }
}
