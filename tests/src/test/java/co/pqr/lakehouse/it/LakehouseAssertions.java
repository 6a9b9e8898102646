package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.maintenance.OrphanFiles;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The lakehouse's end-to-end promises as assertions, shared by the integration tests: every input
 * record lands once in Bronze or quarantine, Silver holds one row per distinct event, Gold equals
 * {@link GoldOracle}, {@code control.runs} matches what was committed, and every file any snapshot
 * references exists.
 */
final class LakehouseAssertions {
  private static final String[] COORDINATES = {"run_id", "source_topic", "source_partition", "source_offset"};

  private LakehouseAssertions() {}

  /**
   * All the promises after the jobs fed {@code inputs} (every record of every job, redeliveries
   * and overlaps included) into {@code lake}: Bronze has exactly one row per valid input record
   * and quarantine one per invalid one (source coordinates distinct within each job's input),
   * Silver one row per distinct event, Gold equals the oracle over the union, runs are consistent,
   * and every snapshot's files exist.
   */
  static void assertExactlyOnce(TestLakehouse lake, List<Fixtures.In> inputs) throws Exception {
    long valid = inputs.stream().filter(Fixtures.In::valid).count();
    long invalid = inputs.size() - valid;
    // only the columns the checks read: the 1M-event variant holds every row at once
    List<Record> bronze = lake.rows(LakehouseTables.BRONZE, COORDINATES);
    List<Record> quarantine = lake.rows(LakehouseTables.QUARANTINE, COORDINATES);
    assertThat(bronze).as("Bronze: one row per valid input record").hasSize((int) valid);
    assertThat(quarantine).as("quarantine: one row per invalid input record").hasSize((int) invalid);
    assertThat(coordinates(bronze)).as("Bronze source coordinates are distinct").hasSize(bronze.size());
    assertThat(coordinates(quarantine)).as("quarantine source coordinates are distinct").hasSize(quarantine.size());
    GoldOracle oracle = new GoldOracle(Fixtures.validPayloads(inputs));
    List<Record> silver = lake.rows(LakehouseTables.SILVER, "event_id");
    assertThat(silver.stream().map(r -> (String) r.getField("event_id")).distinct().count())
        .as("Silver: every distinct event").isEqualTo(oracle.distinctEvents);
    assertThat(silver).as("Silver: one row per event_id").hasSize(oracle.distinctEvents);
    assertGoldEquals(lake, Fixtures.validPayloads(inputs));
    assertRunsConsistent(lake, inputs.size(), invalid, oracle.distinctEvents);
    assertEverySnapshotsFilesExist(lake);
  }

