package co.pqr.lakehouse.run;

import java.util.HashMap;
import java.util.Map;

/** What a run has committed so far, accumulated by the committer until the run closes. */
public class RunTally {
  public String runId;
  public int runSeq;
  public long recordsIn;
  public long firstSeenMs = Long.MAX_VALUE;
  public Map<String, Long> fromOffsets = new HashMap<>();
  public Map<String, Long> toOffsets = new HashMap<>();
  /** table name -> records committed. */
  public Map<String, Long> committedRecords = new HashMap<>();
  /** table name -> id of the run's last snapshot in that table. */
  public Map<String, Long> snapshotIds = new HashMap<>();

  public RunTally() {}

  public RunTally(String runId, int runSeq) {
    this.runId = runId;
    this.runSeq = runSeq;
  }

  public long committed(String table) {
    return committedRecords.getOrDefault(table, 0L);
  }
}
