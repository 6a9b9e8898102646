package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.io.JsonlInput;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.io.RawInput;
import co.pqr.lakehouse.local.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline end to end on MiniClusters with a real embedded Kafka broker, real Postgres and real
 * Iceberg warehouses; every check compares against the test's own bookkeeping or {@link GoldOracle}.
 */
class PipelineIT {
  private static EmbeddedKafka kafka;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() {
    kafka = SharedKafka.broker();
  }


  // ---------------------------------------------------------------------------------------------

  @Test
  void streamAndBackfillOfTheSameInputLandEveryRecordOnceAndAgreeWithTheOracle() throws Exception {
    List<Fixtures.In> input = new ArrayList<>(Fixtures.edgeCases());
    input.addAll(Fixtures.generated(7, 400));
    String topic = "it-same-input";
    kafka.createTopic(topic, 2);
    Produce.toKafka(kafka.bootstrapServers(), topic, input);
    GoldOracle oracle = new GoldOracle(Fixtures.validPayloads(input));
    long invalid = input.stream().filter(r -> !r.valid()).count();

    try (TestLakehouse stream = new TestLakehouse(dir.resolve("stream"), kafka.bootstrapServers(), topic);
        TestLakehouse backfill = new TestLakehouse(dir.resolve("backfill"), kafka.bootstrapServers(), topic)) {
      runToEnd(PipelineLauncher.launch(stream.settings,
          KafkaInput.range(kafka.bootstrapServers(), topic, "it", "earliest", "latest"), "stream", TestLakehouse.KEY, false));

      List<Record> bronze = stream.bronze();
      List<Record> quarantine = stream.quarantine();
      assertThat(bronze.size() + quarantine.size()).isEqualTo(input.size());
      assertThat(quarantine).hasSize((int) invalid);
      Set<String> coordinates = new HashSet<>();
      for (Record r : bronze) {
        coordinates.add(r.getField("source_partition") + "/" + r.getField("source_offset"));
      }
      for (Record r : quarantine) {
        coordinates.add(r.getField("source_partition") + "/" + r.getField("source_offset"));
      }
      assertThat(coordinates).as("every record lands in exactly one of Bronze or quarantine").hasSize(input.size());
      assertThat(quarantine).allSatisfy(q -> assertThat((String) q.getField("reason")).isNotBlank());

      List<Record> silver = stream.silver();
      assertThat(silver).hasSize(oracle.distinctEvents);
      assertThat(silver.stream().map(r -> (String) r.getField("event_id")).distinct().count())
          .isEqualTo(oracle.distinctEvents);
      assertNoPersonalData(silver);
      assertEnrichment(silver, TestLakehouse.sharedModel().version());
      assertThat(stream.scalar("SELECT count(*) FROM control.runs WHERE model_version = '"
          + TestLakehouse.sharedModel().version() + "'")).isEqualTo(stream.scalar("SELECT count(*) FROM control.runs"));
      assertGoldEquals(stream, Fixtures.validPayloads(input));
      assertRunsConsistent(stream, input.size(), invalid, oracle.distinctEvents);

      // Raw holds every record once: replaying it into the same lakehouse doubles Bronze and quarantine
      // but adds nothing to Silver and changes no Gold number.
      java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
      PipelineLauncher.Launched replay = PipelineLauncher.launch(stream.settings,
          RawInput.parse(stream.settings.warehouse(), today.minusDays(1) + ".." + today.plusDays(1)), "backfill",
          TestLakehouse.KEY, false);
      runToEnd(replay);
      assertThat(stream.bronze()).hasSize(2 * bronze.size());
      assertThat(stream.quarantine()).hasSize(2 * quarantine.size());
      assertThat(silverBusinessRows(stream)).hasSize(oracle.distinctEvents);
      assertGoldEquals(stream, Fixtures.validPayloads(input));
      try (Connection c = stream.connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT records_in, records_valid, records_deduplicated, records_silver,"
              + " input_range->>'input' FROM control.runs WHERE run_id LIKE '" + replay.jobInstance() + "%'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(input.size());
        assertThat(rs.getLong(3)).isEqualTo(rs.getLong(2));
        assertThat(rs.getLong(4)).isZero();
        assertThat(rs.getString(5)).startsWith("raw:");
      }

      Path file = dir.resolve("input.jsonl");
      Produce.toJsonl(file, input);
      runToEnd(PipelineLauncher.launch(backfill.settings, new JsonlInput(file), "backfill", TestLakehouse.KEY, false));
      assertThat(backfill.bronze().size() + backfill.quarantine().size()).isEqualTo(input.size());
      assertThat(silverBusinessRows(backfill)).isEqualTo(silverBusinessRows(stream));
      assertGoldEquals(backfill, Fixtures.validPayloads(input));
      assertRunsConsistent(backfill, input.size(), invalid, oracle.distinctEvents);
      assertThat(backfill.scalar("SELECT count(*) FROM control.runs")).isEqualTo(1);
    }
    try (TestLakehouse kafkaRange = new TestLakehouse(dir.resolve("kafka-range"), kafka.bootstrapServers(), topic)) {
      runToEnd(PipelineLauncher.launch(kafkaRange.settings,
          KafkaInput.range(kafka.bootstrapServers(), topic, "it-range", "0:0,1:0", "latest"), "backfill",
          TestLakehouse.KEY, false));
      assertThat(kafkaRange.bronze().size() + kafkaRange.quarantine().size()).isEqualTo(input.size());
      assertGoldEquals(kafkaRange, Fixtures.validPayloads(input));
      assertRunsConsistent(kafkaRange, input.size(), invalid, oracle.distinctEvents);
    }
  }

