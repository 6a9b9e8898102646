package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.cli.PqrLakehouse;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.gold.GoldStore;
import co.pqr.lakehouse.silver.SilverEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postgres roles and row-level security (migration V5, {@code tenant add}): each tenant's reader logs in and sees
 * exactly its own Gold rows and nothing it could write, widen or switch to; the analyst sees every row and writes
 * nothing; the pipeline's writer upserts Gold (through {@link GoldStore}, as the pipeline does) but can neither
 * drop nor read what it does not need. Gold is filled without Flink. Roles are cluster-wide, so every role this
 * test creates carries a random suffix and is dropped afterwards. Runtime about 5 s.
 */
class TenantIsolationIT {
  private static final String[] GOLD = {"pqr_case", "pqr_kpi_daily", "pqr_backlog", "pqr_topics_daily"};
  private static final String DENIED = "42501";

  @TempDir Path dir;

  private String suffix;
  private String database;
  private PipelineSettings owner;
  private final List<String> rolesToDrop = new ArrayList<>();
  private String tenantA;
  private String tenantB;
  private String tenantC;

  @BeforeEach
  void setUp() throws Exception {
    suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
    database = "pqr_it_rls_" + suffix;
    try (Connection c = admin(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    }
    String url = TestLakehouse.ADMIN_URL.substring(0, TestLakehouse.ADMIN_URL.lastIndexOf('/') + 1) + database;
    owner = new PipelineSettings(null, "unused", "unused", url, TestLakehouse.USER, TestLakehouse.PASSWORD,
        dir.resolve("warehouse").toString(), dir.resolve("data"), Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
        PipelineSettings.DEFAULT_MAX_PAYLOAD_BYTES, 0, 100, Duration.ofSeconds(1), "");
    PipelineLauncher.prepareStorage(owner);
    tenantA = "acme-" + suffix;
    tenantB = "Beta Corp/" + suffix;
    tenantC = "gamma-" + suffix;
  }

  @AfterEach
  void tearDown() throws Exception {
    try (Connection c = admin(); Statement st = c.createStatement()) {
      // Closed connections of the other roles end asynchronously on the server, and FORCE may end only the owner's.
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(st,
          "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "' AND usename <> current_user") == 0);
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      for (String role : rolesToDrop) {
        st.execute("DROP ROLE IF EXISTS \"" + role + "\"");
      }
    }
  }

  @Test
  void eachTenantReaderSeesOnlyItsOwnGoldRowsAndCannotWriteWidenOrSwitch() throws Exception {
    fillGoldAsWriter();
    String readerA = addTenant(tenantA);
    String readerB = addTenant(tenantB);
    String readerC = addTenant(tenantC);

    for (String[] reader : new String[][] {{readerA, tenantA}, {readerB, tenantB}, {readerC, tenantC}}) {
      try (Connection c = login(reader[0]); Statement st = c.createStatement()) {
        assertOnlyOwnRows(st, reader[1]);
        assertThat(rows(st, "SELECT role_name || '|' || tenant_id FROM control.tenant_readers"))
            .containsExactly(reader[0] + "|" + reader[1]);

        assertState(st, "INSERT INTO gold.pqr_backlog (tenant_id, as_of_date, open, overdue, due_within_3_days,"
            + " last_run_id, updated_at) VALUES ('x', current_date, 1, 1, 1, 'r', now())", DENIED);
        assertState(st, "UPDATE gold.pqr_case SET channel = 'X'", DENIED);
        assertState(st, "DELETE FROM gold.pqr_kpi_daily", DENIED);
        assertState(st, "TRUNCATE gold.pqr_topics_daily", DENIED);
        assertState(st, "DROP TABLE gold.pqr_case", DENIED);
        assertState(st, "ALTER TABLE gold.pqr_case DISABLE ROW LEVEL SECURITY", DENIED);
        assertState(st, "CREATE TABLE gold.stolen (x int)", DENIED);
        assertState(st, "INSERT INTO control.tenant_readers (role_name, tenant_id) VALUES (current_user, 'x')", DENIED);
        assertState(st, "SELECT count(*) FROM control.runs", DENIED);
        assertState(st, "SELECT count(*) FROM control.models", DENIED);
        assertState(st, "SELECT count(*) FROM iceberg.iceberg_tables", DENIED);
        for (String other : new String[] {"pqr_analyst", "pqr_writer", "pqr_grafana", TestLakehouse.USER,
            readerA.equals(reader[0]) ? readerB : readerA}) {
          assertState(st, "SET ROLE \"" + other + "\"", DENIED);
          assertState(st, "SET SESSION AUTHORIZATION \"" + other + "\"", DENIED);
        }
        // Turning row security off does not bypass it: the query is refused instead.
        st.execute("SET row_security = off");
        assertState(st, "SELECT count(*) FROM gold.pqr_case", DENIED);
        st.execute("RESET row_security");
        // Session variables play no part in the policies: setting any of them changes nothing.
        for (String setting : new String[] {"app.tenant_id", "pqr.tenant_id", "app.current_tenant", "request.tenant"}) {
          st.execute("SET " + setting + " = '" + tenantA + "'");
          st.execute("SET " + setting + " = '" + tenantB + "'");
        }
        st.execute("SET search_path = gold, control, public");
        st.execute("SET application_name = '" + TestLakehouse.USER + "'");
        assertOnlyOwnRows(st, reader[1]);
        assertState(st, "SELECT set_config('role', 'pqr_analyst', false)", DENIED);
      }
      assertRoleIsolated(reader[0]);
    }
  }

  @Test
  void aRoleWithSelectButNoTenantMappingSeesNothing() throws Exception {
    fillGoldAsWriter();
    String role = "pqr_it_unmapped_" + suffix;
    rolesToDrop.add(role);
    try (Connection c = ownerConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE " + role + " LOGIN NOINHERIT");
      st.execute("GRANT USAGE ON SCHEMA gold, control TO " + role);
      st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA gold TO " + role);
      st.execute("GRANT SELECT ON control.tenant_readers TO " + role);
    }
    try (Connection c = login(role); Statement st = c.createStatement()) {
      for (String table : GOLD) {
        assertThat(count(st, "SELECT count(*) FROM gold." + table)).as(table).isZero();
      }
      assertThat(count(st, "SELECT count(*) FROM control.tenant_readers")).isZero();
    }
  }

  @Test
  void analystSeesEveryRowAndWritesNothing() throws Exception {
    fillGoldAsWriter();
    addTenant(tenantA);
    for (String analyst : new String[] {"pqr_analyst", "pqr_grafana"}) {
      try (Connection c = login(analyst); Statement st = c.createStatement()) {
        for (String table : GOLD) {
          assertThat(count(st, "SELECT count(*) FROM gold." + table)).as(analyst + " " + table)
              .isEqualTo(ownerCount("SELECT count(*) FROM gold." + table)).isPositive();
        }
        assertThat(count(st, "SELECT count(*) FROM control.runs")).isZero();
        assertState(st, "SELECT count(*) FROM control.models", DENIED);
        assertState(st, "SELECT count(*) FROM control.tenant_readers", DENIED);
        assertState(st, "SELECT count(*) FROM iceberg.iceberg_tables", DENIED);
        assertState(st, "INSERT INTO gold.pqr_backlog (tenant_id, as_of_date, open, overdue, due_within_3_days,"
            + " last_run_id, updated_at) VALUES ('x', current_date, 1, 1, 1, 'r', now())", DENIED);
        assertState(st, "UPDATE gold.pqr_case SET channel = 'X'", DENIED);
        assertState(st, "DELETE FROM gold.pqr_case", DENIED);
        assertState(st, "DROP TABLE gold.pqr_case", DENIED);
        assertState(st, "TRUNCATE gold.pqr_case", DENIED);
        assertState(st, "DELETE FROM control.runs", DENIED);
        assertState(st, "SET ROLE \"" + TestLakehouse.USER + "\"", DENIED);
        assertState(st, "SET ROLE pqr_writer", DENIED);
      }
    }
  }

  @Test
  void writerUpsertsGoldButCannotDropOrReadWhatItDoesNotNeed() throws Exception {
    fillGoldAsWriter();
    addTenant(tenantA);
    long casesBefore = ownerCount("SELECT count(*) FROM gold.pqr_case");
    try (Connection c = login("pqr_writer")) {
      // Upserting the same events again (a redelivery) leaves Gold as it was.
      GoldStore.apply(c, events(), "run-again");
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        assertThat(count(st, "SELECT count(*) FROM gold.pqr_case")).isEqualTo(casesBefore);
        assertThat(count(st, "SELECT count(*) FROM gold.pqr_case WHERE last_run_id = 'run-again'"))
            .isEqualTo(casesBefore);
        st.execute("INSERT INTO control.runs (run_id, job, mode, status, run_seq, input_range, started_at, committed_at,"
            + " records_in, records_valid, records_quarantined, records_deduplicated, records_silver, snapshot_ids,"
            + " code_version) VALUES ('r1', 'j', 'backfill', 'committed', 1, '{}', now(), now(), 0, 0, 0, 0, 0, '[]', 'v')");
        assertThat(count(st, "SELECT count(*) FROM iceberg.iceberg_tables")).isPositive();
        assertThat(count(st, "SELECT count(*) FROM control.models")).isZero();
        for (String table : GOLD) {
          assertState(st, "DROP TABLE gold." + table, DENIED);
          assertState(st, "TRUNCATE gold." + table, DENIED);
          assertState(st, "ALTER TABLE gold." + table + " NO FORCE ROW LEVEL SECURITY", DENIED);
        }
        assertState(st, "DROP TABLE control.runs", DENIED);
        assertState(st, "DELETE FROM control.runs", DENIED);
        assertState(st, "DROP TABLE iceberg.iceberg_tables", DENIED);
        assertState(st, "CREATE TABLE gold.extra (x int)", DENIED);
        assertState(st, "SELECT count(*) FROM control.tenant_readers", DENIED);
        assertState(st, "SELECT count(*) FROM control.flyway_schema_history", DENIED);
        assertState(st, "INSERT INTO control.models (model_version, created_at, training_digest, training_examples,"
            + " algorithm, artifact_path) VALUES ('m', now(), 'd', 1, 'a', 'p')", DENIED);
        assertState(st, "SET ROLE \"" + TestLakehouse.USER + "\"", DENIED);
      }
    }
    try (Connection c = ownerConnection(); Statement st = c.createStatement()) {
      for (String table : GOLD) {
        assertThat(rows(st, "SELECT relrowsecurity || ',' || relforcerowsecurity FROM pg_class"
            + " WHERE oid = 'gold." + table + "'::regclass")).as(table).containsExactly("true,true");
      }
    }
  }

  /**
   * Guards later migrations: a Gold table without FORCEd row-level security and the four policies, or a view
   * (which reads with its owner's rights), would show tenant readers every tenant's rows.
   */
  @Test
  void everyGoldRelationIsATableWithForcedRowLevelSecurityAndTheFourPolicies() throws Exception {
    try (Connection c = ownerConnection(); Statement st = c.createStatement()) {
      assertThat(rows(st, "SELECT c.relname || ':' || c.relkind::text || ':' || c.relrowsecurity || ':' || c.relforcerowsecurity"
          + " || ':' || (SELECT string_agg(p.polname, ',' ORDER BY p.polname) FROM pg_policy p WHERE p.polrelid = c.oid)"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = 'gold' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY 1"))
          .allSatisfy(row -> assertThat(row).endsWith(":r:true:true:analyst_read,owner_all,tenant_read,writer_all"))
          .extracting(row -> row.substring(0, row.indexOf(':'))).contains(GOLD);
    }
  }

  @Test
  void tenantAddIsIdempotentRefusesToRemapARoleAndNeedsCreateRole() throws Exception {
    String role = addTenant(tenantA);
    assertThat(addTenant(tenantA)).isEqualTo(role);

    Path pw = secretFile("pw-b");
    Cli remap = cli("tenant", "add", tenantB, "--role", role, "--password-file", pw.toString(), "--pg-url", owner.pgUrl());
    assertThat(remap.exit()).isEqualTo(2);
    assertThat(remap.err().strip()).isEqualTo("pqr-lakehouse tenant add: role " + role + " already reads tenant " + tenantA
        + "; choose another --role");

    Cli noCreateRole = cli("tenant", "add", tenantC, "--pg-url", owner.pgUrl(), "--pg-user", "pqr_writer",
        "--password-file", pw.toString());
    assertThat(noCreateRole.exit()).isEqualTo(2);
    assertThat(noCreateRole.err().strip()).isEqualTo("pqr-lakehouse tenant add: tenant add needs CREATEROLE on the Postgres"
        + " role pqr_writer (tenant roles are cluster-wide): run scripts/ensure-postgres.sh, or ALTER ROLE pqr_writer"
        + " CREATEROLE as a superuser");
  }

  @Test
  void tenantAddWithoutAPasswordGeneratesOnePrintedOnce() throws Exception {
    String role = "pqr_it_gen_" + suffix;
    rolesToDrop.add(role);
    Cli r = cli("tenant", "add", tenantA, "--role", role, "--pg-url", owner.pgUrl());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).startsWith("password (generated, shown only now;");
    String password = lines.get(2).substring(lines.get(2).lastIndexOf(' ') + 1);
    assertThat(password).hasSize(32);
    try (Connection c = DriverManager.getConnection(owner.pgUrl(), role, password)) {
      assertThat(c.isValid(2)).isTrue();
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** Adds a tenant through the CLI with a password file and returns its role; checks what it prints. */
  private String addTenant(String tenant) throws Exception {
    String role = "pqr_tenant_" + tenant.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (!rolesToDrop.contains(role)) {
      rolesToDrop.add(role);
    }
    Path pw = secretFile("pw-" + role);
    Cli r = cli("tenant", "add", tenant, "--password-file", pw.toString(), "--pg-url", owner.pgUrl());
    assertThat(r.exit()).as(r.err()).isZero();
    String host = owner.pgUrl().replaceFirst("^jdbc:postgresql://", "").replaceFirst("/.*$", "");
    assertThat(r.out().lines().toList()).containsExactly(
        "tenant " + tenant + ": reader role " + role
            + " (LOGIN, member of nothing; row-level security shows it only this tenant's Gold rows)",
        "Grafana datasource: type postgres, host " + host + ", database " + database + ", user " + role
            + ", schema gold",
        "password: the one in " + pw.toAbsolutePath() + " (give Grafana the same, e.g. through its environment)");
    assertThat(r.out()).doesNotContain(Files.readString(pw).strip());
    return role;
  }

  private Path secretFile(String name) throws Exception {
    Path f = dir.resolve(name);
    if (!Files.exists(f)) {
      Files.writeString(f, "s3cret-" + UUID.randomUUID() + "\n");
    }
    return f;
  }

  private void assertOnlyOwnRows(Statement st, String tenant) throws SQLException {
    for (String table : GOLD) {
      long own = ownerCount("SELECT count(*) FROM gold." + table + " WHERE tenant_id = '" + tenant.replace("'", "''") + "'");
      assertThat(own).as("owner's rows of " + tenant + " in " + table).isPositive();
      assertThat(count(st, "SELECT count(*) FROM gold." + table)).as(table).isEqualTo(own);
      assertThat(count(st, "SELECT count(*) FROM gold." + table + " WHERE tenant_id <> '"
          + tenant.replace("'", "''") + "'")).as("foreign rows in " + table).isZero();
    }
  }

  private void assertRoleIsolated(String role) throws SQLException {
    try (Connection c = ownerConnection(); Statement st = c.createStatement()) {
      assertThat(rows(st, "SELECT rolcanlogin || ',' || rolinherit || ',' || rolsuper || ',' || rolcreaterole || ','"
          + " || rolcreatedb || ',' || rolbypassrls FROM pg_roles WHERE rolname = '" + role + "'"))
          .containsExactly("true,false,false,false,false,false");
      assertThat(count(st, "SELECT count(*) FROM pg_auth_members WHERE member = '" + role + "'::regrole")).isZero();
    }
  }

  /** Gold for three tenants, written as the pipeline's writer through GoldStore. */
  private void fillGoldAsWriter() throws Exception {
    try (Connection c = login("pqr_writer")) {
      GoldStore.apply(c, events(), "run-1");
    }
  }

  private List<SilverEvent> events() {
    List<SilverEvent> out = new ArrayList<>();
    int n = 0;
    int cases = 2;
    for (String tenant : new String[] {tenantA, tenantB, tenantC}) {
      cases++;
      for (int i = 0; i < cases; i++) {
        Instant filed = Instant.parse("2026-10-01T15:00:00Z").plus(Duration.ofDays(i));
        out.add(event(tenant, "R-" + i, "RADICADA", filed, ++n));
        if (i % 2 == 0) {
          out.add(event(tenant, "R-" + i, "RESPONDIDA", filed.plus(Duration.ofDays(10)), ++n));
        }
      }
    }
    return out;
  }

  private static SilverEvent event(String tenant, String pqr, String type, Instant time, int n) {
    SilverEvent e = new SilverEvent();
    e.eventId = String.format("00000000-0000-4000-8000-%012d", n);
    e.eventType = type;
    e.eventTime = time;
    e.eventDate = LocalDate.ofInstant(time, java.time.ZoneOffset.UTC);
    e.tenantId = tenant;
    e.pqrId = pqr;
    if (type.equals("RADICADA")) {
      e.channel = "WEB";
      e.pqrType = "PETICION";
      e.filedDate = e.eventDate;
      e.termBusinessDays = 15;
      e.dueDate = e.eventDate.plusDays(21);
      e.category = "SERVICIOS_PUBLICOS";
      e.sentiment = "NEGATIVO";
      e.urgency = "ALTA";
      e.modelVersion = "m1";
    }
    return e;
  }

  private record Cli(int exit, String out, String err) {}

  private static Cli cli(String... args) {
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.io.StringWriter err = new java.io.StringWriter();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      picocli.CommandLine cl = PqrLakehouse.commandLine();
      cl.setErr(new java.io.PrintWriter(err, true));
      int exit = cl.execute(args);
      return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(oldOut);
    }
  }

  private static void assertState(Statement st, String sql, String sqlState) {
    assertThatThrownBy(() -> st.execute(sql)).as(sql)
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).as(sql + ": " + e.getMessage())
            .isEqualTo(sqlState));
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> rows(Statement st, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private long ownerCount(String sql) throws SQLException {
    try (Connection c = ownerConnection(); Statement st = c.createStatement()) {
      return count(st, sql);
    }
  }

  private Connection ownerConnection() throws SQLException {
    return DriverManager.getConnection(owner.pgUrl(), owner.pgUser(), owner.pgPassword());
  }

  private Connection login(String role) throws SQLException {
    Path pw = dir.resolve("pw-" + role);
    String password;
    try {
      password = Files.exists(pw) ? Files.readString(pw).strip() : role;
    } catch (java.io.IOException e) {
      throw new SQLException(e);
    }
    return DriverManager.getConnection(owner.pgUrl(), role, password);
  }

  private static Connection admin() throws SQLException {
    return DriverManager.getConnection(TestLakehouse.ADMIN_URL, TestLakehouse.USER, TestLakehouse.PASSWORD);
  }
}
