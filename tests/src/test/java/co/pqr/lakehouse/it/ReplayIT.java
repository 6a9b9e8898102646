package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.cli.PqrLakehouse;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.local.EmbeddedKafka;
import co.pqr.lakehouse.ops.Replay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.parquet.Parquet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay and verify: a stream run (from Kafka offsets) and a backfill run (from its JSONL file, then
 * from the Raw archive once the file is gone) replay to MATCH; after one of the run's Silver rows is
 * altered in the lakehouse, the replay reports DIFF and names the row and the column.
 */
class ReplayIT {
  private static EmbeddedKafka kafka;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() {
    kafka = SharedKafka.broker();
  }

  @Test
  void streamRunReplaysFromKafkaToMatch() throws Exception {
    String topic = "it-replay-stream";
    kafka.createTopic(topic, 2);
    List<Fixtures.In> input = new ArrayList<>(Fixtures.edgeCases());
    input.addAll(Fixtures.generated(43, 80));
    Produce.toKafka(kafka.bootstrapServers(), topic, input);
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("stream"), kafka.bootstrapServers(), topic)) {
      // one run per checkpoint, so that the stream has several runs
      PipelineLauncher.launch(lake.settings.withTiming(java.time.Duration.ofMillis(300), java.time.Duration.ofMillis(300)),
          KafkaInput.range(kafka.bootstrapServers(), topic, "it", "earliest", "latest"),
          "stream", TestLakehouse.KEY, false).client().getJobExecutionResult().get();
      // a later run of the stream if there is one: its de-duplication started from Silver as of the run before
      String runId;
      long silverRows;
      try (Connection c = lake.connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT run_id, records_silver FROM control.runs"
              + " ORDER BY (run_seq > 0) DESC, records_silver DESC LIMIT 1")) {
        assertThat(rs.next()).isTrue();
        runId = rs.getString(1);
        silverRows = rs.getLong(2);
      }
      Replay.Outcome outcome = new Replay(lake.settings, TestLakehouse.KEY, System.out).run(runId);
      assertThat(outcome.input()).startsWith("kafka:" + topic);
      assertThat(outcome.tables()).allSatisfy(t -> {
        assertThat(t.recorded()).isNotNull();
        assertThat(t.replayRows()).isEqualTo(t.originalRows()).isEqualTo(t.recorded().rows());
      });
      assertThat(outcome.tables().get(2).replayRows()).isEqualTo(silverRows).isPositive();
      assertThat(outcome.match()).isTrue();
      assertThat(scratchLeftOver(lake)).isEmpty();
    }
  }

  @Test
  void backfillRunReplaysToMatchAndAnAlteredRowGivesDiff() throws Exception {
    List<Fixtures.In> all = new ArrayList<>(Fixtures.edgeCases());
    all.addAll(Fixtures.generated(47, 80));
    List<Fixtures.In> first = new ArrayList<>(all.subList(0, all.size() * 6 / 10));
    List<Fixtures.In> second = new ArrayList<>(all.subList(all.size() * 4 / 10, all.size()));
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("backfill"), null, "unused")) {
      lake.backfillJsonl(first, dir.resolve("first.jsonl"));
      Path file = dir.resolve("second.jsonl");
      String runB = lake.backfillJsonl(second, file);
      assertThat(lake.scalar("SELECT records_deduplicated FROM control.runs WHERE run_id = '" + runB + "'"))
          .as("the second backfill repeats part of the first").isPositive();

      Replay replay = new Replay(lake.settings, TestLakehouse.KEY, System.out);
      Replay.Outcome fromFile = replay.run(runB);
      assertThat(fromFile.input()).startsWith("jsonl:");
      assertThat(fromFile.match()).isTrue();

      Files.delete(file);
      Replay.Outcome fromRaw = replay.run(runB);
      assertThat(fromRaw.input()).startsWith("raw:");
      assertThat(fromRaw.match()).isTrue();
      assertThat(fromRaw.tables()).extracting(Replay.TableResult::replay)
          .isEqualTo(fromFile.tables().stream().map(Replay.TableResult::replay).toList());

      String altered = alterOneSilverRow(lake, runB);
      Replay.Outcome afterAlteration = replay.run(runB);
      assertThat(afterAlteration.match()).isFalse();
      Replay.TableResult silver = afterAlteration.tables().get(2);
      assertThat(silver.table()).isEqualTo(LakehouseTables.SILVER.toString());
      assertThat(silver.match()).isFalse();
      assertThat(silver.originalRows()).isEqualTo(silver.replayRows());
      assertThat(silver.original()).isNotEqualTo(silver.recorded().digest()).isNotEqualTo(silver.replay());
      assertThat(silver.replay()).isEqualTo(silver.recorded().digest());
      assertThat(silver.differences()).hasSize(1);
      assertThat(silver.differences().get(0)).startsWith("event_id " + altered + ":")
          .contains("pqr_id original '").contains("-ALTERED' replay '");
      assertThat(afterAlteration.tables().get(0).match()).isTrue();
      assertThat(afterAlteration.tables().get(1).match()).isTrue();
      assertThat(scratchLeftOver(lake)).isEmpty();
    }
  }

  @Test
  void replayOfAnUnknownRunIsOneClearLine() throws Exception {
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("unknown"), null, "unused")) {
      java.io.StringWriter err = new java.io.StringWriter();
      picocli.CommandLine cl = PqrLakehouse.commandLine();
      cl.setErr(new java.io.PrintWriter(err, true));
      List<String> args = new ArrayList<>(List.of("replay", "--run-id", "backfill-nope-00000"));
      args.addAll(lake.cliArgs());
      int exit = cl.execute(args.toArray(String[]::new));
      assertThat(exit).isEqualTo(2);
      assertThat(err.toString().strip()).isEqualTo("pqr-lakehouse replay: no run 'backfill-nope-00000' in control.runs of "
          + lake.settings.pgUrl() + " (pqr-lakehouse runs lists the recorded runs)");
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Rewrites the Silver data file holding one of the run's rows with that row's pqr_id changed, as
   * an Iceberg overwrite (what an unnoticed bug or a manual edit would do); returns the row's event id.
   */
  private static String alterOneSilverRow(TestLakehouse lake, String runId) throws Exception {
    try (JdbcCatalog catalog = LakehouseCatalog.open(lake.settings.catalog())) {
      Table table = catalog.loadTable(LakehouseTables.SILVER);
      try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(Expressions.equal("run_id", runId)).planFiles()) {
        for (FileScanTask task : tasks) {
          DataFile file = task.file();
          List<Record> rows = new ArrayList<>();
          try (CloseableIterable<Record> it = Parquet.read(table.io().newInputFile(file.location()))
              .project(table.schema())
              .createReaderFunc(fs -> GenericParquetReaders.buildReader(table.schema(), fs)).build()) {
            it.forEach(r -> rows.add(r.copy()));
          }
          Record target = rows.stream().filter(r -> runId.equals(r.getField("run_id"))).findFirst().orElse(null);
          if (target == null) {
            continue;
          }
          target.setField("pqr_id", target.getField("pqr_id") + "-ALTERED");
          String path = table.locationProvider().newDataLocation("altered-" + java.util.UUID.randomUUID() + ".parquet");
          DataWriter<Record> writer = new GenericAppenderFactory(table.schema(), table.spec()).newDataWriter(
              EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(path)), FileFormat.PARQUET, file.partition());
          try (writer) {
            rows.forEach(writer::write);
          }
          table.newOverwrite().deleteFile(file).addFile(writer.toDataFile()).commit();
          return (String) target.getField("event_id");
        }
      }
    }
    throw new AssertionError("no Silver row of run " + runId);
  }

  private static List<String> scratchLeftOver(TestLakehouse lake) throws Exception {
    List<String> left = new ArrayList<>();
    try (Connection c = lake.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'pqr\\_replay\\_%'")) {
      while (rs.next()) {
        left.add(rs.getString(1));
      }
    }
    Path scratch = lake.settings.dataDir().resolve("scratch");
    if (Files.isDirectory(scratch)) {
      try (var files = Files.list(scratch)) {
        files.forEach(p -> left.add(p.toString()));
      }
    }
    return left;
  }

}
