package co.pqr.lakehouse.producer;

/**
 * Receives the progress of {@link PqrProducer} about once a second while it sends, and once more
 * after the final flush.
 */
@FunctionalInterface
public interface ProgressListener {

  /**
   * @param sent records handed to the Kafka producer so far
   * @param ratePerSecond records per second since the previous call (in the final call: the
   *     average over the whole send)
   */
  void onProgress(long sent, double ratePerSecond);

  /** A listener that ignores progress. */
  static ProgressListener none() {
    return (sent, rate) -> { };
  }
}
