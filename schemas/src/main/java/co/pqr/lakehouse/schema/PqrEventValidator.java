package co.pqr.lakehouse.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates raw Kafka record values against the PQR event contract, v1 or v2.
 *
 * <p>The event's own {@code schema_version} picks the contract: 2 selects {@value
 * #SCHEMA_V2_RESOURCE} (v1 plus the optional, typed {@code attachments_count} and {@code
 * preferred_language}); any other value is checked against {@value #SCHEMA_RESOURCE}, whose {@code
 * const 1} then names the mismatch. Both contracts keep unknown extra fields. A breaking change in a
 * producer (a declared field with another type, a removed required field) therefore fails the
 * schema with a message naming the field and what was expected, and the record is quarantined.
 *
 * <p>Checks, in order, stopping at the first failure:
 *
 * <ol>
 *   <li>null or zero bytes: {@link ValidationOutcome#EMPTY};
 *   <li>more than {@code maxPayloadBytes} bytes: {@link ValidationOutcome#OVERSIZED} (not parsed);
 *   <li>not well-formed UTF-8 (strict decoder, malformed and unmappable input reported): {@link
 *       ValidationOutcome#NOT_UTF8};
 *   <li>not exactly one JSON object (syntax error, trailing content, duplicate key, a top-level
 *       value that is not an object): {@link ValidationOutcome#NOT_JSON};
 *   <li>JSON Schema draft 2020-12 ({@value #SCHEMA_RESOURCE} or {@value #SCHEMA_V2_RESOURCE}) with format assertions on ({@code
 *       date-time}, {@code uuid}): {@link ValidationOutcome#SCHEMA}, all messages sorted and joined
 *       by {@code "; "};
 *   <li>event_time not in [2000-01-01T00:00:00Z, receivedAt + 24 h]: {@link
 *       ValidationOutcome#EVENT_TIME_RANGE}.
 * </ol>
 *
 * <p>Construct once per Flink task (loading and compiling the schema is the expensive part);
 * afterwards {@link #validate} is thread-safe and never throws for any payload.
 */
public final class PqrEventValidator {

  /** Classpath resource of the JSON Schema: the single source of truth of the contract. */
  public static final String SCHEMA_RESOURCE = "/schemas/pqr-event-v1.schema.json";

  /** Classpath resource of the v2 contract (additive: v1 plus optional typed fields). */
  public static final String SCHEMA_V2_RESOURCE = "/schemas/pqr-event-v2.schema.json";

  /** The contract versions this validator accepts, oldest first. */
  public static final java.util.List<Integer> SUPPORTED_VERSIONS = java.util.List.of(1, 2);

  /** Default maximum size of one record value, in bytes (1 MiB). */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1_048_576;

  /** Earliest accepted event_time (inclusive). */
  public static final Instant MIN_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z");

  /** How far after the record reached the pipeline an event_time may be (inclusive). */
  public static final Duration MAX_EVENT_TIME_AHEAD = Duration.ofHours(24);

  private static final int MAX_PARSER_MESSAGE_CHARS = 200;
  private static final int MAX_SCHEMA_REASON_CHARS = 4_000;

  private final int maxPayloadBytes;
  private final ObjectReader reader;
  private final JsonSchema schema;
  private final JsonSchema schemaV2;

  /** Validator with {@link #DEFAULT_MAX_PAYLOAD_BYTES}. */
  public PqrEventValidator() {
    this(DEFAULT_MAX_PAYLOAD_BYTES);
  }

  /**
   * @param maxPayloadBytes largest accepted record value, in bytes; must be positive
   * @throws IllegalArgumentException if {@code maxPayloadBytes <= 0}
   * @throws IllegalStateException if the schema resource is missing or unreadable
   */
  public PqrEventValidator(int maxPayloadBytes) {
    if (maxPayloadBytes <= 0) {
      throw new IllegalArgumentException("maxPayloadBytes must be positive: " + maxPayloadBytes);
    }
    this.maxPayloadBytes = maxPayloadBytes;
    ObjectMapper mapper =
        new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.reader = mapper.reader();
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .locale(Locale.ENGLISH)
            .regularExpressionFactory(EcmaAnchorsRegularExpressionFactory.INSTANCE)
            .build();
    this.schema = compile(mapper, SCHEMA_RESOURCE, config);
    this.schemaV2 = compile(mapper, SCHEMA_V2_RESOURCE, config);
  }

  private static JsonSchema compile(ObjectMapper mapper, String resource, SchemaValidatorsConfig config) {
    JsonSchema compiled =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(loadSchemaNode(mapper, resource), config);
    // Compile every keyword validator now, so validate() only reads shared state.
    compiled.initializeValidators();
    return compiled;
  }

  /** The largest accepted record value, in bytes. */
  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /** Reads the bytes of {@link #SCHEMA_RESOURCE} from the classpath. */
  public static byte[] schemaBytes() {
    return schemaBytes(SCHEMA_RESOURCE);
  }

  /** Reads the bytes of a contract resource ({@link #SCHEMA_RESOURCE}, {@link #SCHEMA_V2_RESOURCE}). */
  public static byte[] schemaBytes(String resource) {
    try (InputStream in = PqrEventValidator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource not on the classpath: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema resource " + resource, e);
    }
  }

  private static JsonNode loadSchemaNode(ObjectMapper mapper, String resource) {
    try {
      return mapper.readTree(schemaBytes(resource));
    } catch (IOException e) {
      throw new IllegalStateException("schema resource is not valid JSON: " + resource, e);
    }
  }

  /**
   * Validates one record value.
   *
   * @param payload the record value exactly as received (may be null)
   * @param receivedAt when the record reached the pipeline (e.g. the Kafka record timestamp or the
   *     ingestion time); event_time may be at most 24 h after it
   * @return {@link ValidationOutcome#ok} with the parsed event, or a rejection with code and reason
   */
  public ValidationOutcome validate(byte[] payload, Instant receivedAt) {
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (payload == null || payload.length == 0) {
      return ValidationOutcome.rejected(
          ValidationOutcome.EMPTY,
          payload == null
              ? "the record has no value (null payload)"
              : "the record value is empty (0 bytes)");
    }
    if (payload.length > maxPayloadBytes) {
      return ValidationOutcome.rejected(
          ValidationOutcome.OVERSIZED,
          "the record value is "
              + payload.length
              + " bytes, more than the maximum of "
              + maxPayloadBytes
              + " bytes; it was not parsed");
    }

    String text;
    try {
      text = decodeStrictUtf8(payload);
    } catch (CharacterCodingException e) {
      return ValidationOutcome.rejected(ValidationOutcome.NOT_UTF8, notUtf8Reason(payload, e));
    }

    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      return ValidationOutcome.rejected(
          ValidationOutcome.NOT_JSON,
          "the payload starts with a byte order mark (U+FEFF), which JSON text must not have");
    }

    JsonNode event;
    try {
      event = reader.readTree(text);
    } catch (JsonProcessingException e) {
      return ValidationOutcome.rejected(ValidationOutcome.NOT_JSON, parserReason(e));
    } catch (RuntimeException e) {
      return ValidationOutcome.rejected(
          ValidationOutcome.NOT_JSON,
          "the payload is not valid JSON: "
              + shorten(String.valueOf(e.getMessage()), MAX_PARSER_MESSAGE_CHARS));
    }
    if (event == null || event.isMissingNode()) {
      return ValidationOutcome.rejected(
          ValidationOutcome.NOT_JSON, "the payload contains only whitespace, no JSON value");
    }
    if (!event.isObject()) {
      return ValidationOutcome.rejected(
          ValidationOutcome.NOT_JSON,
          "the payload is a JSON " + describe(event) + ", not a JSON object");
    }

    Set<ValidationMessage> messages;
    try {
      JsonNode version = event.get("schema_version");
      boolean v2 = version != null && version.isIntegralNumber() && version.asLong() == 2;
      messages = (v2 ? schemaV2 : schema).validate(event);
    } catch (RuntimeException e) {
      // Never let one record stop the pipeline: an unexpected validator failure is a rejection.
      return ValidationOutcome.rejected(
          ValidationOutcome.SCHEMA,
          "schema validation failed unexpectedly: "
              + shorten(String.valueOf(e), MAX_PARSER_MESSAGE_CHARS));
    }
    if (!messages.isEmpty()) {
      String joined =
          messages.stream()
              .map(ValidationMessage::getMessage)
              .sorted()
              .distinct()
              .collect(Collectors.joining("; "));
      return ValidationOutcome.rejected(
          ValidationOutcome.SCHEMA, shorten(joined, MAX_SCHEMA_REASON_CHARS));
    }

    return checkEventTime(event, receivedAt);
  }

  private static ValidationOutcome checkEventTime(JsonNode event, Instant receivedAt) {
    String eventTimeText = event.get("event_time").textValue();
    Instant eventTime;
    try {
      eventTime = OffsetDateTime.parse(eventTimeText).toInstant();
    } catch (DateTimeParseException e) {
      // The schema's pattern and date-time format should already have caught this.
      return ValidationOutcome.rejected(
          ValidationOutcome.SCHEMA,
          "$.event_time: "
              + eventTimeText
              + " is not an ISO-8601 date-time with offset ("
              + shorten(e.getMessage(), MAX_PARSER_MESSAGE_CHARS)
              + ")");
    }
    if (eventTime.isBefore(MIN_EVENT_TIME)) {
      return ValidationOutcome.rejected(
          ValidationOutcome.EVENT_TIME_RANGE,
          "event_time "
              + eventTimeText
              + " is before "
              + MIN_EVENT_TIME
              + ", the earliest event time the contract accepts");
    }
    Instant latest = receivedAt.plus(MAX_EVENT_TIME_AHEAD);
    if (eventTime.isAfter(latest)) {
      return ValidationOutcome.rejected(
          ValidationOutcome.EVENT_TIME_RANGE,
          "event_time "
              + eventTimeText
              + " is more than 24 h after the record reached the pipeline ("
              + receivedAt
              + ")");
    }
    return ValidationOutcome.ok(event);
  }

  private static String decodeStrictUtf8(byte[] payload) throws CharacterCodingException {
    // CharsetDecoder is stateful and not thread-safe: one per call (cheap).
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    return decoder.decode(ByteBuffer.wrap(payload)).toString();
  }

  private static String notUtf8Reason(byte[] payload, CharacterCodingException e) {
    if (e instanceof MalformedInputException) {
      // The decoder stops at the first bad sequence; find its offset for the reason.
      int offset = firstMalformedOffset(payload);
      if (offset >= 0) {
        return "the payload is not valid UTF-8: malformed byte sequence at byte offset "
            + offset
            + " (0x"
            + String.format(Locale.ROOT, "%02X", payload[offset] & 0xFF)
            + ")";
      }
    }
    return "the payload is not valid UTF-8: " + e;
  }

  private static int firstMalformedOffset(byte[] payload) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(payload);
    CharBuffer out = CharBuffer.allocate(payload.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      return in.position();
    }
    result = decoder.flush(out);
    return result.isError() ? in.position() : -1;
  }

  private static String parserReason(JsonProcessingException e) {
    StringBuilder reason = new StringBuilder("the payload is not valid JSON: ");
    String message =
        String.valueOf(e.getOriginalMessage())
            // Jackson names the (redacted) source in nested locations: noise in a reason.
            .replaceAll("\\[Source: [^;\\]]*; ", "[");
    reason.append(shorten(message, MAX_PARSER_MESSAGE_CHARS));
    JsonLocation location = e.getLocation();
    if (location != null && location.getLineNr() > 0) {
      reason.append(" (line ").append(location.getLineNr())
          .append(", column ").append(location.getColumnNr()).append(')');
    }
    return reason.toString();
  }

  private static String describe(JsonNode node) {
    switch (node.getNodeType()) {
      case ARRAY:
        return "array";
      case STRING:
        return "string";
      case NUMBER:
        return "number";
      case BOOLEAN:
        return "boolean";
      case NULL:
        return "null";
      default:
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }

  private static String shorten(String text, int max) {
    String oneLine = text.replace('\r', ' ').replace('\n', ' ');
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
  }
}
