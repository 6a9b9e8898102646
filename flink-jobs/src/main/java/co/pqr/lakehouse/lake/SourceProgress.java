package co.pqr.lakehouse.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * How far a stream's input is committed, kept in the Iceberg snapshot summaries it writes. A stream
 * "lineage" is one logical consumer of one input (its source description: topic and consumer group
 * or range): executions of the same stream, including one restored from an older checkpoint or a
 * savepoint, share it. Each Bronze and quarantine commit records the highest source offset per
 * partition of the checkpoints committed so far ({@link #HIGH_WATER_PROPERTY}): every record of the
 * lineage at or below it is committed in both tables, so a restored execution skips those records
 * instead of writing them a second time.
 */
public final class SourceProgress {
  public static final String LINEAGE_PROPERTY = "pqr.source-lineage";
  public static final String HIGH_WATER_PROPERTY = "pqr.source-high-water";
  /** The run's records in (from the run stamper) counted up to this commit, cumulative. */
  public static final String RUN_RECORDS_IN_PROPERTY = "pqr.run-records-in";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SourceProgress() {}

  /** "topic/partition" -> highest committed offset of the lineage over the tables' histories. */
  public static Map<String, Long> highWater(Iterable<Table> tables, String lineage) {
    Map<String, Long> out = new TreeMap<>();
    for (Table t : tables) {
      for (Snapshot s : t.snapshots()) {
        if (lineage.equals(s.summary().get(LINEAGE_PROPERTY))) {
          parse(s.summary().get(HIGH_WATER_PROPERTY)).forEach((tp, o) -> out.merge(tp, o, Math::max));
        }
      }
    }
    return out;
  }

  static String format(Map<String, Long> highWater) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(highWater));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Long> parse(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<TreeMap<String, Long>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bad " + HIGH_WATER_PROPERTY + " in a snapshot summary: " + json, e);
    }
  }
}
