package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.iceberg.ContractColumns;
import co.pqr.lakehouse.iceberg.GoldTables;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.local.EmbeddedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract v2 through a running stream, and the documented upgrade that promotes its fields:
 * stop with a savepoint, {@code schema promote}, restart from the savepoint. Runtime 30 s on a quiet
 * machine, up to 100 s under load.
 */
class SchemaEvolutionIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void v1AndV2CoexistNothingIsLostAndPromotionFillsTypedColumnsFromTheRestartOn() throws Exception {
    EmbeddedKafka kafka = SharedKafka.broker();
    String topic = "it-evolve";
    kafka.createTopic(topic, 2);

    List<Fixtures.In> v1 = new ArrayList<>(Fixtures.generated(51, 60));
    v1.add(v1Carrying("{\"attachments_count\":\"tres\",\"preferred_language\":\"spanish\"}", v1.get(0)));
    Map<String, ObjectNode> v2Fields = new HashMap<>();
    List<Fixtures.In> v2BeforePromotion = toV2(Fixtures.generated(52, 60), v2Fields);
    v2BeforePromotion.addAll(breaking(v1.get(0)));
    List<Fixtures.In> afterPromotion = toV2(Fixtures.generated(53, 60), v2Fields);
    afterPromotion.addAll(Fixtures.generated(54, 30));
    afterPromotion.addAll(breaking(v1.get(0)));
    List<Fixtures.In> all = new ArrayList<>(v1);
    all.addAll(v2BeforePromotion);
    all.addAll(afterPromotion);
    Set<String> idsBeforePromotion = eventIds(v1, v2BeforePromotion);

    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), topic)) {
      // The first job's run is still open when it is stopped (a 10-minute run window): the resumed job must close
      // and record it, and must not commit its files again.
      JobClient first = PipelineLauncher.launch(lake.settings.withTiming(lake.settings.checkpointInterval(),
              Duration.ofMinutes(10)),
          KafkaInput.stream(kafka.bootstrapServers(), topic, "it-evolve"), "stream", TestLakehouse.KEY, false).client();
      Produce.toKafka(kafka.bootstrapServers(), topic, v1);
      awaitLanded(lake, v1.size());
      Produce.toKafka(kafka.bootstrapServers(), topic, v2BeforePromotion);
      awaitLanded(lake, v1.size() + v2BeforePromotion.size());

      // Before promotion: v2 fields only in extra_fields, no typed columns.
      assertThat(lake.table(LakehouseTables.BRONZE).schema().findField(ContractColumns.ATTACHMENTS_COUNT)).isNull();
      for (Record r : lake.bronze()) {
        ObjectNode expected = v2Fields.get((String) r.getField("event_id"));
        if (expected != null) {
          assertThat(r.getField("schema_version")).isEqualTo(2);
          JsonNode extra = JSON.readTree((String) r.getField("extra_fields"));
          assertThat(extra.get("attachments_count")).isEqualTo(expected.get("attachments_count"));
          assertThat(extra.get("preferred_language")).isEqualTo(expected.get("preferred_language"));
        }
      }

      assertThat(lake.scalar("SELECT count(*) FROM control.runs")).as("the first job's run is open").isZero();

      // The upgrade: stop with a savepoint, promote, restart from the savepoint. Events keep arriving meanwhile.
      long t0 = System.nanoTime();
      String savepoint = first.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
          SavepointFormatType.CANONICAL).get();
      long stopped = System.nanoTime();
      Produce.toKafka(kafka.bootstrapServers(), topic, afterPromotion);
      long t1 = System.nanoTime();
      String promoted = cli(lake, "schema", "promote", "--by", "schema-evolution-it");
      long promotedAt = System.nanoTime();
      assertThat(promoted).contains("bronze.pqr_events: schema", "silver.pqr_events: schema",
          "add optional column attachments_count int (contract v2)");
      PipelineLauncher.Launched second = PipelineLauncher.launch(
          PipelineLauncher.localEnvironment(lake.settings, "stream", false, savepoint), lake.settings, KafkaInput.stream(kafka.bootstrapServers(), topic, "it-evolve"), "stream", TestLakehouse.KEY);
      try {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
            lake.bronze().stream().anyMatch(r -> ((String) r.getField("run_id")).startsWith(second.jobInstance())));
        long firstCommit = System.nanoTime();
        System.out.printf("schema upgrade pause: stop-with-savepoint %.1f s, promote %.1f s, restart to first commit"
            + " %.1f s; stream paused %.1f s in all (producing the next events took %.1f s of it)%n",
            (stopped - t0) / 1e9, (promotedAt - t1) / 1e9, (firstCommit - promotedAt) / 1e9,
            (firstCommit - t0) / 1e9 - (t1 - stopped) / 1e9, (t1 - stopped) / 1e9);

        awaitLanded(lake, all.size());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
          PipelineIT.assertGoldEquals(lake, Fixtures.validPayloads(all));
          assertGoldHistoryHasEveryClosedRun(lake);
        });
      } finally {
        second.client().cancel().get();
      }

      // Nothing lost or duplicated: every record once in Bronze or quarantine; Silver one row per event id.
      List<Record> bronze = lake.bronze();
      List<Record> quarantine = lake.quarantine();
      assertThat(bronze.size() + quarantine.size()).isEqualTo(all.size());
      Set<String> coordinates = new HashSet<>();
      bronze.forEach(r -> coordinates.add(r.getField("source_partition") + "/" + r.getField("source_offset")));
      quarantine.forEach(r -> coordinates.add(r.getField("source_partition") + "/" + r.getField("source_offset")));
      assertThat(coordinates).hasSize(all.size());
      GoldOracle oracle = new GoldOracle(Fixtures.validPayloads(all));
      List<Record> silver = lake.silver();
      assertThat(silver).hasSize(oracle.distinctEvents);
      assertThat(silver.stream().map(r -> r.getField("event_id")).distinct()).hasSize(oracle.distinctEvents);

      // Every run of both jobs is closed and recorded once, the stopped job's last one included, and the
      // runs account for every input record.
      Map<String, Long> bronzeByRun = new HashMap<>();
      bronze.forEach(r -> bronzeByRun.merge((String) r.getField("run_id"), 1L, Long::sum));
      try (Connection c = lake.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
          "SELECT run_id, records_in, records_valid, records_quarantined, status FROM control.runs")) {
        long in = 0;
        Map<String, Long> validByRun = new HashMap<>();
        while (rs.next()) {
          assertThat(rs.getLong(3) + rs.getLong(4)).as(rs.getString(1)).isEqualTo(rs.getLong(2));
          assertThat(rs.getString(5)).isEqualTo("COMMITTED");
          in += rs.getLong(2);
          if (rs.getLong(3) > 0) {
            validByRun.put(rs.getString(1), rs.getLong(3));
          }
        }
        assertThat(in).isEqualTo(all.size());
        assertThat(validByRun).isEqualTo(bronzeByRun);
      }

      // Typed columns: filled for v2 rows written after the restart, null for every row written before
      // and for v1 rows (whose same-named unknown fields stay in extra_fields only).
      int filled = 0;
      for (List<Record> layer : List.of(bronze, silver)) {
        for (Record r : layer) {
          String id = (String) r.getField("event_id");
          ObjectNode v2 = v2Fields.get(id);
          if (v2 != null && !idsBeforePromotion.contains(id)) {
            assertThat(r.getField(ContractColumns.ATTACHMENTS_COUNT)).isEqualTo(v2.get("attachments_count").intValue());
            assertThat(r.getField(ContractColumns.PREFERRED_LANGUAGE)).isEqualTo(v2.get("preferred_language").asText());
            filled++;
          } else {
            assertThat(r.getField(ContractColumns.ATTACHMENTS_COUNT)).as("row of %s", id).isNull();
            assertThat(r.getField(ContractColumns.PREFERRED_LANGUAGE)).as("row of %s", id).isNull();
          }
        }
      }
      assertThat(filled).isGreaterThan(100);
      String v1WithNamesId = eventId(v1.get(v1.size() - 1));
      Record v1WithNames = bronze.stream().filter(r -> r.getField("event_id").equals(v1WithNamesId))
          .findFirst().orElseThrow();
      assertThat((String) v1WithNames.getField("extra_fields")).contains("\"attachments_count\":\"tres\"");

      // Breaking records: quarantined with the field and the expectation, before and after promotion alike.
      Map<String, Long> reasons = new HashMap<>();
      quarantine.forEach(q -> reasons.merge(q.getField("reason_code") + ": " + q.getField("reason"), 1L, Long::sum));
      assertThat(reasons).containsEntry("SCHEMA: $.attachments_count: string found, integer expected", 2L)
          .containsEntry("SCHEMA: $.tenant_id: integer found, string expected", 2L)
          .containsEntry("SCHEMA: $: required property 'event_id' not found", 2L);

      // The schema change is recorded, once per table.
      try (Connection c = lake.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
          "SELECT table_name, from_schema_id, to_schema_id, changed_by FROM control.schema_changes ORDER BY table_name")) {
        for (org.apache.iceberg.catalog.TableIdentifier table : List.of(LakehouseTables.BRONZE, LakehouseTables.SILVER)) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo(table.toString());
          assertThat(rs.getInt(3)).isGreaterThan(rs.getInt(2));
          assertThat(rs.getInt(3)).isEqualTo(lake.table(table).schema().schemaId());
          assertThat(rs.getString(4)).isEqualTo("schema-evolution-it");
        }
        assertThat(rs.next()).isFalse();
      }
      assertThat(cli(lake, "schema", "promote")).contains("nothing to promote");
    }
  }

  /** Every run is closed and has its Gold snapshot, and the latest snapshot's rows are Postgres Gold. */
  private static void assertGoldHistoryHasEveryClosedRun(TestLakehouse lake) throws Exception {
    Set<String> runs = new TreeSet<>();
    try (Connection c = lake.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT run_id FROM control.runs")) {
      while (rs.next()) {
        runs.add(rs.getString(1));
      }
    }
    assertThat(runs).as("the first job's run and the resumed job's runs").hasSizeGreaterThanOrEqualTo(2);
    Set<String> bronzeRuns = new TreeSet<>();
    lake.bronze().forEach(r -> bronzeRuns.add((String) r.getField("run_id")));
    assertThat(runs).as("every run that wrote Bronze is closed").containsAll(bronzeRuns);
    for (GoldTables.Spec spec : GoldTables.ALL) {
      List<Snapshot> snapshots = GoldHistoryRows.snapshots(lake, spec);
      List<String> snapshotRuns = snapshots.stream().map(GoldHistoryRows::runOf).toList();
      assertThat(snapshotRuns).doesNotHaveDuplicates();
      assertThat(new TreeSet<>(snapshotRuns)).isEqualTo(runs);
      Snapshot latest = snapshots.get(snapshots.size() - 1);
      assertThat(GoldHistoryRows.iceberg(lake, spec, latest.snapshotId(), GoldHistoryRows.runOf(latest)))
          .isEqualTo(GoldHistoryRows.postgres(lake, spec));
    }
  }

  private static void awaitLanded(TestLakehouse lake, int records) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(lake.bronze().size() + lake.quarantine().size()).isEqualTo(records));
  }

  /** Valid records turned into v2 events with both new fields; malformed ones unchanged. */
  private static List<Fixtures.In> toV2(List<Fixtures.In> records, Map<String, ObjectNode> fields) throws Exception {
    List<Fixtures.In> out = new ArrayList<>();
    for (Fixtures.In r : records) {
      if (!r.valid()) {
        out.add(r);
        continue;
      }
      ObjectNode e = (ObjectNode) JSON.readTree(r.value());
      // Derived from the event id, so that a redelivery carries the same values.
      int h = Math.floorMod(e.get("event_id").asText().hashCode(), 12);
      e.put("schema_version", 2);
      e.put("attachments_count", h % 4);
      e.put("preferred_language", h % 3 == 0 ? "en" : "es");
      fields.put(e.get("event_id").asText(), e);
      out.add(new Fixtures.In(r.key(), e.toString().getBytes(StandardCharsets.UTF_8), true));
    }
    return out;
  }

  /** A v1 event carrying fields v2 declares, with other types: unknown fields to v1, accepted. */
  private static Fixtures.In v1Carrying(String extraJson, Fixtures.In template) throws Exception {
    ObjectNode e = (ObjectNode) JSON.readTree(template.value());
    e.setAll((ObjectNode) JSON.readTree(extraJson));
    e.put("event_id", java.util.UUID.nameUUIDFromBytes(e.toString().getBytes(StandardCharsets.UTF_8)).toString());
    return new Fixtures.In(template.key(), e.toString().getBytes(StandardCharsets.UTF_8), true);
  }

  /** Breaking v2 records: a v2 field with another type, tenant_id as a number, a required field removed. */
  private static List<Fixtures.In> breaking(Fixtures.In template) throws Exception {
    ObjectNode base = (ObjectNode) JSON.readTree(template.value());
    base.put("schema_version", 2);
    ObjectNode stringCount = base.deepCopy().put("attachments_count", "3");
    ObjectNode numberTenant = base.deepCopy().put("tenant_id", 900);
    ObjectNode noEventId = base.deepCopy();
    noEventId.remove("event_id");
    List<Fixtures.In> out = new ArrayList<>();
    for (ObjectNode e : List.of(stringCount, numberTenant, noEventId)) {
      out.add(new Fixtures.In(template.key(), e.toString().getBytes(StandardCharsets.UTF_8), false));
    }
    return out;
  }

  private static String eventId(Fixtures.In r) throws Exception {
    return JSON.readTree(r.value()).get("event_id").asText();
  }

  @SafeVarargs
  private static Set<String> eventIds(List<Fixtures.In>... batches) throws Exception {
    Set<String> out = new HashSet<>();
    for (List<Fixtures.In> batch : batches) {
      for (Fixtures.In r : batch) {
        if (r.valid()) {
          out.add(eventId(r));
        }
      }
    }
    return out;
  }

  private static String cli(TestLakehouse lake, String... command) {
    return OperationsCli.run(lake, command);
  }

}
