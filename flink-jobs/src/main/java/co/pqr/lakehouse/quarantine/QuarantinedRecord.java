package co.pqr.lakehouse.quarantine;

import co.pqr.lakehouse.io.InputRecord;
import java.time.Instant;

/** One row of {@code bronze.pqr_quarantine}: a record as received, and why it was refused. */
public record QuarantinedRecord(String topic, int partition, long offset, Instant sourceTimestamp, byte[] key,
    byte[] payload, String reasonCode, String reason, String runId, Instant quarantinedAt) {

  /** Source coordinates: what makes a record the same record across runs. */
  public String coordinates() {
    return topic + "/" + partition + "/" + offset;
  }

  public InputRecord toInput() {
    return new InputRecord(topic, partition, offset, sourceTimestamp.toEpochMilli(), key, payload);
  }
}
