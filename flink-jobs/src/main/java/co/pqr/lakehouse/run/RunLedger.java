package co.pqr.lakehouse.run;

import co.pqr.lakehouse.iceberg.LakehouseTables;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.TreeMap;

/**
 * Writes a closed run's row into {@code control.runs}. Called only after every table's data of the
 * run has been committed; the upsert makes a repeated call after a restart harmless.
 */
public class RunLedger implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String pgUrl;
  private final String pgUser;
  private final String pgPassword;
  private final String job;
  private final String mode;
  private final String inputDescription;
  private final String modelVersion;
  private final String shadowModelVersion;
  private Long silverSnapshotAtStart;

  public RunLedger(String pgUrl, String pgUser, String pgPassword, String job, String mode, String inputDescription,
      String modelVersion, String shadowModelVersion) {
    this.modelVersion = modelVersion;
    this.shadowModelVersion = shadowModelVersion;
    this.pgUrl = pgUrl;
    this.pgUser = pgUser;
    this.pgPassword = pgPassword;
    this.job = job;
    this.mode = mode;
    this.inputDescription = inputDescription;
  }

  /** The Silver snapshot the job's de-duplication started from (null: Silver was empty); recorded for replays. */
  public RunLedger withSilverSnapshotAtStart(Long snapshotId) {
    this.silverSnapshotAtStart = snapshotId;
    return this;
  }

  public void record(RunTally run, Instant committedAt) throws SQLException {
    long valid = run.committed(LakehouseTables.BRONZE.toString());
    long quarantined = run.committed(LakehouseTables.QUARANTINE.toString());
    long silver = run.committed(LakehouseTables.SILVER.toString());
    String sql =
        "INSERT INTO control.runs (run_id, job, mode, status, run_seq, input_range, started_at, committed_at,"
            + " records_in, records_valid, records_quarantined, records_deduplicated, records_silver, snapshot_ids,"
            + " code_version, model_version, shadow_model_version, content_digest, silver_snapshot_at_start)"
            + " VALUES (?,?,?,?,?,?::jsonb,?,?,?,?,?,?,?,?::jsonb,?,?,?,?::jsonb,?)"
            + " ON CONFLICT (run_id) DO UPDATE SET status = EXCLUDED.status, input_range = EXCLUDED.input_range,"
            + " records_in = EXCLUDED.records_in, records_valid = EXCLUDED.records_valid,"
            + " records_quarantined = EXCLUDED.records_quarantined,"
            + " records_deduplicated = EXCLUDED.records_deduplicated, records_silver = EXCLUDED.records_silver,"
            + " snapshot_ids = EXCLUDED.snapshot_ids, content_digest = EXCLUDED.content_digest";
    try (Connection c = co.pqr.lakehouse.db.Jdbc.connect(pgUrl, pgUser, pgPassword);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, run.runId);
      ps.setString(2, job);
      ps.setString(3, mode);
      ps.setString(4, run.recordsIn == valid + quarantined ? "COMMITTED" : "COMMITTED_WITH_MISMATCH");
      ps.setInt(5, run.runSeq);
      ps.setString(6, inputRange(run));
      ps.setObject(7, java.time.OffsetDateTime.ofInstant(Instant.ofEpochMilli(
          run.firstSeenMs == Long.MAX_VALUE ? committedAt.toEpochMilli() : run.firstSeenMs), java.time.ZoneOffset.UTC));
      ps.setObject(8, committedAt.atOffset(java.time.ZoneOffset.UTC));
      ps.setLong(9, run.recordsIn);
      ps.setLong(10, valid);
      ps.setLong(11, quarantined);
      ps.setLong(12, valid - silver);
      ps.setLong(13, silver);
      ps.setString(14, JSON.writeValueAsString(new TreeMap<>(run.snapshotIds)));
      ps.setString(15, CodeVersion.get());
      ps.setString(16, modelVersion);
      ps.setString(17, shadowModelVersion);
      ps.setString(18, contentDigest(run));
      ps.setObject(19, silverSnapshotAtStart, java.sql.Types.BIGINT);
      ps.executeUpdate();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Which of these runs already have their row in {@code control.runs}. */
  public java.util.Set<String> recorded(java.util.Collection<String> runIds) throws SQLException {
    java.util.Set<String> out = new java.util.HashSet<>();
    if (runIds.isEmpty()) {
      return out;
    }
    try (Connection c = co.pqr.lakehouse.db.Jdbc.connect(pgUrl, pgUser, pgPassword);
        PreparedStatement ps = c.prepareStatement("SELECT run_id FROM control.runs WHERE run_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", runIds.toArray()));
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** {table: {rows, digest}} for every lakehouse table (zero rows and digest for tables the run did not write). */
  private static String contentDigest(RunTally run) throws com.fasterxml.jackson.core.JsonProcessingException {
    ObjectNode root = JSON.createObjectNode();
    for (org.apache.iceberg.catalog.TableIdentifier id
        : java.util.List.of(LakehouseTables.BRONZE, LakehouseTables.QUARANTINE, LakehouseTables.SILVER)) {
      ObjectNode t = root.putObject(id.toString());
      t.put("rows", run.committed(id.toString()));
      t.put("digest", run.digest(id.toString()).hex());
    }
    return JSON.writeValueAsString(root);
  }

  private String inputRange(RunTally run) throws com.fasterxml.jackson.core.JsonProcessingException {
    ObjectNode root = JSON.createObjectNode();
    root.put("input", inputDescription);
    ArrayNode ranges = root.putArray("ranges");
    for (String tp : new TreeMap<>(run.fromOffsets).keySet()) {
      int slash = tp.lastIndexOf('/');
      ObjectNode r = ranges.addObject();
      r.put("topic", tp.substring(0, slash));
      r.put("partition", Integer.parseInt(tp.substring(slash + 1)));
      r.put("from_offset", run.fromOffsets.get(tp));
      r.put("to_offset", run.toOffsets.get(tp));
    }
    return JSON.writeValueAsString(root);
  }
}
