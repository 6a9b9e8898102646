package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.cli.PqrLakehouse;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.io.JsonlInput;
import co.pqr.lakehouse.io.RawInput;
import co.pqr.lakehouse.silver.privacy.PseudonymKey;
import co.pqr.lakehouse.silver.privacy.Pseudonymizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 6, security items 2 and 3: no personal data past Bronze, and the right to erasure.
 *
 * <p>Two JSONL backfills (so every table has several snapshots, and Raw several files) carry generated
 * traffic plus three hand-written citizens with distinctive identifiers, typed into free text in several
 * formats, with quarantined records of two of them. {@link PersonalDataScanner} decodes every file of the
 * warehouse and every Postgres row: the identifiers are in Raw and Bronze (positive control) and, past
 * Bronze, only in the quarantined bytes. Then {@code erase} removes citizen A: no trace of A is left in
 * any file, in Postgres, in the logs or in the command's output, older snapshots are gone, the other
 * citizens are still found in Raw and Bronze, Gold equals the oracle over the input without A's cases, a
 * Raw replay of the rewritten archive still works, and the audit row names A only by token.
 */
class ErasureIT {
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ErasureIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "erasure-entidad";

  static final PersonalDataScanner.Citizen A = new PersonalDataScanner.Citizen("A", "79845123",
      "zenobia.quinonez@correo-prueba.co", "3157778899", "Zenobia Quiñónez Villafañe", List.of("Quiñónez", "Villafañe"));
  static final PersonalDataScanner.Citizen B = new PersonalDataScanner.Citizen("B", "52987634",
      "eustaquio.barrantes@correo-prueba.co", "3209991122", "Eustaquio Barrantes Ibargüen", List.of("Barrantes", "Ibargüen"));
  static final PersonalDataScanner.Citizen C = new PersonalDataScanner.Citizen("C", "1098765432",
      "filomena.casallas@correo-prueba.co", "3114447788", "Filomena Casallas Urrutia", List.of("Casallas", "Urrutia"));
  /** Not a person: proves that the scanner decodes manifest bounds (the tenant id) and reads the log file. */
  static final PersonalDataScanner.Citizen PROBE = new PersonalDataScanner.Citizen("probe", null,
      "probe.control@scanner-prueba.co", null, TENANT, List.of());

  @TempDir Path dir;

  private int counter;

