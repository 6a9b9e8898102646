package co.pqr.lakehouse.producer;

/**
 * The ways a generated record breaks the contract (v1 and v2 alike). Malformed records are produced round-robin
 * over these kinds, so every kind appears once there are at least as many malformed records as
 * kinds.
 */
enum MalformedKind {
  /** Plain text, XML, key=value pairs, JavaScript-style objects, trailing commas, two objects. */
  NOT_JSON,
  /** A valid event cut short (which may also cut a multi-byte character). */
  TRUNCATED_JSON,
  /** schema_version as a string, event_time as epoch millis, pqr_id as a number, and so on. */
  WRONG_TYPE,
  /** No tenant_id. */
  MISSING_TENANT_ID,
  /** A RADICADA without channel, pqr_type, subject or description, or any event without event_time, event_id or pqr_id. */
  MISSING_REQUIRED_FIELD,
  /** An event_type, channel, pqr_type or document_type outside the enum. */
  UNKNOWN_ENUM,
  /** event_time without offset: "2026-03-01T10:15:00". */
  TIME_WITHOUT_OFFSET,
  /** event_time in year 9999 (more than 24 h in the future). */
  TIME_YEAR_9999,
  /** event_time in year 1999 (before 2000-01-01). */
  TIME_YEAR_1999,
  /** Bytes that are not UTF-8: Latin-1 encoded text, a stray 0xFF, an encoded surrogate. */
  INVALID_UTF8,
  /** A description longer than 20,000 characters. */
  OVERSIZED_DESCRIPTION,
  /** tenant_id outside [a-z0-9_-]{1,32}, pqr_id empty or over 64 chars, event_id not a UUID, schema_version 3 (no such contract). */
  BAD_IDENTIFIER
}
