package co.pqr.lakehouse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PqrEventValidatorTest {

  /** When the records "reached the pipeline" in these tests. */
  static final Instant RECEIVED_AT = Instant.parse("2026-11-26T10:00:00Z");

  static final Path MODULE_DIR = Path.of(System.getProperty("basedir", "."));
  static final Path VALID_DIR = MODULE_DIR.resolve("examples/valid");
  static final Path INVALID_DIR = MODULE_DIR.resolve("examples/invalid");
  static final Path SCHEMA_SOURCE =
      MODULE_DIR.resolve("src/main/resources/schemas/pqr-event-v1.schema.json");

  static final ObjectMapper MAPPER = new ObjectMapper();
  static PqrEventValidator validator;

  @BeforeAll
  static void createValidator() {
    validator = new PqrEventValidator(PqrEventValidator.DEFAULT_MAX_PAYLOAD_BYTES);
  }

  static Stream<Path> validExamples() {
    return list(VALID_DIR);
  }

  static Stream<Path> invalidExamples() {
    return list(INVALID_DIR);
  }

  private static Stream<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode validRadicada() throws IOException {
    return (ObjectNode) MAPPER.readTree(read(VALID_DIR.resolve("radicada_minimal.json")));
  }

  private static ValidationOutcome validate(JsonNode event) throws IOException {
    return validator.validate(MAPPER.writeValueAsBytes(event), RECEIVED_AT);
  }

  // ---------------------------------------------------------------- examples

  @Test
  void examplesAreThereInTheAdvertisedNumbers() {
    List<String> valid = validExamples().map(p -> p.getFileName().toString()).toList();
    List<String> invalid = invalidExamples().map(p -> p.getFileName().toString()).toList();
    assertThat(valid).hasSizeGreaterThanOrEqualTo(6);
    assertThat(invalid).hasSizeGreaterThanOrEqualTo(10);
    for (String name : invalid) {
      String code = name.substring(0, Math.max(0, name.indexOf("__")));
      assertThat(ValidationOutcome.REJECTION_CODES)
          .as("file %s must be named <expected_code>__<what>.json", name)
          .contains(code);
    }
    // One valid example per event type.
    List<String> types =
        validExamples()
            .map(p -> validator.validate(read(p), RECEIVED_AT))
            .filter(ValidationOutcome::valid)
            .map(o -> o.event().get("event_type").asText())
            .distinct()
            .toList();
    assertThat(types)
        .containsExactlyInAnyOrder("RADICADA", "ASIGNADA", "RESPONDIDA", "CERRADA", "REABIERTA");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void everyValidExampleValidates(Path example) throws IOException {
    ValidationOutcome outcome = validator.validate(read(example), RECEIVED_AT);

    assertThat(outcome.reason()).as("reason").isNull();
    assertThat(outcome.valid()).isTrue();
    assertThat(outcome.code()).isEqualTo(ValidationOutcome.OK);
    assertThat(outcome.event()).isEqualTo(MAPPER.readTree(read(example)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExamples")
  void everyInvalidExampleIsRejectedWithTheCodeInItsName(Path example) {
    String name = example.getFileName().toString();
    String expectedCode = name.substring(0, name.indexOf("__"));

    ValidationOutcome outcome = validator.validate(read(example), RECEIVED_AT);

    assertThat(outcome.valid()).as("valid").isFalse();
    assertThat(outcome.code()).as("code, reason was: %s", outcome.reason()).isEqualTo(expectedCode);
    assertThat(outcome.reason()).isNotBlank();
    assertThat(outcome.event()).isNull();
  }

  /** Key parts of the reason for the examples that matter most. */
  static Stream<Object[]> invalidExampleReasons() {
    return Map.<String, List<String>>ofEntries(
            Map.entry("NOT_JSON__plain_text.json", List.of("not valid JSON", "Unrecognized token")),
            Map.entry(
                "NOT_JSON__truncated.json",
                List.of(
                    "the payload is not valid JSON: Unexpected end-of-input: expected close marker"
                        + " for Object (start marker at [line: 1, column: 1]) (line 6, column 29)")),
            Map.entry("NOT_JSON__two_objects.json", List.of("not valid JSON", "Trailing token")),
            Map.entry("NOT_JSON__trailing_garbage.json", List.of("not valid JSON", "Unexpected character (','")),
            Map.entry("NOT_JSON__utf8_bom.json", List.of("byte order mark (U+FEFF)")),
            Map.entry("NOT_JSON__top_level_array.json", List.of("JSON array, not a JSON object")),
            Map.entry("NOT_JSON__duplicate_key.json", List.of("Duplicate field 'tenant_id'")),
            Map.entry("NOT_UTF8__latin1_encoded.json", List.of("not valid UTF-8", "byte offset", "(0xFA)")),
            Map.entry("EMPTY__zero_bytes.json", List.of("empty (0 bytes)")),
            Map.entry("SCHEMA__schema_version_string.json", List.of("$.schema_version: string found, integer expected")),
            Map.entry("SCHEMA__schema_version_3.json", List.of("$.schema_version", "constant value '1'")),
            Map.entry("SCHEMA__missing_tenant_id.json", List.of("required property 'tenant_id' not found")),
            Map.entry("SCHEMA__bad_tenant_id_pattern.json", List.of("$.tenant_id", "^[a-z0-9_-]{1,32}$")),
            Map.entry("SCHEMA__tenant_id_trailing_newline.json", List.of("$.tenant_id", "^[a-z0-9_-]{1,32}$")),
            Map.entry("SCHEMA__unknown_channel.json", List.of("$.channel", "enumeration", "TELEFONO")),
            Map.entry("SCHEMA__radicada_without_subject.json", List.of("required property 'subject' not found")),
            Map.entry("SCHEMA__event_time_without_offset.json", List.of("$.event_time")),
            Map.entry("SCHEMA__event_id_not_uuid.json", List.of("$.event_id", "uuid")),
            Map.entry("SCHEMA__bad_dane_code.json", List.of("$.location.dane_code", "^[0-9]{5}$")),
            Map.entry("SCHEMA__bad_document_type.json", List.of("$.citizen.document_type", "enumeration")),
            Map.entry("SCHEMA__pqr_id_65_chars.json", List.of("$.pqr_id", "at most 64")),
            Map.entry(
                "EVENT_TIME_RANGE__year_1999.json",
                List.of("event_time 1999-12-31T23:59:59Z is before 2000-01-01T00:00:00Z")),
            Map.entry(
                "EVENT_TIME_RANGE__local_2000_but_utc_1999.json",
                List.of("event_time 2000-01-01T00:30:00+01:00 is before 2000-01-01T00:00:00Z")),
            Map.entry(
                "EVENT_TIME_RANGE__year_9999.json",
                List.of(
                    "event_time 9999-01-01T00:00:00Z is more than 24 h after the record reached"
                        + " the pipeline (2026-11-26T10:00:00Z)")))
        .entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new Object[] {e.getKey(), e.getValue()});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExampleReasons")
  void invalidExamplesExplainThemselves(String file, List<String> reasonParts) {
    ValidationOutcome outcome = validator.validate(read(INVALID_DIR.resolve(file)), RECEIVED_AT);
    assertThat(outcome.reason()).contains(reasonParts);
  }

  @Test
  void radicadaMissingSeveralFieldsListsEveryMessageSorted() {
    ValidationOutcome outcome =
        validator.validate(
            read(INVALID_DIR.resolve("SCHEMA__radicada_without_channel_pqr_type_description.json")),
            RECEIVED_AT);
    assertThat(outcome.code()).isEqualTo(ValidationOutcome.SCHEMA);
    assertThat(outcome.reason())
        .isEqualTo(
            "$: required property 'channel' not found; "
                + "$: required property 'description' not found; "
                + "$: required property 'pqr_type' not found");
  }

  @Test
  void schemaMessagesAreSortedAndDeterministic() throws IOException {
    ObjectNode event = validRadicada();
    event.put("tenant_id", "NO VALE");
    event.put("channel", "FAX");
    event.put("schema_version", 3);
    String first = validate(event).reason();
    assertThat(first.split("; ")).hasSize(3).isSorted();
    for (int i = 0; i < 20; i++) {
      assertThat(validate(event).reason()).isEqualTo(first);
    }
  }

  // ---------------------------------------------------------------- individual rules

  @Test
  void descriptionOf20000CharsIsAcceptedAnd20001IsSchemaError() throws IOException {
    ObjectNode event = validRadicada();
    event.put("description", "ñ".repeat(20_000));
    assertThat(validate(event).valid()).isTrue();

    event.put("description", "a".repeat(20_001));
    ValidationOutcome outcome = validate(event);
    assertThat(outcome.code()).isEqualTo(ValidationOutcome.SCHEMA);
    assertThat(outcome.reason()).isEqualTo("$.description: must be at most 20,000 characters long");
  }

  @Test
  void payloadOverTheMaximumIsOversizedAndNotParsed() {
    PqrEventValidator small = new PqrEventValidator(100);
    byte[] exactly100 = new byte[100];
    java.util.Arrays.fill(exactly100, (byte) ' ');
    // 100 bytes is allowed (and then fails later, as whitespace only).
    assertThat(small.validate(exactly100, RECEIVED_AT).code()).isEqualTo(ValidationOutcome.NOT_JSON);

    byte[] garbage = new byte[101];
    java.util.Arrays.fill(garbage, (byte) 0xFF); // would be NOT_UTF8 if it were decoded
    ValidationOutcome outcome = small.validate(garbage, RECEIVED_AT);
    assertThat(outcome.code()).isEqualTo(ValidationOutcome.OVERSIZED);
    assertThat(outcome.reason()).contains("101 bytes", "maximum of 100 bytes", "not parsed");
  }

  @Test
  void defaultMaximumIsOneMebibyte() throws IOException {
    assertThat(PqrEventValidator.DEFAULT_MAX_PAYLOAD_BYTES).isEqualTo(1_048_576);
    assertThat(new PqrEventValidator().maxPayloadBytes()).isEqualTo(1_048_576);
    ObjectNode event = validRadicada();
    byte[] base = MAPPER.writeValueAsBytes(event);
    event.put("padding", "x".repeat(PqrEventValidator.DEFAULT_MAX_PAYLOAD_BYTES - base.length));
    byte[] tooBig = MAPPER.writeValueAsBytes(event);
    assertThat(tooBig.length).isGreaterThan(PqrEventValidator.DEFAULT_MAX_PAYLOAD_BYTES);
    assertThat(validator.validate(tooBig, RECEIVED_AT).code()).isEqualTo(ValidationOutcome.OVERSIZED);
  }

  @Test
  void invalidUtf8IsNotUtf8() {
    byte[] payload = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    ValidationOutcome outcome = validator.validate(payload, RECEIVED_AT);
    assertThat(outcome.code()).isEqualTo(ValidationOutcome.NOT_UTF8);
    assertThat(outcome.reason())
        .isEqualTo("the payload is not valid UTF-8: malformed byte sequence at byte offset 6 (0xC3)");

    assertThat(validator.validate(new byte[] {(byte) 0xC3, (byte) 0x28}, RECEIVED_AT).code())
        .isEqualTo(ValidationOutcome.NOT_UTF8);
  }

  @Test
  void encodedSurrogatesAndTruncatedSequencesAreNotUtf8() {
    // CESU-style encoded surrogate U+D800 and a sequence cut at the end.
    assertThat(validator.validate(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, RECEIVED_AT).code())
        .isEqualTo(ValidationOutcome.NOT_UTF8);
    assertThat(validator.validate(new byte[] {'{', '}', (byte) 0xE2, (byte) 0x82}, RECEIVED_AT).code())
        .isEqualTo(ValidationOutcome.NOT_UTF8);
  }

  @Test
  void nullAndEmptyPayloadsAreEmpty() {
    ValidationOutcome nullOutcome = validator.validate(null, RECEIVED_AT);
    assertThat(nullOutcome.code()).isEqualTo(ValidationOutcome.EMPTY);
    assertThat(nullOutcome.reason()).contains("null payload");
    assertThat(validator.validate(new byte[0], RECEIVED_AT).code()).isEqualTo(ValidationOutcome.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "42", "\"texto\"", "true", "   ", "{} {}", "{\"a\":1} x", "{\"a\":NaN}", "{/*c*/}"})
  void anythingButExactlyOneJsonObjectIsNotJson(String text) {
    ValidationOutcome outcome = validator.validate(utf8(text), RECEIVED_AT);
    assertThat(outcome.code()).isEqualTo(ValidationOutcome.NOT_JSON);
    assertThat(outcome.reason()).doesNotContain("\n");
  }

  @Test
  void unknownExtraFieldsAreKeptInTheReturnedEvent() {
    ValidationOutcome outcome =
        validator.validate(read(VALID_DIR.resolve("radicada_extra_unknown_fields.json")), RECEIVED_AT);
    assertThat(outcome.valid()).isTrue();
    JsonNode event = outcome.event();
    assertThat(event.get("source_system").asText()).isEqualTo("bogota-te-escucha");
    assertThat(event.get("attachments").get(0).get("bytes").asInt()).isEqualTo(204800);
    assertThat(event.has("priority_hint")).isTrue();
    assertThat(event.get("priority_hint").isNull()).isTrue();
    assertThat(event.get("citizen").get("preferred_language").asText()).isEqualTo("es");
    assertThat(event.get("location").get("locality").asText()).isEqualTo("Chapinero");
  }

  @Test
  void nonRadicadaEventsDoNotNeedChannelTypeSubjectOrDescription() throws IOException {
    for (String type : List.of("ASIGNADA", "RESPONDIDA", "CERRADA", "REABIERTA")) {
      ObjectNode event = validRadicada();
      event.put("event_type", type);
      event.remove(List.of("channel", "pqr_type", "subject", "description"));
      assertThat(validate(event).valid()).as(type).isTrue();
    }
  }

  @Test
  void eventTimeBoundsAreInclusive() throws IOException {
    ObjectNode event = validRadicada();
    event.put("event_time", "2000-01-01T00:00:00Z");
    assertThat(validate(event).valid()).isTrue();
    event.put("event_time", "1999-12-31T23:59:59.999999999Z");
    assertThat(validate(event).code()).isEqualTo(ValidationOutcome.EVENT_TIME_RANGE);

    event.put("event_time", "2026-11-27T10:00:00Z"); // receivedAt + 24 h exactly
    assertThat(validate(event).valid()).isTrue();
    event.put("event_time", "2026-11-27T05:00:00-05:00"); // same instant, Bogotá offset
    assertThat(validate(event).valid()).isTrue();
    event.put("event_time", "2026-11-27T10:00:00.001Z");
    ValidationOutcome outcome = validate(event);
    assertThat(outcome.code()).isEqualTo(ValidationOutcome.EVENT_TIME_RANGE);
    assertThat(outcome.reason())
        .isEqualTo(
            "event_time 2026-11-27T10:00:00.001Z is more than 24 h after the record reached the"
                + " pipeline (2026-11-26T10:00:00Z)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-20T09:15:00", // no offset
        "2026-11-20T09:15Z", // no seconds
        "2026-11-20 09:15:00Z", // space instead of T
        "2026-11-20t09:15:00z", // lower case
        "2026-11-20T09:15:00+0500", // offset without colon
        "2026-11-20T24:00:00Z",
        "2026-11-20T23:59:60Z", // leap second: RFC 3339 allows it, java.time does not
        "2026-11-20T09:15:00.1234567890Z", // more than nanoseconds
        "2026-11-20T09:15:00Z\n",
        "20261120T091500Z"
      })
  void eventTimeMustBeAnIsoDateTimeWithOffset(String eventTime) throws IOException {
    ObjectNode event = validRadicada();
    event.put("event_time", eventTime);
    ValidationOutcome outcome = validate(event);
    assertThat(outcome.code()).as(eventTime).isEqualTo(ValidationOutcome.SCHEMA);
    assertThat(outcome.reason()).startsWith("$.event_time: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "abcdefghijklmnopqrstuvwxyz012345", "bogota-sdqs", "x_1"})
  void tenantIdPatternAcceptsLowercaseDigitsUnderscoreHyphen(String tenant) throws IOException {
    ObjectNode event = validRadicada();
    event.put("tenant_id", tenant);
    assertThat(validate(event).valid()).as(tenant).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abcdefghijklmnopqrstuvwxyz0123456", "Bogota", "a b", "ñandú", "acme\n", "\nacme", "acme.gov"})
  void tenantIdPatternRejectsEverythingElse(String tenant) throws IOException {
    ObjectNode event = validRadicada();
    event.put("tenant_id", tenant);
    ValidationOutcome outcome = validate(event);
    assertThat(outcome.code()).as(tenant).isEqualTo(ValidationOutcome.SCHEMA);
    assertThat(outcome.reason()).contains("$.tenant_id");
  }

  @Test
  void pqrIdLengthIsCountedInCharactersNotBytes() throws IOException {
    ObjectNode event = validRadicada();
    event.put("pqr_id", "ñ".repeat(64));
    assertThat(validate(event).valid()).isTrue();
    event.put("pqr_id", "ñ".repeat(65));
    assertThat(validate(event).code()).isEqualTo(ValidationOutcome.SCHEMA);
  }

  @Test
  void pqrIdWithAControlCharacterIsRejectedButAnyOtherTextIsKept() throws IOException {
    for (String id : new String[] {"R-\u0000-1", "R-1\n", "R\t1", "R-\u007F", "\u001B[31m"}) {
      ObjectNode event = validRadicada();
      event.put("pqr_id", id);
      ValidationOutcome outcome = validate(event);
      assertThat(outcome.code()).as(id).isEqualTo(ValidationOutcome.SCHEMA);
      assertThat(outcome.reason()).contains("$.pqr_id");
    }
    for (String id : new String[] {"'; DROP TABLE gold.pqr_case; --", "$(rm -rf /)", "`id`", "😀 ñ \\ \"", "R-2026-000123"}) {
      ObjectNode event = validRadicada();
      event.put("pqr_id", id);
      assertThat(validate(event).valid()).as(id).isTrue();
    }
  }

  @Test
  void schemaErrorsWinOverEventTimeRange() throws IOException {
    ObjectNode event = validRadicada();
    event.put("event_time", "9999-01-01T00:00:00Z");
    event.remove("tenant_id");
    assertThat(validate(event).code()).isEqualTo(ValidationOutcome.SCHEMA);
  }

  @Test
  void receivedAtIsRequiredAndMaximumMustBePositive() {
    assertThatThrownBy(() -> validator.validate(utf8("{}"), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PqrEventValidator(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outcomeFactoriesEnforceTheirInvariants() {
    JsonNode node = MAPPER.createObjectNode();
    assertThat(ValidationOutcome.ok(node))
        .isEqualTo(new ValidationOutcome(true, ValidationOutcome.OK, null, node));
    assertThat(ValidationOutcome.rejected(ValidationOutcome.SCHEMA, "x").valid()).isFalse();
    assertThatThrownBy(() -> ValidationOutcome.rejected("WHATEVER", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValidationOutcome.ok(null)).isInstanceOf(NullPointerException.class);
  }

  // ---------------------------------------------------------------- one source of truth

  @Test
  void schemaOnTheClasspathIsTheSameFileAsUnderSrcMainResources() throws IOException {
    assertThat(PqrEventValidator.SCHEMA_RESOURCE).isEqualTo("/schemas/pqr-event-v1.schema.json");
    assertThat(PqrEventValidator.schemaBytes()).isEqualTo(Files.readAllBytes(SCHEMA_SOURCE));
  }

  @Test
  void schemaFileIsAValidDraft202012Schema() throws IOException {
    JsonNode schema = MAPPER.readTree(Files.readAllBytes(SCHEMA_SOURCE));
    assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    JsonSchema metaSchema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(
                SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"),
                SchemaValidatorsConfig.builder().build());
    assertThat(metaSchema.validate(schema)).isEmpty();
    // Schema evolution: unknown fields must stay allowed everywhere.
    assertThat(schema.findValues("additionalProperties")).isEmpty();
    assertThat(schema.findValues("unevaluatedProperties")).isEmpty();
  }

  @Test
  void ecmaDollarAnchorIsRewrittenOnlyOutsideCharacterClasses() {
    assertThat(EcmaAnchorsRegularExpressionFactory.toJavaRegex("^[a-z$]{1,3}$")).isEqualTo("^[a-z$]{1,3}\\z");
    assertThat(EcmaAnchorsRegularExpressionFactory.toJavaRegex("^a\\$b$")).isEqualTo("^a\\$b\\z");
    assertThat(EcmaAnchorsRegularExpressionFactory.toJavaRegex("[]$]x$")).isEqualTo("[]$]x\\z");
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void oneValidatorCanBeSharedByThreads() throws Exception {
    List<Path> all = new ArrayList<>(validExamples().toList());
    all.addAll(invalidExamples().toList());
    List<ValidationOutcome> expected = all.stream().map(p -> validator.validate(read(p), RECEIVED_AT)).toList();

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<List<ValidationOutcome>>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        tasks.add(() -> {
          List<ValidationOutcome> results = new ArrayList<>();
          for (int round = 0; round < 10; round++) {
            results.clear();
            for (Path p : all) {
              results.add(validator.validate(read(p), RECEIVED_AT));
            }
          }
          return results;
        });
      }
      for (Future<List<ValidationOutcome>> f : pool.invokeAll(tasks)) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