  @Test
  void erasedCitizenLeavesNoTraceAndNoPersonalDataPassesBronze() throws Exception {
    List<Fixtures.In> generated = Fixtures.generated(31, 60);
    List<List<Fixtures.In>> parts = List.of(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < generated.size(); i++) {
      parts.get(i * 2 / generated.size()).add(generated.get(i));
    }
    List<Fixtures.In> aRecords = new ArrayList<>();
    // Citizen A: two cases, free text naming them in several formats, a redelivery, two quarantined records.
    ObjectNode a1 = filing("ER-A-1", "2026-11-10T09:00:00-05:00", "CC", "79845123", A, "WEB", "RECLAMO",
        "Reclamo de Zenobia Quiñónez por cobro doble",
        "Soy Zenobia Quiñónez Villafañe, CC 79.845.123. Me cobraron dos veces. Escríbanme a"
            + " zenobia.quinonez@correo-prueba.co o al 315 777 8899.");
    aRecords.add(valid(a1));
    aRecords.add(valid(event("ER-A-1", "ASIGNADA", "2026-11-10T11:00:00-05:00").put("assignee", "Facturación")));
    aRecords.add(valid(event("ER-A-1", "RESPONDIDA", "2026-11-12T15:00:00-05:00")
        .put("response", "Señora Quiñónez Villafañe: el cobro doble fue reversado.")));
    aRecords.add(valid(filing("ER-A-2", "2026-11-11T10:00:00-05:00", "CC", "79.845.123", A, "EMAIL", "PETICION",
        "Solicitud de paz y salvo", "Necesito el paz y salvo. Mi celular es 3157778899.")));
    aRecords.add(valid(event("ER-A-2", "RESPONDIDA", "2026-11-13T08:30:00-05:00").put("response", "Adjuntamos el paz y salvo.")));
    aRecords.add(aRecords.get(0));
    ObjectNode badChannel = filing("ER-A-3", "2026-11-11T12:00:00-05:00", "CC", "79845123", A, "FAX", "QUEJA",
        "Queja", "Queja de Zenobia Quiñónez Villafañe");
    aRecords.add(new Fixtures.In("ER-A-3", bytes(badChannel), false));
    aRecords.add(new Fixtures.In(null, ("{\"schema_version\":1,\"tenant_id\":\"" + TENANT + "\",\"citizen\":"
        + "{\"document_number\":\"79845123\",\"email\":\"zenobia.quinonez@corr").getBytes(StandardCharsets.UTF_8), false));
    // Citizens B and C stay; B also has a quarantined record.
    List<Fixtures.In> others = new ArrayList<>();
    others.add(valid(filing("ER-B-1", "2026-11-10T08:00:00-05:00", "CC", "52987634", B, "TELEFONO", "QUEJA",
        "Queja del señor Barrantes", "Eustaquio Barrantes Ibargüen, cédula 52.987.634, teléfono 320 999 1122,"
            + " correo eustaquio.barrantes@correo-prueba.co: el servicio no llega.")));
    others.add(valid(event("ER-B-1", "RESPONDIDA", "2026-11-14T10:00:00-05:00").put("response", "Señor Barrantes, ya llega.")));
    others.add(new Fixtures.In("ER-B-2", bytes(filing("ER-B-2", "2026-11-12T08:00:00-05:00", "CC", "52987634", B,
        "PALOMA", "QUEJA", "Queja", "Otra queja de Eustaquio Barrantes Ibargüen")), false));
    others.add(valid(filing("ER-C-1", "2026-11-11T16:00:00-05:00", "TI", "1098765432", C, "APP", "CONSULTA",
        "Consulta de Filomena Casallas", "Filomena Casallas Urrutia (TI 1098765432, 311 444 7788) pregunta por su cupo.")));
    others.add(valid(event("ER-C-1", "CERRADA", "2026-11-15T09:00:00-05:00")));

    parts.get(0).addAll(List.of(aRecords.get(0), others.get(0), others.get(3), aRecords.get(1), aRecords.get(6),
        others.get(2)));
    parts.get(1).addAll(List.of(aRecords.get(2), aRecords.get(3), aRecords.get(4), aRecords.get(5), aRecords.get(7),
        others.get(1), others.get(4)));
    List<Fixtures.In> input = new ArrayList<>();
    parts.forEach(input::addAll);
    List<Fixtures.In> remaining = new ArrayList<>(input);
    remaining.removeIf(aRecords::contains);

    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), "unused:9092", "unused")) {
      for (int i = 0; i < parts.size(); i++) {
        Path file = dir.resolve("part-" + i + ".jsonl");
        Produce.toJsonl(file, parts.get(i));
        PipelineLauncher.launch(lake.settings, new JsonlInput(file), "backfill", TestLakehouse.KEY, false)
            .client().getJobExecutionResult().get();
      }
      assertThat(lake.bronze().size() + lake.quarantine().size()).isEqualTo(input.size());
      Path warehouse = Path.of(lake.settings.warehouse());
      LOG.info("scanner positive control: {}", PROBE.email());

      // ---- before: the identifiers are in Raw, Bronze and the quarantined bytes, nowhere past Bronze
      PersonalDataScanner before = scanAll(lake, warehouse, "");
      for (PersonalDataScanner.Citizen c : List.of(A, B, C)) {
        assertThat(before.hits(c.label(), "raw", "data")).as("Raw holds citizen " + c.label())
            .extracting(PersonalDataScanner.Hit::identifier).contains("document", "email", "phone", "name");
        assertThat(before.hits(c.label(), "bronze", "data")).as("Bronze holds citizen " + c.label())
            .extracting(PersonalDataScanner.Hit::identifier).contains("document", "email", "phone", "name");
        assertThat(before.hits(c.label(), "bronze", "manifest-bounds"))
            .as("Bronze's personal-data columns keep no bounds in the manifests").isEmpty();
      }
      assertThat(before.hits("A", "quarantine", "data")).extracting(PersonalDataScanner.Hit::column).contains("payload");
      assertThat(before.hits("B", "quarantine", "data")).extracting(PersonalDataScanner.Hit::column).contains("payload");
      assertThat(before.hits("probe", "bronze", "manifest-bounds")).as("the scanner decodes manifest bounds")
          .extracting(PersonalDataScanner.Hit::column).contains("tenant_id");
      assertThat(before.boundsDecoded()).isPositive();
      assertThat(before.hits("probe", "logs", null)).as("the scanner reads the test run's log").isNotEmpty();
      assertNothingPastBronze(before);

      Map<TableIdentifier, Set<Long>> oldSnapshots = new HashMap<>();
      for (TableIdentifier id : List.of(LakehouseTables.BRONZE, LakehouseTables.QUARANTINE, LakehouseTables.SILVER)) {
        Table t = lake.table(id);
        Set<Long> ids = new java.util.HashSet<>();
        t.snapshots().forEach(s -> ids.add(s.snapshotId()));
        assertThat(ids).as("several runs left several snapshots of " + id).hasSizeGreaterThanOrEqualTo(2);
        oldSnapshots.put(id, ids);
      }
      long bronzeBefore = lake.bronze().size();
      long quarantineBefore = lake.quarantine().size();

      // ---- erase A
      Files.createDirectories(lake.settings.dataDir());
      Files.writeString(lake.settings.dataDir().resolve(PseudonymKey.KEY_FILE),
          Base64.getEncoder().encodeToString(TestLakehouse.KEY) + "\n");
      long t0 = System.nanoTime();
      String output = erase(lake, "79.845.123");
      LOG.info("erase took {} ms and printed:\n{}", (System.nanoTime() - t0) / 1_000_000, output);
      assertThat(output).contains("raw         8 record(s) removed", "bronze      6 row(s) removed",
          "quarantine  2 row(s) removed", "silver      5 row(s) removed", "gold        2 case(s) removed");

      // ---- after: no trace of A anywhere; B and C still found (the scanner still works)
      PersonalDataScanner after = scanAll(lake, warehouse, output);
      assertThat(after.hitsOf("A")).as("traces of the erased citizen").isEmpty();
      for (PersonalDataScanner.Citizen c : List.of(B, C)) {
        assertThat(after.hits(c.label(), "raw", "data")).isNotEmpty();
        assertThat(after.hits(c.label(), "bronze", "data")).isNotEmpty();
      }
      assertThat(after.hits("B", "quarantine", "data")).isNotEmpty();
      assertNothingPastBronze(after);

      assertThat(lake.bronze()).hasSize((int) bronzeBefore - 6);
      assertThat(lake.quarantine()).hasSize((int) quarantineBefore - 2);
      String tokenA = new Pseudonymizer(TestLakehouse.KEY).documentToken("CC", "79845123");
      List<Record> silver = lake.silver();
      assertThat(silver).noneMatch(r -> tokenA.equals(r.getField("citizen_token")))
          .noneMatch(r -> TENANT.equals(r.getField("tenant_id")) && ((String) r.getField("pqr_id")).startsWith("ER-A-"));
      assertThat(silver).hasSize(new GoldOracle(Fixtures.validPayloads(remaining)).distinctEvents);
      PipelineIT.assertGoldEquals(lake, Fixtures.validPayloads(remaining));

      // time travel to before the erasure finds nothing
      for (Map.Entry<TableIdentifier, Set<Long>> e : oldSnapshots.entrySet()) {
        Table t = lake.table(e.getKey());
        for (long id : e.getValue()) {
          assertThat(t.snapshot(id)).as("snapshot " + id + " of " + e.getKey()).isNull();
          assertThatThrownBy(() -> IcebergGenerics.read(t).useSnapshot(id).build())
              .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(t.snapshots()).hasSize(1);
      }

      // the audit row: counts, the token, never the document number
      try (Connection c = lake.connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT tenant_id, document_type, citizen_token, cases, raw_records,"
              + " bronze_rows, quarantine_rows, silver_rows, gold_cases, snapshots_expired FROM control.erasures")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(TENANT);
        assertThat(rs.getString(2)).isEqualTo("CC");
        assertThat(rs.getString(3)).isEqualTo(tokenA);
        assertThat(List.of(rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9)))
            .containsExactly(3, 8, 6, 2, 5, 2);
        assertThat(rs.getInt(10)).as("every snapshot from before the erasure expired")
            .isEqualTo(oldSnapshots.values().stream().mapToInt(Set::size).sum());
        assertThat(rs.next()).isFalse();
      }

      // a second erasure of the same citizen finds nothing left
      assertThat(erase(lake, "79845123")).contains("raw         0 record(s)", "bronze      0 row(s)",
          "quarantine  0 row(s)", "silver      0 row(s)");

      // the rewritten Raw archive is still a valid backfill input: everything but A's records
      try (TestLakehouse replay = new TestLakehouse(dir.resolve("replay"), "unused:9092", "unused")) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        PipelineLauncher.launch(replay.settings,
            RawInput.parse(lake.settings.warehouse(), today.minusDays(1) + ".." + today.plusDays(1)), "backfill",
            TestLakehouse.KEY, false).client().getJobExecutionResult().get();
        assertThat(replay.bronze().size() + replay.quarantine().size()).isEqualTo(remaining.size());
        PipelineIT.assertGoldEquals(replay, Fixtures.validPayloads(remaining));
      }
    }
  }

  /** Past Bronze: Silver, Gold and control, the logs; in quarantine only the original bytes (payload). */
  private static void assertNothingPastBronze(PersonalDataScanner scan) {
    List<PersonalDataScanner.Hit> leaks = scan.hits().stream()
        .filter(h -> !h.citizen().equals("probe"))
        .filter(h -> !h.layer().equals("raw") && !h.layer().equals("bronze"))
        .filter(h -> !(h.layer().equals("quarantine") && "payload".equals(h.column())
            && Set.of("data", "parquet-stats", "column-index").contains(h.kind())))
        .toList();
    assertThat(leaks).as("personal data past Bronze").isEmpty();
  }

  private static PersonalDataScanner scanAll(TestLakehouse lake, Path warehouse, String commandOutput) throws Exception {
    long t0 = System.nanoTime();
    PersonalDataScanner scan = new PersonalDataScanner(List.of(A, B, C, PROBE));
    scan.scanWarehouse(warehouse);
    try (Connection c = lake.connect()) {
      assertThat(scan.scanPostgres(c, "gold", "control", "iceberg")).isPositive();
    }
    scan.scanText(Files.readString(logFile(), StandardCharsets.UTF_8), "logs", logFile().toString());
    scan.scanText(commandOutput, "cli-output", "erase");
    assertThat(scan.filesRead()).isGreaterThan(10);
    LOG.info("scanned {} files {}, Postgres and the log in {} ms", scan.filesRead(), scan.filesPerLayer(),
        (System.nanoTime() - t0) / 1_000_000);
    return scan;
  }

  private static Path logFile() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    FileAppender file = context.getConfiguration().getAppender("file");
    assertThat(file).as("log4j2-test.properties' file appender").isNotNull();
    return Path.of(file.getFileName());
  }

  private static String erase(TestLakehouse lake, String documentNumber) throws java.io.IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = PqrLakehouse.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of("erase", "--tenant", TENANT, "--document-type", "CC",
        "--document-number", documentNumber));
    args.addAll(lake.cliArgs());
    int code = cli.execute(args.toArray(String[]::new));
    assertThat(code).as("erase exit code; stderr: " + err).isZero();
    return out.toString();
  }

  // ------------------------------------------------------------------------------------ fixtures

  private ObjectNode event(String pqr, String type, String time) {
    ObjectNode e = JSON.createObjectNode();
    e.put("schema_version", 1);
    e.put("event_id", String.format("00000000-0000-4000-9000-%012d", ++counter));
    e.put("event_type", type);
    e.put("event_time", time);
    e.put("pqr_id", pqr);
    e.put("tenant_id", TENANT);
    return e;
  }

  private ObjectNode filing(String pqr, String time, String docType, String docNumber, PersonalDataScanner.Citizen c,
      String channel, String pqrType, String subject, String description) {
    ObjectNode e = event(pqr, "RADICADA", time);
    e.put("channel", channel);
    e.put("pqr_type", pqrType);
    e.put("subject", subject);
    e.put("description", description);
    ObjectNode citizen = e.putObject("citizen");
    citizen.put("document_type", docType);
    citizen.put("document_number", docNumber);
    citizen.put("name", c.name());
    citizen.put("email", c.email());
    citizen.put("phone", c.phone());
    return e;
  }

  private static Fixtures.In valid(ObjectNode e) {
    return new Fixtures.In(e.get("pqr_id").asText(), bytes(e), true);
  }

  private static byte[] bytes(ObjectNode e) {
    return e.toString().getBytes(StandardCharsets.UTF_8);
  }
}
