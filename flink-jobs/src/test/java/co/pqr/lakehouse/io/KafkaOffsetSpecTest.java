package co.pqr.lakehouse.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KafkaInput.OffsetSpec} and {@link KafkaInput#range}. Each parsed initializer is resolved
 * against a fake broker (beginning offset 5, end offset 1000, committed offsets none, every
 * timestamp lookup answered with offset 77), so the test sees exactly what the connector would ask for.
 */
class KafkaOffsetSpecTest {
  private static final String TOPIC = "pqr-events";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final String ACCEPTED = "expected earliest, latest, PARTITION:OFFSET[,PARTITION:OFFSET...],"
      + " an ISO-8601 instant such as 2026-11-01T00:00:00Z, or epoch milliseconds";

  private final FakeBroker broker = new FakeBroker();

  @Test
  void earliestIsResolvedByTheReaderAtTheBeginning() {
    assertThat(resolve("earliest")).isEqualTo(Map.of(
        P0, KafkaPartitionSplit.EARLIEST_OFFSET, P1, KafkaPartitionSplit.EARLIEST_OFFSET));
  }

  @Test
  void latestIsTheEndOffsetOfEveryPartition() {
    assertThat(resolve("latest")).isEqualTo(Map.of(P0, 1000L, P1, 1000L));
  }

  @Test
  void keywordsIgnoreCaseAndSurroundingSpaces() {
    assertThat(resolve(" EARLIEST ")).isEqualTo(resolve("earliest"));
    assertThat(resolve("Latest\n")).isEqualTo(Map.of(P0, 1000L, P1, 1000L));
  }

  @Test
  void isoInstantLooksUpTheFirstRecordAtOrAfterIt() {
    assertThat(resolve("2026-11-01T00:00:00Z")).isEqualTo(Map.of(P0, 77L, P1, 77L));
    long millis = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    assertThat(broker.requestedTimestamps).isEqualTo(Map.of(P0, millis, P1, millis));
  }

  @Test
  void isoInstantWithOffsetIsConvertedToUtc() {
    resolve("2026-10-31T19:00:00-05:00");

    long millis = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    assertThat(broker.requestedTimestamps).isEqualTo(Map.of(P0, millis, P1, millis));
  }

  @Test
  void epochMillisLooksUpThatTimestamp() {
    assertThat(resolve("1793491200000")).isEqualTo(Map.of(P0, 77L, P1, 77L));
    assertThat(broker.requestedTimestamps).isEqualTo(Map.of(P0, 1_793_491_200_000L, P1, 1_793_491_200_000L));
  }

  @Test
  void partitionOffsetsAreTakenAsGiven() {
    assertThat(resolve("0:10,1:20")).isEqualTo(Map.of(P0, 10L, P1, 20L));
  }

  @Test
  void singlePartitionOffsetIsAccepted() {
    assertThat(initializer("0:10").getPartitionOffsets(List.of(P0), broker)).isEqualTo(Map.of(P0, 10L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "0:", ":10", "0:10,", "0:10;1:20", "0:-1", "a:1", "-5",
      "2026-11-01", "2026-11-01T00:00:00", "2026-13-01T00:00:00Z"})
  void garbageIsRejectedWithTheAcceptedForms(String spec) {
    assertThatThrownBy(() -> KafkaInput.OffsetSpec.parse(spec, TOPIC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad Kafka position '" + spec + "': " + ACCEPTED);
  }

  @Test
  void rangeWithBadStartThrows() {
    assertThatThrownBy(() -> KafkaInput.range("localhost:9092", TOPIC, "g", "yesterday", "latest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad Kafka position 'yesterday': " + ACCEPTED);
  }

  @Test
  void rangeWithBadEndThrows() {
    assertThatThrownBy(() -> KafkaInput.range("localhost:9092", TOPIC, "g", "earliest", "0:10,"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad Kafka position '0:10,': " + ACCEPTED);
  }

  @Test
  void rangeDefaultsToEarliestThroughLatestAndIsBounded() {
    KafkaInput input = KafkaInput.range("localhost:9092", TOPIC, "g", null, null);

    assertThat(input.bounded()).isTrue();
    assertThat(input.describe()).isEqualTo("kafka:pqr-events from earliest to latest");
  }

  @Test
  void streamIsUnbounded() {
    KafkaInput input = KafkaInput.stream("localhost:9092", TOPIC, "pqr-lakehouse");

    assertThat(input.bounded()).isFalse();
    assertThat(input.describe()).isEqualTo("kafka:pqr-events (group pqr-lakehouse)");
  }

  private Map<TopicPartition, Long> resolve(String spec) {
    return initializer(spec).getPartitionOffsets(List.of(P0, P1), broker);
  }

  private static OffsetsInitializer initializer(String spec) {
    return KafkaInput.OffsetSpec.parse(spec, TOPIC);
  }

  private static final class FakeBroker implements OffsetsInitializer.PartitionOffsetsRetriever {
    final Map<TopicPartition, Long> requestedTimestamps = new HashMap<>();

    @Override
    public Map<TopicPartition, Long> committedOffsets(Collection<TopicPartition> partitions) {
      return Map.of();
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
      return all(partitions, 1000L);
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
      return all(partitions, 5L);
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
      requestedTimestamps.putAll(timestamps);
      Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
      timestamps.forEach((tp, ts) -> found.put(tp, new OffsetAndTimestamp(77L, ts)));
      return found;
    }

    private static Map<TopicPartition, Long> all(Collection<TopicPartition> partitions, long offset) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      partitions.forEach(tp -> offsets.put(tp, offset));
      return offsets;
    }
  }
}
