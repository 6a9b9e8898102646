package co.pqr.lakehouse.ops;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Database;
import co.pqr.lakehouse.lake.RowDigest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * One run's row of {@code control.runs}, as the operations commands (time travel, replay, KPI diff)
 * need it. {@link #load} fails with one clear message for a run id that is not there.
 */
public record RunRecord(String runId, String mode, int runSeq, JsonNode inputRange, Instant startedAt,
    Instant committedAt, JsonNode snapshotIds, JsonNode contentDigest, Long silverSnapshotAtStart,
    String modelVersion, String shadowModelVersion) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The run's digest of one table as recorded at commit time: rows and sum; null for runs recorded before V6. */
  public record TableDigest(long rows, RowDigest.Sum digest) {}

  public static RunRecord load(PipelineSettings s, String runId) throws SQLException, IOException {
    String sql = "SELECT run_id, mode, run_seq, input_range::text, started_at, committed_at, snapshot_ids::text,"
        + " content_digest::text, silver_snapshot_at_start, model_version, shadow_model_version"
        + " FROM control.runs WHERE run_id = ?";
    try (Connection c = Database.connect(s); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("no run '" + runId + "' in control.runs of " + s.pgUrl()
              + " (pqr-lakehouse runs lists the recorded runs)");
        }
        Long start = rs.getObject(9) == null ? null : rs.getLong(9);
        return new RunRecord(rs.getString(1), rs.getString(2), rs.getInt(3), JSON.readTree(rs.getString(4)),
            rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6, OffsetDateTime.class).toInstant(),
            JSON.readTree(rs.getString(7)), rs.getString(8) == null ? null : JSON.readTree(rs.getString(8)),
            start, rs.getString(10), rs.getString(11));
      }
    }
  }

  /** The job instance the run belongs to: its id without the trailing {@code -NNNNN} sequence. */
  public String jobInstance() {
    int dash = runId.lastIndexOf('-');
    return dash < 0 ? runId : runId.substring(0, dash);
  }

  /** The digests recorded at commit time, by table name; empty for runs recorded before they were. */
  public Map<String, TableDigest> recordedDigests() {
    Map<String, TableDigest> out = new HashMap<>();
    if (contentDigest != null) {
      contentDigest.fields().forEachRemaining(e -> out.put(e.getKey(),
          new TableDigest(e.getValue().path("rows").asLong(), RowDigest.Sum.parse(e.getValue().path("digest").asText()))));
    }
    return out;
  }

  /** What the run read: {@code kafka:...}, {@code jsonl:/path}, {@code raw:FROM..TO}. */
  public String input() {
    return inputRange.path("input").asText();
  }
}
