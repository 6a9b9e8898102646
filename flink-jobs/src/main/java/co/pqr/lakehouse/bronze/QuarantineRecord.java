package co.pqr.lakehouse.bronze;

import co.pqr.lakehouse.io.RunTagged;
import java.time.Instant;

/** A record that failed the contract, kept whole with the reason. */
public class QuarantineRecord implements RunTagged {
  public String sourceTopic;
  public int sourcePartition;
  public long sourceOffset;
  public Instant sourceTimestamp;
  public byte[] recordKey;
  public byte[] payload;
  public String reasonCode;
  public String reason;
  public String runId;
  public int runSeq;
  public Instant quarantinedAt;

  public QuarantineRecord() {}

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public int runSeq() {
    return runSeq;
  }
}
