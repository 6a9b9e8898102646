package co.pqr.lakehouse.io;

/**
 * One input record exactly as received: the source coordinates and the raw bytes, plus the run it
 * was assigned to once it entered the pipeline. Kafka records, JSONL lines ({@code file:} topics,
 * partition 0, offset = line number) and Raw archive rows all arrive in this shape.
 */
public class InputRecord implements RunTagged {
  public String topic;
  public int partition;
  public long offset;
  public long timestampMs;
  public byte[] key;
  public byte[] value;
  public String runId;
  public int runSeq;

  public InputRecord() {}

  public InputRecord(String topic, int partition, long offset, long timestampMs, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestampMs = timestampMs;
    this.key = key;
    this.value = value;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public int runSeq() {
    return runSeq;
  }
}
