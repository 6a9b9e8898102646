package co.pqr.lakehouse.erasure;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Database;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.run.CodeVersion;
import co.pqr.lakehouse.silver.privacy.Pseudonymizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The right to erasure (Ley 1581 de 2012, art. 8 and 15) for one citizen of one tenant: makes the
 * citizen's records unrecoverable in Raw, Bronze, quarantine and Silver, including old Iceberg snapshots,
 * recomputes the tenant's Gold without them, and records the erasure in {@code control.erasures} (by
 * pseudonym token, never by document number).
 *
 * <p>Order: (1) collect the citizen's cases from every layer; (2) rewrite the Raw files; (3) copy-on-write
 * Bronze, quarantine and Silver ({@link TableEraser}); (4) rebuild the tenant's Gold from the remaining
 * Silver ({@link GoldRecompute}); (5) expire every older snapshot and remove unreferenced files
 * ({@link SnapshotPurge}); (6) write the audit row. Each step is idempotent: an erasure interrupted half
 * way is completed by running it again. Only one erasure runs at a time (a Postgres advisory lock); the
 * pipeline should be stopped while it runs (see the README's "Right to erasure").
 */
public final class CitizenErasure {
  private static final Pattern TENANT = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final Set<String> DOCUMENT_TYPES = Set.of("CC", "CE", "TI", "NIT", "PA");

  /** What one erasure did, layer by layer. */
  public record Report(String erasureId, String tenant, String documentType, String citizenToken, int cases,
      long rawRecords, int rawFilesRewritten, long bronzeRows, long quarantineRows, long silverRows, int goldCases,
      int snapshotsExpired, int filesRemoved, Instant startedAt, Instant finishedAt) {}

  private CitizenErasure() {}

  public static Report run(PipelineSettings s, byte[] pseudonymKey, String tenant, String documentType,
      String documentNumber) throws Exception {
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException("--tenant must match [a-z0-9_-]{1,32}");
    }
    String type = documentType == null ? "" : documentType.strip().toUpperCase(Locale.ROOT);
    if (!DOCUMENT_TYPES.contains(type)) {
      throw new IllegalArgumentException("--document-type must be one of " + new java.util.TreeSet<>(DOCUMENT_TYPES));
    }
    if (documentNumber == null || documentNumber.isBlank()) {
      throw new IllegalArgumentException("--document-number is blank");
    }
    CitizenMatcher citizen = new CitizenMatcher(new Pseudonymizer(pseudonymKey), tenant, type, documentNumber);
    Instant started = Instant.now();
    // File times are compared with this; the margin covers file systems with coarse timestamps.
    long startedMillis = started.toEpochMilli() - 1000;
    String erasureId = "erasure-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
        .format(started) + "-" + UUID.randomUUID().toString().substring(0, 4);

    PipelineLauncher.prepareStorage(s);
    try (Connection c = Database.connect(s); JdbcCatalog catalog = LakehouseCatalog.open(s.catalog())) {
      lock(c);
      try {
        Table bronze = catalog.loadTable(LakehouseTables.BRONZE);
        Table quarantine = catalog.loadTable(LakehouseTables.QUARANTINE);
        Table silver = catalog.loadTable(LakehouseTables.SILVER);
        Expression ofTenant = Expressions.equal("tenant_id", tenant);

        collectCases(citizen, s, bronze, quarantine, silver, ofTenant);

        RawEraser.Result raw = RawEraser.erase(bronze.io(), s.warehouse(), citizen, startedMillis);

        Set<String> erasedEvents = new HashSet<>();
        Predicate<Record> bronzeRow = r -> citizen.matchesPayload(RawEraser.bytes(r.getField("payload")));
        TableEraser.Result b = TableEraser.erase(bronze, ofTenant, bronzeRow,
            r -> erasedEvents.add((String) r.getField("event_id")), erasureId);
        Predicate<Record> quarantineRow = r -> citizen.matchesPayload(RawEraser.bytes(r.getField("payload")));
        TableEraser.Result q = TableEraser.erase(quarantine, Expressions.alwaysTrue(), quarantineRow, r -> { },
            erasureId);
        Predicate<Record> silverRow = r -> citizen.matchesSilverRow((String) r.getField("tenant_id"),
            (String) r.getField("pqr_id"), (String) r.getField("citizen_token"), (String) r.getField("event_id"),
            erasedEvents);
        TableEraser.Result sv = TableEraser.erase(silver, ofTenant, silverRow, r -> { }, erasureId);

        int goldCases = goldCases(c, tenant, citizen.cases());
        GoldRecompute.tenant(c, silver, tenant, erasureId);

        int expired = 0;
        int removed = raw.filesDeleted();
        for (var purge : List.of(
            SnapshotPurge.purge(bronze, startedMillis, bronzeRow),
            SnapshotPurge.purge(quarantine, startedMillis, quarantineRow),
            SnapshotPurge.purge(silver, startedMillis, silverRow))) {
          expired += purge.snapshotsExpired();
          removed += purge.filesRemoved();
        }
        Report report = new Report(erasureId, tenant, type, citizen.token(), citizen.cases().size(), raw.records(),
            raw.filesRewritten(), b.rowsRemoved(), q.rowsRemoved(), sv.rowsRemoved(), goldCases, expired, removed,
            started, Instant.now());
        audit(c, report);
        return report;
      } finally {
        unlock(c);
      }
    }
  }

  /** The citizen's cases: every pqr_id of the tenant filed with their document, in any layer. */
  private static void collectCases(CitizenMatcher citizen, PipelineSettings s, Table bronze, Table quarantine,
      Table silver, Expression ofTenant) {
    forEachRow(bronze, ofTenant, r -> {
      if (citizen.isCitizen((String) r.getField("citizen_document_type"), (String) r.getField("citizen_document_number"))) {
        citizen.addCase((String) r.getField("pqr_id"));
      }
    });
    forEachRow(silver, ofTenant, r -> {
      if (citizen.token().equals(r.getField("citizen_token"))) {
        citizen.addCase((String) r.getField("pqr_id"));
      }
    });
    forEachRow(quarantine, Expressions.alwaysTrue(),
        r -> citizen.addCase(citizen.caseFiledIn(RawEraser.bytes(r.getField("payload")))));
    RawEraser.forEachPayload(bronze.io(), s.warehouse(), p -> citizen.addCase(citizen.caseFiledIn(p)));
  }

  private static void forEachRow(Table table, Expression filter, java.util.function.Consumer<Record> action) {
    table.refresh();
    if (table.currentSnapshot() == null) {
      return;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).where(filter).build()) {
      rows.forEach(action);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + table.name(), e);
    }
  }

  private static int goldCases(Connection c, String tenant, Set<String> cases) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM gold.pqr_case WHERE tenant_id = ? AND pqr_id = ANY(?::text[])")) {
      ps.setString(1, tenant);
      ps.setArray(2, c.createArrayOf("text", cases.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void lock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext('pqr-erasure'))");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      if (!rs.getBoolean(1)) {
        throw new IllegalStateException("another erasure is running on this database; wait for it to finish");
      }
    }
  }

  private static void unlock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(hashtext('pqr-erasure'))")) {
      ps.execute();
    }
  }

  private static void audit(Connection c, Report r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO control.erasures (erasure_id, tenant_id, document_type,"
        + " citizen_token, cases, raw_records, raw_files_rewritten, bronze_rows, quarantine_rows, silver_rows,"
        + " gold_cases, snapshots_expired, files_removed, started_at, finished_at, code_version)"
        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, r.erasureId());
      ps.setString(2, r.tenant());
      ps.setString(3, r.documentType());
      ps.setString(4, r.citizenToken());
      ps.setInt(5, r.cases());
      ps.setLong(6, r.rawRecords());
      ps.setInt(7, r.rawFilesRewritten());
      ps.setLong(8, r.bronzeRows());
      ps.setLong(9, r.quarantineRows());
      ps.setLong(10, r.silverRows());
      ps.setInt(11, r.goldCases());
      ps.setInt(12, r.snapshotsExpired());
      ps.setInt(13, r.filesRemoved());
      ps.setTimestamp(14, Timestamp.from(r.startedAt()));
      ps.setTimestamp(15, Timestamp.from(r.finishedAt()));
      ps.setString(16, CodeVersion.get());
      ps.executeUpdate();
    }
  }
}
