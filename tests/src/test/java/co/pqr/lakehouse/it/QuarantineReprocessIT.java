package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.iceberg.GoldTables;
import co.pqr.lakehouse.io.JsonlInput;
import co.pqr.lakehouse.quarantine.QuarantineReprocessor;
import co.pqr.lakehouse.schema.ValidationOutcome;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarantine reprocess} after a contract fix (here: a larger maximum payload size), and the
 * Gold history in Iceberg that the two runs leave: one snapshot per run, each equal to Gold then.
 * Runtime 50 s on a quiet machine (shared broker and model included), up to 150 s under load.
 */
class QuarantineReprocessIT {
  @TempDir Path dir;

  @Test
  void recordsAFixedContractAcceptsMoveOnceAndGoldHistoryKeepsEveryRun() throws Exception {
    List<Fixtures.In> input = new ArrayList<>(Fixtures.edgeCases());
    input.addAll(Fixtures.generated(41, 150));
    // The "old contract": a payload limit that about a quarter of the valid records exceed.
    List<Integer> sizes = input.stream().filter(Fixtures.In::valid).map(r -> r.value().length).sorted().toList();
    int limit = sizes.get(sizes.size() * 3 / 4);
    List<Fixtures.In> fitting = input.stream().filter(r -> r.value().length <= limit).toList();
    List<Fixtures.In> oversized = input.stream().filter(r -> r.value().length > limit).toList();
    long oversizedValid = oversized.stream().filter(Fixtures.In::valid).count();
    long oversizedInvalid = oversized.size() - oversizedValid;
    assertThat(oversizedValid).isGreaterThan(10);
    Path file = dir.resolve("input.jsonl");
    try (OutputStream out = Files.newOutputStream(file)) {
      for (Fixtures.In r : input) {
        out.write(r.value());
        out.write('\n');
      }
    }

    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), "unused:9092", "unused")) {
      PipelineSettings s = lake.settings;
      PipelineSettings oldContract = new PipelineSettings(s.kafkaBootstrap(), s.topic(), s.groupId(), s.pgUrl(),
          s.pgUser(), s.pgPassword(), s.warehouse(), s.dataDir(), s.checkpointInterval(), s.runWindow(),
          s.parallelism(), limit, s.webUiPort(), s.goldBatchSize(), s.goldFlushInterval(), s.metricsPort(), s.s3(),
          s.writeDistribution());
      PipelineLauncher.launch(oldContract, new JsonlInput(file), "backfill", TestLakehouse.KEY, false)
          .client().getJobExecutionResult().get();
      String backfillRun = onlyRun(lake, "backfill");

      assertThat(lake.bronze()).hasSize((int) fitting.stream().filter(Fixtures.In::valid).count());
      List<Record> quarantine = lake.quarantine();
      assertThat(quarantine).hasSize(input.size() - lake.bronze().size());
      assertThat(quarantine.stream().filter(q -> ValidationOutcome.OVERSIZED.equals(q.getField("reason_code"))))
          .hasSize(oversized.size());
      PipelineIT.assertGoldEquals(lake, Fixtures.validPayloads(fitting));
      Map<GoldTables.Spec, List<String>> goldAfterBackfill = new HashMap<>();
      for (GoldTables.Spec spec : GoldTables.ALL) {
        goldAfterBackfill.put(spec, GoldHistoryRows.postgres(lake, spec));
      }

      // quarantine list: one group per reason code, with its count.
      String list = cli(lake, "quarantine", "list");
      assertThat(list).containsPattern("OVERSIZED\\s+" + oversized.size() + "\\s+0\\s");
      Map<Object, Long> byCode = quarantine.stream().collect(Collectors.groupingBy(q -> q.getField("reason_code"),
          Collectors.counting()));
      byCode.forEach((code, n) -> assertThat(list).containsPattern(code + "\\s+" + n + "\\s"));

      // A dry run under the fixed contract (the default 1 MiB limit) reports and moves nothing.
      String dry = cli(lake, "quarantine", "reprocess", "--reason", "OVERSIZED", "--dry-run");
      assertThat(dry).contains("OVERSIZED: " + oversized.size() + " quarantined records, 0 moved before, "
          + oversizedValid + " now valid (dry run: nothing moved)");
      assertThat(dry).contains("still invalid: " + oversizedInvalid);
      assertThat(lake.bronze()).hasSize(fitting.stream().filter(Fixtures.In::valid).toList().size());

      QuarantineReprocessor.Result first = new QuarantineReprocessor(s).reprocess("OVERSIZED", false, TestLakehouse.KEY);
      assertThat(first.nowValid()).isEqualTo((int) oversizedValid);
      assertThat(first.alreadyMoved()).isZero();
      assertThat(first.stillInvalid().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(oversizedInvalid);
      assertThat(first.stillInvalid().keySet()).noneMatch(reason -> reason.startsWith("OVERSIZED"));

      // Each valid record of the input is in Bronze exactly once; Silver and Gold cover all of them.
      List<Record> bronze = lake.bronze();
      assertThat(bronze).hasSize((int) input.stream().filter(Fixtures.In::valid).count());
      assertThat(bronze.stream().map(r -> r.getField("source_topic") + "/" + r.getField("source_offset")).distinct())
          .hasSize(bronze.size());
      GoldOracle all = new GoldOracle(Fixtures.validPayloads(input));
      List<Record> silver = lake.silver();
      assertThat(silver).hasSize(all.distinctEvents);
      assertThat(silver.stream().map(r -> r.getField("event_id")).distinct()).hasSize(all.distinctEvents);
      PipelineIT.assertGoldEquals(lake, Fixtures.validPayloads(input));
      try (Connection c = lake.connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT run_id, mode, records_in, records_valid, records_quarantined,"
              + " input_range->>'input' FROM control.runs WHERE mode = 'reprocess'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(first.runId());
        assertThat(rs.getLong(3)).isEqualTo(oversizedValid);
        assertThat(rs.getLong(4)).isEqualTo(oversizedValid);
        assertThat(rs.getLong(5)).isZero();
        assertThat(rs.getString(6)).isEqualTo("quarantine:OVERSIZED (" + oversizedValid + " records)");
        assertThat(rs.next()).isFalse();
      }
      assertThat(lake.scalar("SELECT count(*) FROM control.quarantine_reprocessed")).isEqualTo(oversizedValid);

      // A second reprocess moves nothing and records no run.
      long runs = lake.scalar("SELECT count(*) FROM control.runs");
      QuarantineReprocessor.Result second = new QuarantineReprocessor(s).reprocess("OVERSIZED", false, TestLakehouse.KEY);
      assertThat(second.nowValid()).isZero();
      assertThat(second.alreadyMoved()).isEqualTo((int) oversizedValid);
      assertThat(second.runId()).isNull();
      assertThat(lake.bronze()).hasSize(bronze.size());
      assertThat(lake.scalar("SELECT count(*) FROM control.runs")).isEqualTo(runs);
      assertThat(cli(lake, "quarantine", "list")).containsPattern("OVERSIZED\\s+" + oversized.size() + "\\s+" + oversizedValid + "\\s");

      // Gold history: one snapshot per run and table; each run's rows equal Postgres Gold at that run.
      for (GoldTables.Spec spec : GoldTables.ALL) {
        List<Snapshot> snapshots = GoldHistoryRows.snapshots(lake, spec);
        assertThat(snapshots.stream().map(GoldHistoryRows::runOf)).containsExactly(backfillRun, first.runId());
        Snapshot atBackfill = snapshots.get(0);
        Snapshot latest = snapshots.get(1);
        assertThat(GoldHistoryRows.iceberg(lake, spec, atBackfill.snapshotId(), backfillRun))
            .as("time travel to %s at run %s", spec.id(), backfillRun).isEqualTo(goldAfterBackfill.get(spec));
        assertThat(GoldHistoryRows.countAsOf(lake, spec, atBackfill.snapshotId())).isEqualTo(goldAfterBackfill.get(spec).size());
        assertThat(GoldHistoryRows.iceberg(lake, spec, latest.snapshotId(), first.runId()))
            .as("%s at run %s", spec.id(), first.runId()).isEqualTo(GoldHistoryRows.postgres(lake, spec))
            .isNotEqualTo(goldAfterBackfill.get(spec));
      }
    }
  }

  private static String onlyRun(TestLakehouse lake, String mode) throws Exception {
    try (Connection c = lake.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT run_id FROM control.runs WHERE mode = '" + mode + "'")) {
      assertThat(rs.next()).isTrue();
      String run = rs.getString(1);
      assertThat(rs.next()).isFalse();
      return run;
    }
  }

  private static String cli(TestLakehouse lake, String... command) {
    return OperationsCli.run(lake, command);
  }

}