  /** Source coordinates (run's job instance, topic, partition, offset) of Bronze or quarantine rows. */
  private static java.util.Set<String> coordinates(List<Record> rows) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (Record r : rows) {
      String run = (String) r.getField("run_id");
      String job = run.substring(0, run.lastIndexOf('-'));
      out.add(job + "|" + r.getField("source_topic") + "/" + r.getField("source_partition") + "/" + r.getField("source_offset"));
    }
    return out;
  }

  /**
   * No snapshot references an uncommitted or missing file: the manifest list, every manifest and
   * every data file of every snapshot of every table exist.
   */
  static void assertEverySnapshotsFilesExist(TestLakehouse lake) throws Exception {
    try (JdbcCatalog catalog = LakehouseCatalog.open(lake.settings.catalog())) {
      for (TableIdentifier id : List.of(LakehouseTables.BRONZE, LakehouseTables.QUARANTINE, LakehouseTables.SILVER)) {
        Table t = catalog.loadTable(id);
        for (Snapshot s : t.snapshots()) {
          assertThat(t.io().newInputFile(s.manifestListLocation()).exists()).as(s.manifestListLocation()).isTrue();
          for (ManifestFile m : s.allManifests(t.io())) {
            assertThat(t.io().newInputFile(m.path()).exists()).as(m.path()).isTrue();
            try (CloseableIterable<DataFile> files = ManifestFiles.read(m, t.io())) {
              for (DataFile f : files) {
                assertThat(t.io().newInputFile(f.location()).exists())
                    .as("%s snapshot %d references %s", id, s.snapshotId(), f.location()).isTrue();
              }
            }
          }
        }
      }
    }
  }

  /**
   * The files a failed attempt wrote and never committed are orphans: none is referenced, and once
   * older than the orphan age (the files are dated back two hours here, past the one hour given) the
   * {@code maintain} command removes every one of them and nothing referenced. Returns how many
   * orphans there were, so a fault test can show its faults left some.
   */
  static int assertMaintainRemovesOrphans(TestLakehouse lake) throws Exception {
    List<TableIdentifier> tables = List.of(LakehouseTables.BRONZE, LakehouseTables.QUARANTINE, LakehouseTables.SILVER);
    int orphans = 0;
    long twoHoursAgo = System.currentTimeMillis() - java.time.Duration.ofHours(2).toMillis();
    try (JdbcCatalog catalog = LakehouseCatalog.open(lake.settings.catalog())) {
      for (TableIdentifier id : tables) {
        Table t = catalog.loadTable(id);
        for (org.apache.iceberg.io.FileInfo f : unreferenced(t)) {
          java.nio.file.Files.setLastModifiedTime(java.nio.file.Path.of(OrphanFiles.normalize(f.location())),
              java.nio.file.attribute.FileTime.fromMillis(twoHoursAgo));
          orphans++;
        }
      }
    }
    OperationsCli.run(lake, "maintain", "--orphans-older-than", "1h");
    try (JdbcCatalog catalog = LakehouseCatalog.open(lake.settings.catalog())) {
      for (TableIdentifier id : tables) {
        assertThat(unreferenced(catalog.loadTable(id))).as("%s: files no snapshot references, after maintain", id)
            .isEmpty();
      }
    }
    assertEverySnapshotsFilesExist(lake);
    return orphans;
  }

  private static List<org.apache.iceberg.io.FileInfo> unreferenced(Table t) {
    java.util.Set<String> referenced = OrphanFiles.referenced(t);
    return OrphanFiles.list(t).stream().filter(f -> !referenced.contains(OrphanFiles.normalize(f.location()))).toList();
  }

  /** The enrichment Silver recorded for each filing: an input fact of Gold's topic numbers. */
  static Map<String, GoldOracle.Enrichment> enrichmentFrom(TestLakehouse lake) throws Exception {
    Map<String, GoldOracle.Enrichment> out = new HashMap<>();
    for (Record r : lake.rows(LakehouseTables.SILVER, "event_id", "event_type", "category", "sentiment", "urgency")) {
      if ("RADICADA".equals(r.getField("event_type"))) {
        out.putIfAbsent((String) r.getField("event_id"), new GoldOracle.Enrichment((String) r.getField("category"),
            (String) r.getField("sentiment"), (String) r.getField("urgency")));
      }
    }
    return out;
  }

  static void assertGoldEquals(TestLakehouse lake, List<byte[]> validPayloads) throws Exception {
    GoldOracle oracle = new GoldOracle(validPayloads, enrichmentFrom(lake));
    Map<String, GoldOracle.Kpi> kpis = new TreeMap<>();
    Map<String, GoldOracle.Backlog> backlog = new TreeMap<>();
    Map<String, GoldOracle.Topic> topics = new TreeMap<>();
    try (Connection c = lake.connect(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT tenant_id, day, channel, pqr_type, received, answered,"
          + " answered_on_time, avg_response_hours, last_run_id, updated_at FROM gold.pqr_kpi_daily")) {
        while (rs.next()) {
          assertThat(rs.getString(9)).isNotBlank();
          assertThat(rs.getObject(10)).isNotNull();
          double avg = rs.getDouble(8);
          Double avgOrNull = rs.wasNull() ? null : avg;
          kpis.put(GoldOracle.key(rs.getString(1), rs.getObject(2, java.time.LocalDate.class), rs.getString(3),
              rs.getString(4)), new GoldOracle.Kpi(rs.getLong(5), rs.getLong(6), rs.getLong(7), avgOrNull));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT tenant_id, as_of_date, open, overdue, due_within_3_days,"
          + " open_high_urgency FROM gold.pqr_backlog")) {
        while (rs.next()) {
          backlog.put(rs.getString(1), new GoldOracle.Backlog(rs.getObject(2, java.time.LocalDate.class),
              rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT tenant_id, day, category, received, negative_sentiment,"
          + " high_urgency FROM gold.pqr_topics_daily")) {
        while (rs.next()) {
          topics.put(rs.getString(1) + "|" + rs.getObject(2, java.time.LocalDate.class) + "|" + rs.getString(3),
              new GoldOracle.Topic(rs.getLong(4), rs.getLong(5), rs.getLong(6)));
        }
      }
    }
    assertKpisMatch(kpis, oracle.kpis);
    assertThat(differences(backlog, oracle.backlog, java.util.Objects::equals))
        .as("Gold backlog rows that differ from the oracle (key: gold / oracle)").isEmpty();
    assertThat(topics).isNotEmpty();
    assertThat(differences(topics, oracle.topics, java.util.Objects::equals))
        .as("Gold topic rows that differ from the oracle (key: gold / oracle)").isEmpty();
  }

  /** The same KPI keys, each {@link GoldOracle.Kpi#matches matching}; a failure names the differing rows. */
  static void assertKpisMatch(Map<String, GoldOracle.Kpi> gold, Map<String, GoldOracle.Kpi> oracle) {
    assertThat(gold).as("KPI rows").isNotEmpty();
    assertThat(differences(gold, oracle, (a, b) -> a != null && a.matches(b)))
        .as("Gold KPI rows that differ from the oracle (key: gold / oracle)").isEmpty();
  }

  /** "key: actual / expected" for every key whose values differ (at most 20), so a failure names the rows. */
  private static <V> List<String> differences(Map<String, V> actual, Map<String, V> expected,
      java.util.function.BiPredicate<V, V> same) {
    java.util.TreeSet<String> keys = new java.util.TreeSet<>(actual.keySet());
    keys.addAll(expected.keySet());
    return keys.stream().filter(k -> !same.test(actual.get(k), expected.get(k)))
        .map(k -> k + ": " + actual.get(k) + " / " + expected.get(k)).limit(20).toList();
  }

  static void assertRunsConsistent(TestLakehouse lake, long in, long quarantined, long silverRows) throws Exception {
    Map<String, Long> runsSilver = new HashMap<>();
    try (Connection c = lake.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT run_id, records_in, records_valid, records_quarantined,"
            + " records_deduplicated, records_silver, snapshot_ids::text, status FROM control.runs")) {
      long sumIn = 0;
      long sumQ = 0;
      while (rs.next()) {
        assertThat(rs.getLong(3) + rs.getLong(4)).as("valid + quarantined = in for " + rs.getString(1))
            .isEqualTo(rs.getLong(2));
        assertThat(rs.getLong(5)).isEqualTo(rs.getLong(3) - rs.getLong(6));
        assertThat(rs.getString(8)).isEqualTo("COMMITTED");
        sumIn += rs.getLong(2);
        sumQ += rs.getLong(4);
        runsSilver.put(rs.getString(1), rs.getLong(6));
      }
      assertThat(sumIn).isEqualTo(in);
      assertThat(sumQ).isEqualTo(quarantined);
    }
    Map<String, Long> silverByRun = lake.rows(LakehouseTables.SILVER, "run_id").stream()
        .collect(Collectors.groupingBy(r -> (String) r.getField("run_id"), Collectors.counting()));
    assertThat(silverByRun).isEqualTo(runsSilver.entrySet().stream().filter(e -> e.getValue() > 0)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    assertThat(silverByRun.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(silverRows);
    for (Snapshot s : lake.table(LakehouseTables.BRONZE).snapshots()) {
      assertThat(s.summary()).containsKey(LakehouseTables.RUN_ID_PROPERTY);
      assertThat(runsSilver).containsKey(s.summary().get(LakehouseTables.RUN_ID_PROPERTY));
    }
  }
}
