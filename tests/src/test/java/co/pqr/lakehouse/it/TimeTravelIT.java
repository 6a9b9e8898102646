package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.cli.PqrLakehouse;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.ops.DuckDbLakehouse;
import co.pqr.lakehouse.ops.KpiDiff;
import co.pqr.lakehouse.ops.RunRecord;
import co.pqr.lakehouse.ops.RunSnapshots;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time travel by run id, a second engine (DuckDB over the Parquet files Iceberg lists) and the KPI
 * diff, on one lakehouse filled by two JSONL backfills: A, then B which repeats part of A and adds
 * new events. Every count is checked against the input's own bookkeeping and against the pipeline's
 * view (Iceberg generics); the KPI diff against {@link GoldOracle}.
 */
class TimeTravelIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  static TestLakehouse lake;
  static List<Fixtures.In> inputA;
  static List<Fixtures.In> inputB;
  static String runA;
  static String runB;

  @BeforeAll
  static void twoBackfills() throws Exception {
    List<Fixtures.In> all = new ArrayList<>(Fixtures.edgeCases());
    all.addAll(Fixtures.generated(23, 200));
    inputA = new ArrayList<>(all.subList(0, all.size() * 6 / 10));
    inputB = new ArrayList<>(all.subList(all.size() / 2, all.size()));
    lake = new TestLakehouse(dir.resolve("lake"), null, "unused");
    runA = lake.backfillJsonl(inputA, dir.resolve("a.jsonl"));
    runB = lake.backfillJsonl(inputB, dir.resolve("b.jsonl"));
  }

  @AfterAll
  static void dropLakehouse() throws Exception {
    if (lake != null) {
      lake.close();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void everyRunMapsToASnapshotOfEveryTable() throws Exception {
    RunRecord a = RunRecord.load(lake.settings, runA);
    RunRecord b = RunRecord.load(lake.settings, runB);
    for (TableIdentifier id : RunSnapshots.TABLES) {
      assertThat(a.snapshotIds().has(id.toString())).as("run A maps %s", id).isTrue();
      assertThat(b.snapshotIds().get(id.toString()).isNumber()).as("run B maps %s", id).isTrue();
    }
    // the content digest recorded at commit covers every table, with the committed row counts
    assertThat(b.recordedDigests().keySet()).containsExactlyInAnyOrder(
        "bronze.pqr_events", "bronze.pqr_quarantine", "silver.pqr_events");
    assertThat(b.recordedDigests().get("bronze.pqr_events").rows()).isEqualTo(validCount(inputB));
  }

  @Test
  void asOfRunAReadsOnlyWhatExistedWhenACommitted() throws Exception {
    try (JdbcCatalog catalog = LakehouseCatalog.open(lake.settings.catalog());
        DuckDbLakehouse asOfA = DuckDbLakehouse.open(catalog,
            RunSnapshots.asOf(catalog, RunRecord.load(lake.settings, runA)));
        DuckDbLakehouse asOfB = DuckDbLakehouse.open(catalog,
            RunSnapshots.asOf(catalog, RunRecord.load(lake.settings, runB)))) {
      assertThat(asOfA.scalar("SELECT count(*) FROM bronze.pqr_events")).isEqualTo(validCount(inputA));
      assertThat(asOfA.scalar("SELECT count(*) FROM bronze.pqr_quarantine")).isEqualTo(inputA.size() - validCount(inputA));
      assertThat(asOfA.scalar("SELECT count(DISTINCT run_id) FROM silver.pqr_events")).isEqualTo(1);
      assertThat(groupCounts(asOfA, "silver.pqr_events")).isEqualTo(distinctByTenantAndType(inputA));

      List<Fixtures.In> both = new ArrayList<>(inputA);
      both.addAll(inputB);
      assertThat(asOfB.scalar("SELECT count(*) FROM bronze.pqr_events")).isEqualTo(validCount(both));
      assertThat(groupCounts(asOfB, "silver.pqr_events")).isEqualTo(distinctByTenantAndType(both));
      assertThat(groupCounts(asOfB, "bronze.pqr_events")).isEqualTo(validByTenantAndType(both));
    }
  }

  @Test
  void secondEngineCountsEqualThePipelinesOwnViewAndTheInput() throws Exception {
    List<Fixtures.In> both = new ArrayList<>(inputA);
    both.addAll(inputB);
    try (JdbcCatalog catalog = LakehouseCatalog.open(lake.settings.catalog());
        DuckDbLakehouse duck = DuckDbLakehouse.open(catalog, RunSnapshots.current(catalog))) {
      assertThat(duck.scalar("SELECT count(*) FROM bronze.pqr_events")).isEqualTo(lake.bronze().size())
          .isEqualTo(validCount(both));
      assertThat(duck.scalar("SELECT count(*) FROM bronze.pqr_quarantine")).isEqualTo(lake.quarantine().size())
          .isEqualTo(both.size() - validCount(both));
      assertThat(duck.scalar("SELECT count(*) FROM silver.pqr_events")).isEqualTo(lake.silver().size());
      assertThat(groupCounts(duck, "bronze.pqr_events")).isEqualTo(groupCounts(lake.bronze()))
          .isEqualTo(validByTenantAndType(both));
      assertThat(groupCounts(duck, "silver.pqr_events")).isEqualTo(groupCounts(lake.silver()))
          .isEqualTo(distinctByTenantAndType(both));
      Map<String, Long> reasons = new TreeMap<>();
      for (Record r : lake.quarantine()) {
        reasons.merge((String) r.getField("reason_code"), 1L, Long::sum);
      }
      Map<String, Long> duckReasons = new TreeMap<>();
      for (List<String> row : duck.query("SELECT reason_code, count(*) FROM bronze.pqr_quarantine GROUP BY 1").rows()) {
        duckReasons.put(row.get(0), Long.parseLong(row.get(1)));
      }
      assertThat(duckReasons).isEqualTo(reasons);
    }
  }

  @Test
  void queryCommandPrintsTheTableAsOfARunAndRefusesUnknownRuns() throws Exception {
    Cli asOfA = cli("query", "--as-of-run", runA, "--format", "csv",
        "SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM silver.pqr_events");
    assertThat(asOfA.exit).isZero();
    long distinctA = distinctByTenantAndType(inputA).values().stream().mapToLong(Long::longValue).sum();
    assertThat(asOfA.out.lines().toList()).containsExactly("n,ids", distinctA + "," + distinctA);

    Cli aligned = cli("query", "SELECT 'x' AS a, 12345 AS long_name");
    assertThat(aligned.out.lines().toList()).containsExactly("a | long_name", "--+----------", "x | 12345", "(1 row)");

    Cli unknown = cli("query", "--as-of-run", "no-such-run", "SELECT 1");
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.err.strip()).isEqualTo("pqr-lakehouse query: no run 'no-such-run' in control.runs of "
        + lake.settings.pgUrl() + " (pqr-lakehouse runs lists the recorded runs)");
  }

  @Test
  void kpiDiffBetweenTheTwoRunsEqualsTheOracleDifference() throws Exception {
    List<Fixtures.In> both = new ArrayList<>(inputA);
    both.addAll(inputB);
    Map<String, GoldOracle.Enrichment> enrichment = PipelineIT.enrichmentFrom(lake);
    GoldOracle oracleA = new GoldOracle(Fixtures.validPayloads(inputA), enrichment);
    GoldOracle oracleB = new GoldOracle(Fixtures.validPayloads(both), enrichment);

    KpiDiff.Gold goldA;
    KpiDiff.Gold goldB;
    try (JdbcCatalog catalog = LakehouseCatalog.open(lake.settings.catalog())) {
      goldA = KpiDiff.goldAsOf(lake.settings, catalog,
          RunSnapshots.asOf(catalog, RunRecord.load(lake.settings, runA)).get(LakehouseTables.SILVER));
      goldB = KpiDiff.goldAsOf(lake.settings, catalog,
          RunSnapshots.asOf(catalog, RunRecord.load(lake.settings, runB)).get(LakehouseTables.SILVER));
    }
    LakehouseAssertions.assertKpisMatch(kpis(goldA), oracleA.kpis);
    LakehouseAssertions.assertKpisMatch(kpis(goldB), oracleB.kpis);

    List<KpiDiff.Change> changes = KpiDiff.compare(goldA, goldB);
    Set<String> changedKpiKeys = new TreeSet<>();
    for (KpiDiff.Change c : changes) {
      if (c.table().equals("gold.pqr_kpi_daily")) {
        changedKpiKeys.add(c.key());
      }
    }
    Set<String> expectedKeys = new TreeSet<>();
    Set<String> keys = new HashSet<>(oracleA.kpis.keySet());
    keys.addAll(oracleB.kpis.keySet());
    for (String k : keys) {
      GoldOracle.Kpi a = oracleA.kpis.get(k);
      if (a == null || !a.matches(oracleB.kpis.get(k))) {
        expectedKeys.add(k);
      }
    }
    assertThat(expectedKeys).isNotEmpty();
    assertThat(changedKpiKeys).isEqualTo(expectedKeys);
    long receivedDelta = changes.stream()
        .filter(c -> c.table().equals("gold.pqr_kpi_daily") && c.metric().equals("received"))
        .mapToLong(c -> Math.round(c.delta())).sum();
    long oracleDelta = oracleB.kpis.values().stream().mapToLong(GoldOracle.Kpi::received).sum()
        - oracleA.kpis.values().stream().mapToLong(GoldOracle.Kpi::received).sum();
    assertThat(receivedDelta).isEqualTo(oracleDelta).isPositive();
    for (KpiDiff.Change c : changes) {
      if (c.table().equals("gold.pqr_backlog") && c.metric().equals("open")) {
        long a = oracleA.backlog.containsKey(c.key()) ? oracleA.backlog.get(c.key()).open() : 0;
        assertThat(Math.round(c.delta())).as("open backlog of %s", c.key())
            .isEqualTo(oracleB.backlog.get(c.key()).open() - a);
      }
    }

    Cli diff = cli("diff-runs", runA, runB);
    assertThat(diff.exit).isZero();
    assertThat(diff.out).contains("A = " + runA, "B = " + runB,
        String.format("gold.pqr_kpi_daily: %d metrics differ", changes.stream()
            .filter(c -> c.table().equals("gold.pqr_kpi_daily")).count()),
        String.format("received %+d", oracleDelta));
  }

  // ---------------------------------------------------------------------------------------------

  private static Map<String, GoldOracle.Kpi> kpis(KpiDiff.Gold gold) {
    Map<String, GoldOracle.Kpi> out = new TreeMap<>();
    gold.tables().get("gold.pqr_kpi_daily").forEach((k, m) -> out.put(k, new GoldOracle.Kpi(
        Long.parseLong(m.get("received")), Long.parseLong(m.get("answered")), Long.parseLong(m.get("answered_on_time")),
        m.get("avg_response_hours") == null ? null : Double.parseDouble(m.get("avg_response_hours")))));
    return out;
  }

  private static long validCount(List<Fixtures.In> input) {
    return input.stream().filter(Fixtures.In::valid).count();
  }

  private static Map<String, Long> validByTenantAndType(List<Fixtures.In> input) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (byte[] p : Fixtures.validPayloads(input)) {
      JsonNode e = JSON.readTree(p);
      out.merge(e.get("tenant_id").asText() + "|" + e.get("event_type").asText(), 1L, Long::sum);
    }
    return out;
  }

  private static Map<String, Long> distinctByTenantAndType(List<Fixtures.In> input) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (byte[] p : Fixtures.validPayloads(input)) {
      JsonNode e = JSON.readTree(p);
      if (seen.add(e.get("event_id").asText())) {
        out.merge(e.get("tenant_id").asText() + "|" + e.get("event_type").asText(), 1L, Long::sum);
      }
    }
    return out;
  }

  private static Map<String, Long> groupCounts(DuckDbLakehouse duck, String table) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (List<String> row : duck.query("SELECT tenant_id, event_type, count(*) FROM " + table + " GROUP BY 1, 2").rows()) {
      out.put(row.get(0) + "|" + row.get(1), Long.parseLong(row.get(2)));
    }
    return out;
  }

  private static Map<String, Long> groupCounts(List<Record> rows) {
    Map<String, Long> out = new TreeMap<>();
    for (Record r : rows) {
      out.merge(r.getField("tenant_id") + "|" + r.getField("event_type"), 1L, Long::sum);
    }
    return out;
  }

  record Cli(int exit, String out, String err) {}

  /** Runs the CLI against this test's lakehouse, capturing what it prints. */
  static Cli cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    try {
      all.addAll(1, lake.cliArgs());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.io.StringWriter err = new java.io.StringWriter();
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      picocli.CommandLine cl = PqrLakehouse.commandLine();
      cl.setErr(new java.io.PrintWriter(err, true));
      exit = cl.execute(all.toArray(new String[0]));
    } finally {
      System.setOut(stdout);
    }
    return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString());
  }
}
