package co.pqr.lakehouse.producer;

import java.time.Duration;
import java.util.Objects;

/**
 * Outcome of one {@link PqrProducer} send.
 *
 * @param records records handed to the Kafka producer
 * @param acknowledged records the broker acknowledged (acks=all)
 * @param failed records that failed (send threw, or the broker reported an error)
 * @param bytes total bytes of the record values handed over
 * @param elapsed wall time from the first send to the end of the final flush
 * @param interrupted whether the sending thread was interrupted and stopped early (what had been
 *     handed over was still flushed)
 * @param firstError the first failure's message, or null
 */
public record ProduceStats(
    long records,
    long acknowledged,
    long failed,
    long bytes,
    Duration elapsed,
    boolean interrupted,
    String firstError) {

  public ProduceStats {
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** Records handed over per second, over the whole send. */
  public double ratePerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? records : records / seconds;
  }

  /** Whether every record was acknowledged and nothing failed or was cut short. */
  public boolean ok() {
    return failed == 0 && !interrupted && acknowledged == records;
  }
}
