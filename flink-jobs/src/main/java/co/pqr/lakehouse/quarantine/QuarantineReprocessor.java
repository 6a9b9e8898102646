package co.pqr.lakehouse.quarantine;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Jdbc;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.schema.PqrEventValidator;
import co.pqr.lakehouse.schema.ValidationOutcome;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Lists quarantined records by reason and moves those the current contract accepts into the
 * pipeline, exactly once.
 *
 * <p>A reprocess re-validates every quarantined record of one reason code with today's validator
 * (today's contract and {@code --max-payload-bytes}). The now-valid ones run through the normal
 * pipeline as one bounded run of mode {@code reprocess} (a {@code control.runs} row like any
 * backfill's; Silver appends only event ids it does not have, and Gold is recomputed from Silver).
 * Once the run has committed, their source coordinates go to {@code control.quarantine_reprocessed},
 * so a later reprocess skips them. Should the command die between the run's commit and that insert,
 * the next reprocess finds the coordinates in Bronze, marks them and does not move them again. A
 * record that is still invalid stays in quarantine; the report gives its current reason.
 */
public final class QuarantineReprocessor {

  /** One reason code's quarantined records. */
  public record Group(String reasonCode, long records, long reprocessed, Instant firstSeen, Instant lastSeen,
      Map<String, Long> topReasons) {}

  /**
   * What a reprocess did (or, for a dry run, would do).
   *
   * @param candidates distinct quarantined records of the reason code
   * @param alreadyMoved of those, moved by an earlier reprocess (or found in Bronze)
   * @param nowValid records the current contract accepts (moved unless dry run)
   * @param stillInvalid current reason code and reason -> records
   * @param runId the reprocess run, null for a dry run or when nothing was moved
   */
  public record Result(int candidates, int alreadyMoved, int nowValid, Map<String, Long> stillInvalid, String runId,
      boolean dryRun) {}

  private final PipelineSettings settings;

  public QuarantineReprocessor(PipelineSettings settings) {
    this.settings = settings;
  }

  /** Every quarantined record, grouped by reason code, most frequent first. */
  public List<Group> list() throws Exception {
    Set<String> reprocessed = reprocessedCoordinates();
    Map<String, List<QuarantinedRecord>> byCode = new TreeMap<>();
    for (QuarantinedRecord q : read(null)) {
      byCode.computeIfAbsent(q.reasonCode(), c -> new ArrayList<>()).add(q);
    }
    List<Group> groups = new ArrayList<>();
    byCode.forEach((code, rows) -> {
      Instant first = rows.stream().map(QuarantinedRecord::quarantinedAt).min(Instant::compareTo).orElseThrow();
      Instant last = rows.stream().map(QuarantinedRecord::quarantinedAt).max(Instant::compareTo).orElseThrow();
      long moved = rows.stream().filter(q -> reprocessed.contains(q.coordinates())).count();
      Map<String, Long> reasons = new TreeMap<>();
      rows.forEach(q -> reasons.merge(q.reason(), 1L, Long::sum));
      Map<String, Long> top = new LinkedHashMap<>();
      reasons.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(3)
          .forEach(e -> top.put(e.getKey(), e.getValue()));
      groups.add(new Group(code, rows.size(), moved, first, last, top));
    });
    groups.sort((a, b) -> Long.compare(b.records(), a.records()));
    return groups;
  }

  /** Re-validates the records quarantined with {@code reasonCode} and moves the valid ones once. */
  public Result reprocess(String reasonCode, boolean dryRun, byte[] pseudonymKey) throws Exception {
    if (dryRun) {
      return reprocessLocked(reasonCode, true, pseudonymKey);
    }
    // One reprocess at a time per lakehouse: two at once could both move the same records.
    try (Connection lock = connect(); PreparedStatement ps = lock.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, LOCK_KEY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          throw new IllegalStateException("another quarantine reprocess is running on this database; try again when it"
              + " has finished");
        }
      }
      return reprocessLocked(reasonCode, false, pseudonymKey);
      // closing the session releases the advisory lock
    }
  }

  /** Advisory lock key of {@code quarantine reprocess} (any fixed number other commands do not use). */
  private static final long LOCK_KEY = 0x5051_5251_0008L;

  private Result reprocessLocked(String reasonCode, boolean dryRun, byte[] pseudonymKey) throws Exception {
    // Distinct source coordinates: replays of the same input quarantine the same record more than once.
    Map<String, QuarantinedRecord> candidates = new TreeMap<>();
    for (QuarantinedRecord q : read(reasonCode)) {
      candidates.putIfAbsent(q.coordinates(), q);
    }
    Set<String> done = reprocessedCoordinates();
    List<QuarantinedRecord> open = new ArrayList<>();
    for (QuarantinedRecord q : candidates.values()) {
      if (!done.contains(q.coordinates())) {
        open.add(q);
      }
    }
    Set<String> inBronze = bronzeCoordinates(open);
    List<QuarantinedRecord> foundInBronze = open.stream().filter(q -> inBronze.contains(q.coordinates())).toList();
    open.removeAll(foundInBronze);

    PqrEventValidator validator = new PqrEventValidator(settings.maxPayloadBytes());
    List<QuarantinedRecord> valid = new ArrayList<>();
    Map<String, Long> stillInvalid = new TreeMap<>();
    for (QuarantinedRecord q : open) {
      ValidationOutcome outcome = validator.validate(q.payload(), q.sourceTimestamp());
      if (outcome.valid()) {
        valid.add(q);
      } else {
        stillInvalid.merge(outcome.code() + ": " + outcome.reason(), 1L, Long::sum);
      }
    }
    int already = candidates.size() - open.size();
    if (dryRun) {
      return new Result(candidates.size(), already, valid.size(), stillInvalid, null, true);
    }
    if (!foundInBronze.isEmpty()) {
      mark(foundInBronze, "found-in-bronze");
    }
    String runId = null;
    if (!valid.isEmpty()) {
      List<InputRecord> inputs = valid.stream().map(QuarantinedRecord::toInput).toList();
      PipelineLauncher.prepareStorage(settings);
      PipelineLauncher.Launched launched = PipelineLauncher.launch(settings, new QuarantineInput(reasonCode, inputs),
          "reprocess", pseudonymKey, false);
      launched.client().getJobExecutionResult().get();
      runId = runOf(launched.jobInstance());
      mark(valid, runId);
    }
    return new Result(candidates.size(), already, valid.size(), stillInvalid, runId, false);
  }

  private List<QuarantinedRecord> read(String reasonCode) throws Exception {
    List<QuarantinedRecord> out = new ArrayList<>();
    try (JdbcCatalog catalog = LakehouseCatalog.open(settings.catalog())) {
      Table table = catalog.loadTable(LakehouseTables.QUARANTINE);
      if (table.currentSnapshot() == null) {
        return out;
      }
      IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table);
      if (reasonCode != null) {
        scan = scan.where(Expressions.equal("reason_code", reasonCode));
      }
      try (CloseableIterable<Record> rows = scan.build()) {
        for (Record r : rows) {
          out.add(new QuarantinedRecord((String) r.getField("source_topic"), (Integer) r.getField("source_partition"),
              (Long) r.getField("source_offset"), ((OffsetDateTime) r.getField("source_timestamp")).toInstant(),
              bytes(r.getField("record_key")), bytes(r.getField("payload")), (String) r.getField("reason_code"),
              (String) r.getField("reason"), (String) r.getField("run_id"),
              ((OffsetDateTime) r.getField("quarantined_at")).toInstant()));
        }
      }
    }
    return out;
  }

  private static byte[] bytes(Object value) {
    if (value == null) {
      return null;
    }
    ByteBuffer b = ((ByteBuffer) value).duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Coordinates among {@code records} that Bronze already holds. */
  private Set<String> bronzeCoordinates(List<QuarantinedRecord> records) throws Exception {
    Set<String> out = new HashSet<>();
    if (records.isEmpty()) {
      return out;
    }
    Set<String> wanted = new HashSet<>();
    Set<String> topics = new TreeSet<>();
    for (QuarantinedRecord q : records) {
      wanted.add(q.coordinates());
      topics.add(q.topic());
    }
    try (JdbcCatalog catalog = LakehouseCatalog.open(settings.catalog())) {
      Table bronze = catalog.loadTable(LakehouseTables.BRONZE);
      if (bronze.currentSnapshot() == null) {
        return out;
      }
      try (CloseableIterable<Record> rows = IcebergGenerics.read(bronze)
          .select("source_topic", "source_partition", "source_offset")
          .where(Expressions.in("source_topic", topics.toArray()))
          .build()) {
        for (Record r : rows) {
          String c = r.getField("source_topic") + "/" + r.getField("source_partition") + "/" + r.getField("source_offset");
          if (wanted.contains(c)) {
            out.add(c);
          }
        }
      }
    }
    return out;
  }

  private Set<String> reprocessedCoordinates() throws SQLException {
    Set<String> out = new HashSet<>();
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT source_topic, source_partition, source_offset FROM control.quarantine_reprocessed")) {
      while (rs.next()) {
        out.add(rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getLong(3));
      }
    }
    return out;
  }

  private void mark(List<QuarantinedRecord> records, String runId) throws SQLException {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO control.quarantine_reprocessed"
        + " (source_topic, source_partition, source_offset, reason_code, run_id, reprocessed_at) VALUES (?,?,?,?,?,?)"
        + " ON CONFLICT DO NOTHING")) {
      c.setAutoCommit(false);
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      for (QuarantinedRecord q : records) {
        ps.setString(1, q.topic());
        ps.setInt(2, q.partition());
        ps.setLong(3, q.offset());
        ps.setString(4, q.reasonCode());
        ps.setString(5, runId);
        ps.setObject(6, now);
        ps.addBatch();
      }
      ps.executeBatch();
      c.commit();
    }
  }

  private String runOf(String jobInstance) throws SQLException {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT run_id FROM control.runs WHERE run_id LIKE ? ORDER BY run_seq")) {
      ps.setString(1, jobInstance + "-%");
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("the reprocess job " + jobInstance + " finished without a control.runs row");
        }
        return rs.getString(1);
      }
    }
  }

  private Connection connect() throws SQLException {
    return Jdbc.connect(settings.pgUrl(), settings.pgUser(), settings.pgPassword());
  }
}