  @Test
  void secondOverlappingBackfillAppendsOnlyNewEventsToSilver() throws Exception {
    Produce.Overlap overlap = Produce.overlappingJsonl(dir, 11, 300);
    List<Fixtures.In> all = overlap.all();
    List<Fixtures.In> first = overlap.first();
    List<Fixtures.In> second = overlap.second();
    Path f1 = overlap.firstFile();
    Path f2 = overlap.secondFile();
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), "unused")) {
      runToEnd(PipelineLauncher.launch(lake.settings, new JsonlInput(f1), "backfill", TestLakehouse.KEY, false));
      runToEnd(PipelineLauncher.launch(lake.settings, new JsonlInput(f2), "backfill", TestLakehouse.KEY, false));
      GoldOracle union = new GoldOracle(Fixtures.validPayloads(all));
      List<Record> silver = lake.silver();
      assertThat(silver).hasSize(union.distinctEvents);
      assertThat(silver.stream().map(r -> (String) r.getField("event_id")).distinct().count())
          .isEqualTo(union.distinctEvents);
      assertGoldEquals(lake, Fixtures.validPayloads(all));
      assertThat(lake.bronze().size() + lake.quarantine().size()).isEqualTo(first.size() + second.size());
      long secondDistinctNew = new GoldOracle(Fixtures.validPayloads(all)).distinctEvents
          - new GoldOracle(Fixtures.validPayloads(first)).distinctEvents;
      try (Connection c = lake.connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT records_valid, records_silver, records_deduplicated FROM control.runs"
              + " ORDER BY committed_at")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(2)).isEqualTo(secondDistinctNew);
        assertThat(rs.getLong(3)).isEqualTo(rs.getLong(1) - secondDistinctNew);
      }
    }
  }

  @Test
  void restartFromACheckpointNeitherLosesNorDoubleCountsAnything() throws Exception {
    List<Fixtures.In> input = new ArrayList<>(Fixtures.edgeCases());
    input.addAll(Fixtures.generated(31, 1200));
    String topic = "it-restart";
    kafka.createTopic(topic, 2);
    Produce.toKafka(kafka.bootstrapServers(), topic, input);
    GoldOracle oracle = new GoldOracle(Fixtures.validPayloads(input));
    FailOnceAfterCheckpoint.reset(input.size() / 3);
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), topic)) {
      runToEnd(PipelineLauncher.launch(
          PipelineLauncher.localEnvironment(lake.settings, "stream", false), lake.settings,
          KafkaInput.range(kafka.bootstrapServers(), topic, "it", "earliest", "latest"), "stream", TestLakehouse.KEY,
          s -> s.map(new FailOnceAfterCheckpoint()).name("fault-injector")));
      assertThat(FailOnceAfterCheckpoint.FIRED.get()).as("the injected failure happened after a checkpoint").isTrue();
      assertThat(FailOnceAfterCheckpoint.recordsBeforeFailure.get()).isLessThan(input.size());
      List<Record> bronze = lake.bronze();
      assertThat(bronze.size() + lake.quarantine().size()).isEqualTo(input.size());
      assertThat(bronze.stream().map(r -> r.getField("source_partition") + "/" + r.getField("source_offset")).distinct().count())
          .isEqualTo(bronze.size());
      List<Record> silver = lake.silver();
      assertThat(silver).hasSize(oracle.distinctEvents);
      assertGoldEquals(lake, Fixtures.validPayloads(input));
      assertRunsConsistent(lake, input.size(), input.stream().filter(r -> !r.valid()).count(), oracle.distinctEvents);
    }
  }

  /** Fails its task once, on the first record after a completed checkpoint past a threshold. */
  static final class FailOnceAfterCheckpoint extends RichMapFunction<InputRecord, InputRecord>
      implements CheckpointListener {
    static final AtomicBoolean FIRED = new AtomicBoolean();
    static final AtomicLong processed = new AtomicLong();
    static final AtomicLong recordsBeforeFailure = new AtomicLong();
    static volatile long threshold;
    private transient boolean checkpointCompleted;

    static void reset(long after) {
      FIRED.set(false);
      processed.set(0);
      threshold = after;
    }

    @Override
    public InputRecord map(InputRecord value) {
      long n = processed.incrementAndGet();
      LockSupport.parkNanos(300_000); // throttle so that checkpoints complete while records are in flight
      if (checkpointCompleted && n >= threshold && FIRED.compareAndSet(false, true)) {
        recordsBeforeFailure.set(n);
        throw new IllegalStateException("injected failure after " + n + " records");
      }
      return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      checkpointCompleted = true;
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static void runToEnd(PipelineLauncher.Launched launched) throws Exception {
    JobClient client = launched.client();
    client.getJobExecutionResult().get();
  }

  private static void assertNoPersonalData(List<Record> silver) {
    for (Record r : silver) {
      String row = r.toString();
      assertThat(row).doesNotContain("juan.perez@example.com", "300 123 4567", "1.036.123.456", "Juan Pérez");
    }
    assertThat(silver.stream().filter(r -> r.getField("citizen_token") != null).map(r -> (String) r.getField("citizen_token")))
        .allSatisfy(token -> assertThat(token).matches("[0-9a-f]{64}"));
  }

  /** Every filing carries the active model's labels and confidences; other events carry none. */
  static void assertEnrichment(List<Record> silver, String modelVersion) {
    List<Record> filings = silver.stream().filter(r -> "RADICADA".equals(r.getField("event_type"))).toList();
    assertThat(filings).isNotEmpty();
    for (Record r : filings) {
      assertThat((String) r.getField("inferred_type")).isIn(co.pqr.lakehouse.ml.Labels.TYPE.values);
      assertThat((String) r.getField("category")).isIn(co.pqr.lakehouse.ml.Labels.CATEGORY.values);
      assertThat((String) r.getField("sentiment")).isIn(co.pqr.lakehouse.ml.Labels.SENTIMENT.values);
      assertThat((String) r.getField("urgency")).isIn(co.pqr.lakehouse.ml.Labels.URGENCY.values);
      for (String c : List.of("type_confidence", "category_confidence", "sentiment_confidence", "urgency_confidence")) {
        assertThat((Double) r.getField(c)).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
      }
      assertThat(r.getField("model_version")).isEqualTo(modelVersion);
    }
    silver.stream().filter(r -> !"RADICADA".equals(r.getField("event_type"))).forEach(r -> {
      assertThat(r.getField("category")).isNull();
      assertThat(r.getField("model_version")).isNull();
    });
  }

  private static List<String> silverBusinessRows(TestLakehouse lake) throws Exception {
    List<String> rows = new ArrayList<>();
    for (Record r : lake.silver()) {
      StringBuilder sb = new StringBuilder();
      for (org.apache.iceberg.types.Types.NestedField f : LakehouseTables.SILVER_SCHEMA.columns()) {
        String name = f.name();
        if (name.equals("run_id") || name.equals("processed_at") || name.startsWith("source_")) {
          continue;
        }
        sb.append(name).append('=').append(r.getField(name)).append(';');
      }
      rows.add(sb.toString());
    }
    rows.sort(String::compareTo);
    return rows;
  }

  /** The enrichment Silver recorded for each filing (moved to {@link LakehouseAssertions}). */
  static Map<String, GoldOracle.Enrichment> enrichmentFrom(TestLakehouse lake) throws Exception {
    return LakehouseAssertions.enrichmentFrom(lake);
  }

  static void assertGoldEquals(TestLakehouse lake, List<byte[]> validPayloads) throws Exception {
    LakehouseAssertions.assertGoldEquals(lake, validPayloads);
  }

  private static void assertRunsConsistent(TestLakehouse lake, long in, long quarantined, long silverRows) throws Exception {
    LakehouseAssertions.assertRunsConsistent(lake, in, quarantined, silverRows);
  }
}
