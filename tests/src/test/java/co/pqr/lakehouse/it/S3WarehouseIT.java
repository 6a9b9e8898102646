package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.io.RawInput;
import co.pqr.lakehouse.local.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline with its warehouse on S3 ({@code s3://pqr-lake/lakehouse}) against an S3-API
 * server (s3proxy) in the test JVM: Iceberg through S3FileIO, Raw's file sink and the checkpoints
 * through Flink's S3 file system plugin. Checks the stable layout from the store's own listing, the
 * counts, and Gold against {@link GoldOracle}.
 */
class S3WarehouseIT {
  private static final String BUCKET = "pqr-lake";
  private static final String PREFIX = "lakehouse";

  private static EmbeddedKafka kafka;
  private static S3Server s3;

  @TempDir static Path shared;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    kafka = SharedKafka.broker();
    s3 = S3Server.start(shared.resolve("s3"));
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void streamIntoAnS3WarehouseKeepsTheLayoutCheckpointsOnS3AndGoldEqualsTheOracle() throws Exception {
    List<Fixtures.In> input = new ArrayList<>(Fixtures.edgeCases());
    input.addAll(Fixtures.generated(41, 150));
    String topic = "it-s3";
    kafka.createTopic(topic, 2);
    Produce.toKafka(kafka.bootstrapServers(), topic, input);
    GoldOracle oracle = new GoldOracle(Fixtures.validPayloads(input));
    long invalid = input.stream().filter(r -> !r.valid()).count();
    String warehouse = "s3://" + BUCKET + "/" + PREFIX;

    try (TestLakehouse lake = new TestLakehouse(dir, kafka.bootstrapServers(), topic, warehouse, s3.settings())) {
      PipelineLauncher.Launched stream = PipelineLauncher.launch(lake.settings,
          KafkaInput.stream(kafka.bootstrapServers(), topic, "it-s3"), "stream", TestLakehouse.KEY, false);
      JobClient job = stream.client();
      String checkpoints = PREFIX + "/_flink/checkpoints/" + job.getJobID() + "/";
      try {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
            .failFast("the stream job ended", () -> job.getJobStatus().get().isGloballyTerminalState())
            .untilAsserted(() -> {
          assertThat(lake.bronze().size() + lake.quarantine().size()).isEqualTo(input.size());
          assertThat(rawRows()).as("rows in committed Raw files").isEqualTo(input.size());
          assertThat(s3.keys(BUCKET, checkpoints)).as("checkpoints under " + checkpoints)
              .anyMatch(k -> k.matches(java.util.regex.Pattern.quote(checkpoints) + "chk-\\d+/_metadata"));
        });
      } finally {
        job.cancel().get();
      }
      assertThat(lake.quarantine()).hasSize((int) invalid);
      assertThat(lake.silver()).hasSize(oracle.distinctEvents);
      // a second engine on S3: DuckDB over the current snapshots' data files, fetched through Iceberg's FileIO
      try (org.apache.iceberg.jdbc.JdbcCatalog catalog = co.pqr.lakehouse.iceberg.LakehouseCatalog.open(lake.settings.catalog());
          co.pqr.lakehouse.ops.DuckDbLakehouse duck = co.pqr.lakehouse.ops.DuckDbLakehouse.open(catalog,
              co.pqr.lakehouse.ops.RunSnapshots.current(catalog))) {
        assertThat(duck.scalar("SELECT count(DISTINCT event_id) FROM silver.pqr_events")).isEqualTo(oracle.distinctEvents);
        assertThat(duck.scalar("SELECT count(*) FROM bronze.pqr_quarantine")).isEqualTo(invalid);
      }
      PipelineIT.assertGoldEquals(lake, Fixtures.validPayloads(input));
      assertThat(s3.keys(BUCKET, checkpoints)).as("the last checkpoint is retained on cancellation")
          .anyMatch(k -> k.endsWith("/_metadata"));

      List<String> raw = s3.keys(BUCKET, PREFIX + "/raw/");
      assertThat(raw).isNotEmpty().allMatch(k ->
          k.matches(PREFIX + "/raw/pqr_events/ingest_date=\\d{4}-\\d{2}-\\d{2}/raw-[^/]+\\.parquet"), "Raw layout");
      assertLayer(lake, LakehouseTables.BRONZE, warehouse + "/bronze/pqr_events");
      assertLayer(lake, LakehouseTables.QUARANTINE, warehouse + "/bronze/pqr_quarantine");
      assertLayer(lake, LakehouseTables.SILVER, warehouse + "/silver/pqr_events");
      for (co.pqr.lakehouse.iceberg.GoldTables.Spec gold : co.pqr.lakehouse.iceberg.GoldTables.ALL) {
        assertLayer(lake, gold.id(), warehouse + "/gold/" + gold.id().name());
      }
      assertThat(s3.keys(BUCKET, PREFIX + "/")).allMatch(k -> k.startsWith(PREFIX + "/raw/")
          || k.startsWith(PREFIX + "/bronze/") || k.startsWith(PREFIX + "/silver/") || k.startsWith(PREFIX + "/gold/")
          || k.startsWith(PREFIX + "/_flink/"), "nothing outside {raw,bronze,silver,gold,_flink}");

      // Raw on S3 is a backfill input: replaying it doubles Bronze and quarantine and changes no Silver row or Gold number.
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      PipelineLauncher.launch(lake.settings, RawInput.parse(warehouse, today.minusDays(1) + ".." + today.plusDays(1)),
          "backfill", TestLakehouse.KEY, false).client().getJobExecutionResult().get();
      assertThat(lake.bronze().size() + lake.quarantine().size()).isEqualTo(2 * input.size());
      assertThat(lake.silver()).hasSize(oracle.distinctEvents);
      PipelineIT.assertGoldEquals(lake, Fixtures.validPayloads(input));
    }
  }

  /** The table sits at its layout location on S3, and every data file it references exists under it in the store. */
  private static void assertLayer(TestLakehouse lake, org.apache.iceberg.catalog.TableIdentifier id, String location)
      throws Exception {
    Table table = lake.table(id);
    assertThat(table.location()).isEqualTo(location);
    String keyPrefix = location.substring(("s3://" + BUCKET + "/").length()) + "/";
    List<String> keys = s3.keys(BUCKET, keyPrefix);
    assertThat(keys).anyMatch(k -> k.startsWith(keyPrefix + "metadata/") && k.endsWith(".metadata.json"));
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        String path = task.file().location();
        assertThat(path).startsWith(location + "/data/").endsWith(".parquet");
        assertThat(keys).contains(path.substring(("s3://" + BUCKET + "/").length()));
      }
    }
  }

  /** Rows in the committed Raw Parquet files, read from the object store's own files. */
  private static long rawRows() throws Exception {
    long rows = 0;
    for (String key : s3.keys(BUCKET, PREFIX + "/raw/")) {
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(s3.objectFile(BUCKET, key)))) {
        rows += reader.getRecordCount();
      }
    }
    return rows;
  }
}
