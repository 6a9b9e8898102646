package co.pqr.lakehouse.producer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Kafka record as the generator wants it sent.
 *
 * @param key the record key: the event's {@code pqr_id}; for a malformed record the pqr_id of the
 *     event it was derived from, or {@code null} for some of the non-JSON garbage
 * @param value the record value, exactly the bytes to send (UTF-8 JSON for valid events)
 * @param eventTime when the event happened; for a malformed record, the time of the event it was
 *     derived from (the bytes may carry a broken or missing time). Never after the generator's end.
 * @param malformed whether the value deliberately breaks the v1 contract
 */
public record ProducedRecord(String key, byte[] value, Instant eventTime, boolean malformed) {

  public ProducedRecord {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(eventTime, "eventTime");
  }

  /** The value decoded as UTF-8 (lossy for the deliberately invalid-UTF-8 records). */
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProducedRecord other
        && malformed == other.malformed
        && Objects.equals(key, other.key)
        && Arrays.equals(value, other.value)
        && eventTime.equals(other.eventTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(value), eventTime, malformed);
  }

  @Override
  public String toString() {
    String text = valueAsString();
    return "ProducedRecord[key=" + key + ", eventTime=" + eventTime + ", malformed=" + malformed
        + ", value=" + (text.length() > 120 ? text.substring(0, 120) + "…" : text) + "]";
  }
}
