package co.pqr.lakehouse.lake;

import java.util.HashMap;
import java.util.Map;

/**
 * What one parallel subtask hands the single committer at a checkpoint barrier (or at the end of a
 * bounded input): either the data files it wrote for a table since the previous barrier, or — from
 * the run stamper — the count and source offsets of the records it let in.
 */
public class CommitPart {
  public static final String STATS = "stats";
  /** Checkpoint id used for parts emitted at the end of a bounded input. */
  public static final long END_OF_INPUT = Long.MAX_VALUE;

  /** {@link #STATS} or the Iceberg table name ("bronze.pqr_events", ...). */
  public String table;
  public String runId;
  public int runSeq;
  public long checkpointId;
  public int subtask;
  public long records;
  /** {@link RowDigest} sum of the rows in the files (upper and lower 64 bits); zero for stats. */
  public long digestHi;
  public long digestLo;
  /** Java-serialised Iceberg WriteResult; null for stats. */
  public byte[] writeResult;
  /** "topic/partition" -> lowest offset seen; stats only. */
  public Map<String, Long> fromOffsets = new HashMap<>();
  /** "topic/partition" -> highest offset seen; stats only. */
  public Map<String, Long> toOffsets = new HashMap<>();
  public long firstSeenMs;

  public CommitPart() {}

  public boolean isStats() {
    return STATS.equals(table);
  }
}
