package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.PqrPipeline;
import co.pqr.lakehouse.cli.PqrLakehouse;
import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.io.JsonlInput;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.lake.LakehouseCommitter;
import co.pqr.lakehouse.local.EmbeddedKafka;
import co.pqr.lakehouse.maintenance.MaintenanceLock;
import co.pqr.lakehouse.maintenance.MaintenanceSettings;
import co.pqr.lakehouse.maintenance.TableMaintainer;
import co.pqr.lakehouse.maintenance.TableReport;
import co.pqr.lakehouse.ml.ModelService;
import co.pqr.lakehouse.run.RunIds;
import org.apache.flink.api.common.RuntimeExecutionMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table maintenance on a real lakehouse: compaction keeps every row, expiry and compaction beside a
 * running stream neither stop its commits nor break a restore from its last checkpoint, orphan removal
 * takes only old unreferenced files, one maintainer per table, and the {@code maintain} command's output.
 */
class MaintenanceIT {
  private static final List<TableIdentifier> TABLES =
      List.of(LakehouseTables.BRONZE, LakehouseTables.QUARANTINE, LakehouseTables.SILVER);
  private static EmbeddedKafka kafka;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() {
    kafka = SharedKafka.broker();
  }

  @Test
  void maintainCompactsExpiresAndRemovesOnlyOldOrphansWithEveryRowUnchanged() throws Exception {
    List<Fixtures.In> all = new ArrayList<>();
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), "unused")) {
      for (int i = 0; i < 2; i++) {
        List<Fixtures.In> input = Fixtures.generated(41 + i, 40);
        all.addAll(input);
        Path file = dir.resolve("part-" + i + ".jsonl");
        Produce.toJsonl(file, input);
        PipelineLauncher.launch(lake.settings, new JsonlInput(file), "backfill", TestLakehouse.KEY, false)
            .client().getJobExecutionResult().get();
      }
      Map<TableIdentifier, List<Record>> rowsBefore = new ConcurrentHashMap<>();
      Map<TableIdentifier, Long> filesBefore = new ConcurrentHashMap<>();
      Map<TableIdentifier, Integer> partitions = new ConcurrentHashMap<>();
      for (TableIdentifier id : TABLES) {
        rowsBefore.put(id, lake.rows(id));
        List<DataFile> files = dataFiles(lake.table(id));
        filesBefore.put(id, (long) files.size());
        partitions.put(id, (int) files.stream().map(f -> f.specId() + "/" + f.partition()).distinct().count());
      }
      assertThat(rowsBefore.get(LakehouseTables.BRONZE).size() + rowsBefore.get(LakehouseTables.QUARANTINE).size())
          .isEqualTo(all.size());
      assertThat(filesBefore.get(LakehouseTables.BRONZE)).as("two backfills: several files in some partitions")
          .isGreaterThan(partitions.get(LakehouseTables.BRONZE));

      // orphans: one written two hours ago, one just now, both unreferenced
      Path bronzeData = Path.of(lake.table(LakehouseTables.BRONZE).location(), "data");
      Path oldOrphan = Files.writeString(bronzeData.resolve("old-orphan.parquet"), "not data");
      Files.setLastModifiedTime(oldOrphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
      Path youngOrphan = Files.writeString(bronzeData.resolve("young-orphan.parquet"), "not data");
      List<Path> filesOnDisk = listFiles(Path.of(lake.settings.warehouse()));

      // another maintainer holds silver: it is skipped, the others are maintained
      Command first;
      try (MaintenanceLock held = MaintenanceLock.tryAcquire(lake.settings.catalog(), "silver.pqr_events").orElseThrow()) {
        assertThat(MaintenanceLock.tryAcquire(lake.settings.catalog(), "silver.pqr_events")).isEmpty();
        first = maintain(lake, "--orphans-older-than", "1h", "--expire-older-than", "1h");
      }
      assertThat(first.exitCode).as(first.err).isZero();
      assertThat(first.out).contains("silver.pqr_events: skipped, another maintainer holds the lock");
      for (TableIdentifier id : List.of(LakehouseTables.BRONZE, LakehouseTables.QUARANTINE)) {
        long after = dataFiles(lake.table(id)).size();
        assertThat(after).as("%s: one file per partition after compaction", id).isEqualTo((long) partitions.get(id));
        Matcher m = reportLine(first.out, id.toString());
        assertThat(Long.parseLong(m.group(1))).isEqualTo(filesBefore.get(id));
        assertThat(Long.parseLong(m.group(2))).isEqualTo(after);
        assertThat(Integer.parseInt(m.group(5))).as("nothing younger than 1 h expires").isZero();
        assertThat(lake.rows(id)).containsExactlyInAnyOrderElementsOf(rowsBefore.get(id));
      }
      assertThat(Integer.parseInt(reportLine(first.out, "bronze.pqr_events").group(6))).isEqualTo(1);
      assertThat(oldOrphan).doesNotExist();
      assertThat(youngOrphan).exists();
      // every other file is still there: nothing referenced was touched
      assertThat(listFiles(Path.of(lake.settings.warehouse())))
          .containsAll(filesOnDisk.stream().filter(p -> !p.equals(oldOrphan)).toList());

      // second pass, silver free: expire everything but the newest snapshot
      Map<TableIdentifier, Integer> snapshotsBefore = new ConcurrentHashMap<>();
      for (TableIdentifier id : TABLES) {
        snapshotsBefore.put(id, sizeOf(lake.table(id).snapshots()));
      }
      long expiredSilverStart = lake.table(LakehouseTables.SILVER).currentSnapshot().snapshotId();
      Command second = maintain(lake, "--expire-older-than", "0s", "--retain-last", "1");
      assertThat(second.exitCode).as(second.err).isZero();
      for (TableIdentifier id : TABLES) {
        Matcher m = reportLine(second.out, id.toString());
        Table table = lake.table(id);
        assertThat(sizeOf(table.snapshots())).isEqualTo(1);
        int compactionCommits = Integer.parseInt(m.group(3)) > 0 ? 1 : 0; // silver is compacted in this pass
        assertThat(Integer.parseInt(m.group(5))).isEqualTo(snapshotsBefore.get(id) + compactionCommits - 1);
        assertThat(Long.parseLong(m.group(2))).isEqualTo((long) partitions.get(id)).isEqualTo((long) dataFiles(table).size());
        assertThat(lake.rows(id)).containsExactlyInAnyOrderElementsOf(rowsBefore.get(id));
        for (DataFile f : dataFiles(table)) {
          assertThat(Path.of(f.location())).exists();
        }
      }
      // the rewritten-away small files went with their snapshots
      assertThat(listFiles(bronzeData).stream().filter(p -> p.toString().endsWith(".parquet")).count())
          .isEqualTo(partitions.get(LakehouseTables.BRONZE) + 1); // + the young orphan

      // a job whose Silver start snapshot has since expired (a restart long after submission) still starts,
      // and still appends no event Silver already holds: a backfill of the first file again adds none
      assertThat(lake.table(LakehouseTables.SILVER).snapshot(expiredSilverStart)).isNull();
      StreamExecutionEnvironment env = PipelineLauncher.localEnvironment(lake.settings, "backfill", false);
      env.setParallelism(lake.settings.parallelism());
      env.setRuntimeMode(RuntimeExecutionMode.BATCH);
      new PqrPipeline(lake.settings, new JsonlInput(dir.resolve("part-0.jsonl")), "backfill",
          RunIds.newJobInstance("backfill", Instant.now()), TestLakehouse.KEY, expiredSilverStart,
          ModelService.ensureActive(lake.settings, System.out), null).build(env);
      env.execute("backfill from an expired Silver snapshot");
      assertThat(lake.silver()).hasSize(rowsBefore.get(LakehouseTables.SILVER).size());
    }
  }

  @Test
  void orphanRemovalWorksOnAnS3Warehouse() throws Exception {
    String bucket = "pqr-maint";
    try (S3Server s3 = S3Server.start(dir.resolve("s3"))) {
      s3.createBucket(bucket);
      try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), "unused",
          "s3://" + bucket + "/lakehouse", s3.settings());
          JdbcCatalog catalog = LakehouseCatalog.open(lake.settings.catalog())) {
        // one backfill: the S3-specific part is the listing (compaction and expiry go through the same FileIO)
        Path file = dir.resolve("s3-part.jsonl");
        Produce.toJsonl(file, Fixtures.generated(71, 25));
        PipelineLauncher.launch(lake.settings, new JsonlInput(file), "backfill", TestLakehouse.KEY, false)
            .client().getJobExecutionResult().get();
        List<Record> rowsBefore = lake.bronze();
        long filesBefore = dataFiles(lake.table(LakehouseTables.BRONZE)).size();
        String data = "lakehouse/bronze/pqr_events/data/";
        Path oldOrphan = s3.objectFile(bucket, data + "old-orphan.parquet");
        Files.writeString(oldOrphan, "not data");
        Files.setLastModifiedTime(oldOrphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.writeString(s3.objectFile(bucket, data + "young-orphan.parquet"), "not data");
        List<String> keysBefore = s3.keys(bucket, "lakehouse/bronze/pqr_events/");
        assertThat(keysBefore).contains(data + "old-orphan.parquet", data + "young-orphan.parquet");

        MaintenanceSettings settings = MaintenanceSettings.defaults().withTables(List.of("bronze.pqr_events"))
            .withOrphansOlderThan(Duration.ofHours(1));
        TableReport report = new TableMaintainer(catalog, lake.settings.catalog(), settings).runAll().get(0);

        assertThat(report.orphansRemoved()).isEqualTo(1);
        assertThat(report.after().dataFiles()).isEqualTo(report.before().dataFiles()).isEqualTo(filesBefore);
        List<String> keysAfter = s3.keys(bucket, "lakehouse/bronze/pqr_events/");
        assertThat(keysAfter).doesNotContain(data + "old-orphan.parquet")
            .containsAll(keysBefore.stream().filter(k -> !k.endsWith("old-orphan.parquet")).toList());
        assertThat(lake.bronze()).containsExactlyInAnyOrderElementsOf(rowsBefore);
      }
    }
  }

  @Test
  void maintainRejectsAnUnknownTableInOneLine() throws Exception {
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), "unused")) {
      Command c = maintain(lake, "--table", "gold.nope");
      assertThat(c.exitCode).isEqualTo(2);
      assertThat(c.err.strip()).startsWith("pqr-lakehouse maintain: no Iceberg table gold.nope in the catalog")
          .doesNotContain("\n").doesNotContain("Exception");
      Command bad = maintain(lake, "--retain-last", "0");
      assertThat(bad.exitCode).isEqualTo(2);
      assertThat(bad.err.strip()).isEqualTo("pqr-lakehouse maintain: --retain-last must be at least 1, got 0");
    }
  }

  @Test
  void maintenanceBesideTheStreamNeitherStopsItsCommitsNorBreaksARestoreFromItsCheckpoint() throws Exception {
    String topic = "it-maintenance";
    kafka.createTopic(topic, 2);
    List<Fixtures.In> batch1 = Fixtures.generated(61, 50);
    List<Fixtures.In> batch2 = Fixtures.generated(62, 30);
    List<Fixtures.In> batch3 = Fixtures.generated(63, 15);
    List<Fixtures.In> all = new ArrayList<>(batch1);
    all.addAll(batch2);
    all.addAll(batch3);
    MaintenanceSettings maintenance = MaintenanceSettings.defaults()
        .withInterval(Duration.ofSeconds(2)).withExpiry(Duration.ofSeconds(3), 1).withOrphansOlderThan(Duration.ofHours(1));
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), topic);
        JdbcCatalog catalog = LakehouseCatalog.open(lake.settings.catalog())) {
      SnapshotWatcher watcher = new SnapshotWatcher(catalog.loadTable(LakehouseTables.BRONZE));
      int metricsPort = freePort();
      PipelineLauncher.Launched first = PipelineLauncher.launch(lake.settings.withMetricsPort(String.valueOf(metricsPort)),
          KafkaInput.stream(kafka.bootstrapServers(), topic, "it-maint"), "stream", TestLakehouse.KEY, false, maintenance);
      try {
        trickle(topic, batch1);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
          watcher.poll();
          assertThat(lake.bronze().size() + lake.quarantine().size()).isEqualTo(batch1.size());
          assertThat(watcher.compactions()).as("a compaction rewrote Bronze files").isNotEmpty();
          assertThat(watcher.expired()).as("expiry removed Bronze snapshots").isNotEmpty();
        });
        // the gauges report the table's current data files and their mean size; the counters what maintenance did
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          String metrics = scrape(metricsPort);
          List<DataFile> files = dataFiles(catalog.loadTable(LakehouseTables.BRONZE));
          assertThat(metric(metrics, "pqr_table_data_files", "bronze_pqr_events")).isEqualTo(files.size());
          assertThat(metric(metrics, "pqr_table_avg_data_file_bytes", "bronze_pqr_events"))
              .isEqualTo(files.stream().mapToLong(DataFile::fileSizeInBytes).sum() / files.size());
          assertThat(metric(metrics, "pqr_table_maintenance_files_rewritten", "bronze_pqr_events")).isPositive();
          assertThat(metric(metrics, "pqr_table_maintenance_snapshots_expired", "bronze_pqr_events")).isPositive();
          assertThat(metric(metrics, "pqr_maintenance_runs", null)).isPositive();
          assertThat(metric(metrics, "pqr_maintenance_failures", null)).isZero();
        });
        long compactionSeq = watcher.compactions().get(0).sequenceNumber();
        // the stream commits batch 2 after (and while) maintenance rewrote its files
        Thread producer = new Thread(() -> trickle(topic, batch2));
        producer.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
          watcher.poll();
          assertThat(lake.bronze().size() + lake.quarantine().size()).isGreaterThan(batch1.size());
        });
        first.client().cancel().get();
        producer.join();
        watcher.poll();
        assertThat(watcher.streamCommitsAfter(compactionSeq)).as("stream commits after a compaction").isNotEmpty();
      } finally {
        cancelIfRunning(first);
      }

      // while the stream is down, a maintainer expires everything it may
      new TableMaintainer(catalog, lake.settings.catalog(), maintenance.withExpiry(Duration.ZERO, 1)).runAll();

      Path checkpoint = latestCheckpoint(lake.settings.dataDir().resolve("checkpoints"));
      Configuration conf = PipelineLauncher.flinkConfiguration(lake.settings, true, false);
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
      PipelineLauncher.Launched resumed = PipelineLauncher.launch(StreamExecutionEnvironment.createLocalEnvironment(conf),
          lake.settings, KafkaInput.stream(kafka.bootstrapServers(), topic, "it-maint"), "stream", TestLakehouse.KEY,
          UnaryOperator.identity(), PqrPipeline.Layers.GOLD, maintenance);
      try {
        Produce.toKafka(kafka.bootstrapServers(), topic, batch3);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(
            () -> lake.bronze().size() + lake.quarantine().size() >= all.size());
        List<Record> bronze = lake.bronze();
        assertThat(bronze.size() + lake.quarantine().size()).as("Bronze + quarantine = input, exactly")
            .isEqualTo(all.size());
        assertThat(bronze.stream().map(r -> r.getField("source_partition") + "/" + r.getField("source_offset"))
            .distinct().count()).isEqualTo(bronze.size());
        GoldOracle oracle = new GoldOracle(Fixtures.validPayloads(all));
        List<Record> silver = lake.silver();
        assertThat(silver).hasSize(oracle.distinctEvents);
        assertThat(silver.stream().map(r -> r.getField("event_id")).distinct().count()).isEqualTo(silver.size());
      } finally {
        cancelIfRunning(resumed);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Remembers every Bronze snapshot it has seen, so expired ones are still known. */
  private static final class SnapshotWatcher {
    private final Table table;
    private final Map<Long, Snapshot> seen = new ConcurrentHashMap<>();
    private final Set<Long> expired = new HashSet<>();

    SnapshotWatcher(Table table) {
      this.table = table;
    }

    synchronized void poll() {
      table.refresh();
      Set<Long> live = new HashSet<>();
      for (Snapshot s : table.snapshots()) {
        live.add(s.snapshotId());
        seen.putIfAbsent(s.snapshotId(), s);
      }
      for (Long id : seen.keySet()) {
        if (!live.contains(id)) {
          expired.add(id);
        }
      }
    }

    synchronized List<Snapshot> compactions() {
      return seen.values().stream()
          .filter(s -> "compaction".equals(s.summary().get(TableMaintainer.MAINTENANCE_PROPERTY)))
          .filter(s -> Integer.parseInt(s.summary().getOrDefault("deleted-data-files", "0")) > 0)
          .sorted(Comparator.comparingLong(Snapshot::sequenceNumber)).toList();
    }

    synchronized Set<Long> expired() {
      return Set.copyOf(expired);
    }

    synchronized List<Snapshot> streamCommitsAfter(long sequenceNumber) {
      return seen.values().stream()
          .filter(s -> s.summary().containsKey(LakehouseCommitter.JOB_INSTANCE_PROPERTY))
          .filter(s -> s.sequenceNumber() > sequenceNumber).toList();
    }
  }

  /** Sends records in small acknowledged chunks, so the stream commits them over many checkpoints. */
  private static void trickle(String topic, List<Fixtures.In> records) {
    try {
      for (int i = 0; i < records.size(); i += 10) {
        Produce.toKafka(kafka.bootstrapServers(), topic, records.subList(i, Math.min(records.size(), i + 10)));
        Thread.sleep(150);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String scrape(int port) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The value of one series of Flink's Prometheus reporter (operator metrics), by name and table label. */
  private static long metric(String metrics, String name, String table) {
    Pattern p = Pattern.compile("(?m)^flink_taskmanager_job_task_operator_" + name + "\\{([^}]*)\\} (\\S+)$");
    Matcher m = p.matcher(metrics);
    while (m.find()) {
      // the reporter may spell the label value bronze.pqr_events or bronze_pqr_events
      if (table == null || m.group(1).replace('.', '_').contains("table=\"" + table + "\"")) {
        return (long) Double.parseDouble(m.group(2));
      }
    }
    throw new AssertionError("no series " + name + (table == null ? "" : " for table " + table));
  }

  private static Path latestCheckpoint(Path checkpoints) throws Exception {
    try (Stream<Path> files = Files.walk(checkpoints)) {
      return files.filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(Path::getParent)
          .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring("chk-".length()))))
          .orElseThrow(() -> new AssertionError("no retained checkpoint under " + checkpoints));
    }
  }

  private static List<DataFile> dataFiles(Table table) throws Exception {
    List<DataFile> files = new ArrayList<>();
    if (table.currentSnapshot() == null) {
      return files;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> files.add(t.file()));
    }
    return files;
  }

  private static List<Path> listFiles(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private static int sizeOf(Iterable<?> items) {
    int n = 0;
    for (Object ignored : items) {
      n++;
    }
    return n;
  }

  private record Command(int exitCode, String out, String err) {}

  /**
   * Cancels a job that may have ended already: once a local job ends, its MiniCluster shuts down and
   * a further cancel fails at once.
   */
  private static void cancelIfRunning(PipelineLauncher.Launched launched) {
    try {
      launched.client().cancel().get();
    } catch (Exception alreadyGone) {
      // the job (and its MiniCluster) had already stopped
    }
  }

  /** Runs {@code pqr-lakehouse maintain} on the test's lakehouse, capturing what it prints. */
  private static synchronized Command maintain(TestLakehouse lake, String... flags) {
    List<String> args = new ArrayList<>(List.of("maintain"));
    args.addAll(OperationsCli.lakeArgs(lake));
    args.addAll(List.of(flags));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream saved = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      picocli.CommandLine cl = PqrLakehouse.commandLine();
      cl.setErr(new PrintWriter(err, true));
      code = cl.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(saved);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    saved.print(printed);
    return new Command(code, printed, err.toString());
  }

  /** Groups: 1 files before, 2 after, 3 rewritten, 4 written, 5 snapshots expired, 6 orphans removed. */
  private static Matcher reportLine(String out, String table) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(table) + ": data files (\\d+) -> (\\d+), average data file"
        + " [^,]+ -> [^,]+, rewrote (\\d+) files into (\\d+), snapshots expired (\\d+), orphan files removed (\\d+)"
        + " \\(\\d+\\.\\d s\\)$").matcher(out);
    assertThat(m.find()).as("a report line for %s in:%n%s", table, out).isTrue();
    return m;
  }
}
