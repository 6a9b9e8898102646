package co.pqr.lakehouse.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Result of validating one raw record against the PQR event contract (v1 or v2).
 *
 * <p>Valid outcome: {@code valid == true}, {@code code == OK}, {@code reason == null} and {@code
 * event} is the parsed JSON object (unknown extra fields included). Rejected outcome: {@code valid
 * == false}, {@code code} is one of the rejection codes below, {@code reason} is a human sentence
 * and {@code event} is {@code null}; the caller quarantines the original bytes with code and reason.
 *
 * @param valid whether the record satisfies the contract
 * @param code {@link #OK} or one of {@link #REJECTION_CODES}
 * @param reason why it was rejected, a clear English sentence; {@code null} when valid
 * @param event the parsed event when valid; {@code null} when rejected
 */
public record ValidationOutcome(boolean valid, String code, String reason, JsonNode event) {

  /** The record satisfies the contract. */
  public static final String OK = "OK";
  /** The record has no bytes (null or zero-length value). */
  public static final String EMPTY = "EMPTY";
  /** The record is larger than the configured maximum payload size; it was not parsed. */
  public static final String OVERSIZED = "OVERSIZED";
  /** The bytes are not well-formed UTF-8. */
  public static final String NOT_UTF8 = "NOT_UTF8";
  /**
   * The text is not exactly one JSON object (syntax error, truncated, trailing content, duplicate
   * key, top-level value that is not an object).
   */
  public static final String NOT_JSON = "NOT_JSON";
  /** The JSON object violates the JSON Schema (types, required fields, enums, patterns, formats). */
  public static final String SCHEMA = "SCHEMA";
  /**
   * event_time is before 2000-01-01T00:00:00Z or more than 24 h after the record reached the
   * pipeline.
   */
  public static final String EVENT_TIME_RANGE = "EVENT_TIME_RANGE";

  /** Every rejection code, in the order the validator checks them. */
  public static final List<String> REJECTION_CODES =
      List.of(EMPTY, OVERSIZED, NOT_UTF8, NOT_JSON, SCHEMA, EVENT_TIME_RANGE);

  public ValidationOutcome {
    Objects.requireNonNull(code, "code");
    if (valid) {
      if (!OK.equals(code)) {
        throw new IllegalArgumentException("a valid outcome has code OK, not " + code);
      }
      Objects.requireNonNull(event, "event");
      if (reason != null) {
        throw new IllegalArgumentException("a valid outcome has no reason");
      }
    } else {
      if (!REJECTION_CODES.contains(code)) {
        throw new IllegalArgumentException("unknown rejection code " + code);
      }
      Objects.requireNonNull(reason, "reason");
      if (event != null) {
        throw new IllegalArgumentException("a rejected outcome carries no event");
      }
    }
  }

  /** A valid outcome carrying the parsed event. */
  public static ValidationOutcome ok(JsonNode event) {
    return new ValidationOutcome(true, OK, null, event);
  }

  /** A rejected outcome with one of {@link #REJECTION_CODES} and a human-readable reason. */
  public static ValidationOutcome rejected(String code, String reason) {
    return new ValidationOutcome(false, code, reason, null);
  }
}
