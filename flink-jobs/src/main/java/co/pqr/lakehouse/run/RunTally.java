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
  /** table name -> {@link co.pqr.lakehouse.lake.RowDigest} sum (hex) of the rows committed. */
  public Map<String, String> contentDigests = new HashMap<>();

  public RunTally() {}

  public RunTally(String runId, int runSeq) {
    this.runId = runId;
    this.runSeq = runSeq;
  }

  public long committed(String table) {
    return committedRecords.getOrDefault(table, 0L);
  }

  public co.pqr.lakehouse.lake.RowDigest.Sum digest(String table) {
    String hex = contentDigests.get(table);
    return hex == null ? co.pqr.lakehouse.lake.RowDigest.Sum.ZERO : co.pqr.lakehouse.lake.RowDigest.Sum.parse(hex);
  }

  public void addDigest(String table, co.pqr.lakehouse.lake.RowDigest.Sum sum) {
    contentDigests.put(table, digest(table).plus(sum).hex());
  }
}
