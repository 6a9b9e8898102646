package co.pqr.lakehouse.lake;

import co.pqr.lakehouse.db.Jdbc;
import co.pqr.lakehouse.iceberg.CatalogSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a stream's input is committed ({@code control.source_progress}). A stream "lineage" is
 * one logical consumer of one input: its source description plus the Kafka topic's id, so a topic
 * deleted and created again under the same name is a new lineage. Executions of the same stream
 * (restarts, restores from an older checkpoint or a savepoint) share it. The committer advances the
 * high-water mark per partition after every table's commits up to a completed checkpoint succeeded:
 * every record of the lineage at or below it is in the lakehouse, so a restored execution skips it
 * ({@link co.pqr.lakehouse.io.ReplayGuard}). Commits also carry the lineage in their snapshot
 * summary ({@link #LINEAGE_PROPERTY}) so a later execution can close runs an earlier one left open.
 */
public final class SourceProgress {
  public static final String LINEAGE_PROPERTY = "pqr.source-lineage";

  private SourceProgress() {}

  /** "topic/partition" -> highest committed offset of the lineage. */
  public static Map<String, Long> highWater(CatalogSettings s, String lineage) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = Jdbc.connect(s.pgUrl(), s.pgUser(), s.pgPassword());
        PreparedStatement ps = c.prepareStatement(
            "SELECT topic, partition, high_water FROM control.source_progress WHERE lineage = ?")) {
      ps.setString(1, lineage);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1) + "/" + rs.getInt(2), rs.getLong(3));
        }
      }
    }
    return out;
  }

  /** Raises the lineage's high-water marks to {@code offsets} ("topic/partition" -> offset); never lowers one. */
  public static void advance(CatalogSettings s, String lineage, Map<String, Long> offsets) throws SQLException {
    try (Connection c = Jdbc.connect(s.pgUrl(), s.pgUser(), s.pgPassword());
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO control.source_progress (lineage, topic, partition, high_water) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (lineage, topic, partition) DO UPDATE SET"
                + " high_water = GREATEST(control.source_progress.high_water, EXCLUDED.high_water), updated_at = now()")) {
      for (Map.Entry<String, Long> e : offsets.entrySet()) {
        int slash = e.getKey().lastIndexOf('/');
        ps.setString(1, lineage);
        ps.setString(2, e.getKey().substring(0, slash));
        ps.setInt(3, Integer.parseInt(e.getKey().substring(slash + 1)));
        ps.setLong(4, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
