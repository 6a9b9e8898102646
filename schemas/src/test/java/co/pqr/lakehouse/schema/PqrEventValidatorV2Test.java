package co.pqr.lakehouse.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contract v2: additive optional fields, v1 and v2 side by side, breaking changes refused. */
class PqrEventValidatorV2Test {
  static final Instant RECEIVED_AT = PqrEventValidatorTest.RECEIVED_AT;
  static final Path MODULE_DIR = PqrEventValidatorTest.MODULE_DIR;
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final PqrEventValidator VALIDATOR = new PqrEventValidator();

  private static byte[] read(String relative) throws IOException {
    return Files.readAllBytes(MODULE_DIR.resolve("examples").resolve(relative));
  }

  private static ObjectNode v1Radicada() throws IOException {
    return (ObjectNode) MAPPER.readTree(read("valid/radicada_minimal.json"));
  }

  private static ValidationOutcome validate(JsonNode event) throws IOException {
    return VALIDATOR.validate(MAPPER.writeValueAsBytes(event), RECEIVED_AT);
  }

  @Test
  void v2ExamplesValidateWithTheirTypedFields() throws IOException {
    ValidationOutcome full = VALIDATOR.validate(read("valid/v2_radicada_attachments_language.json"), RECEIVED_AT);
    assertThat(full.valid()).as(full.reason()).isTrue();
    assertThat(full.event().get("schema_version").asInt()).isEqualTo(2);
    assertThat(full.event().get("attachments_count").asInt()).isEqualTo(2);
    assertThat(full.event().get("preferred_language").asText()).isEqualTo("es");

    ValidationOutcome minimal = VALIDATOR.validate(read("valid/v2_radicada_minimal.json"), RECEIVED_AT);
    assertThat(minimal.valid()).as("both v2 fields are optional: %s", minimal.reason()).isTrue();
    assertThat(minimal.event().has("attachments_count")).isFalse();
  }

  @Test
  void v2KeepsFieldsItDoesNotKnowEither() throws IOException {
    ValidationOutcome outcome =
        VALIDATOR.validate(read("valid/v2_respondida_zero_attachments_unknown_field.json"), RECEIVED_AT);
    assertThat(outcome.valid()).as(outcome.reason()).isTrue();
    assertThat(outcome.event().get("attachments_count").asInt()).isZero();
    assertThat(outcome.event().get("response_channel").asText()).isEqualTo("EMAIL");
  }

  @Test
  void v1EventWithAV2FieldNameOfAnyTypeIsAV1EventWithAnUnknownField() throws IOException {
    ValidationOutcome outcome =
        VALIDATOR.validate(read("valid/v1_attachments_count_string_is_an_unknown_field.json"), RECEIVED_AT);
    assertThat(outcome.valid()).as("v1 does not declare attachments_count: %s", outcome.reason()).isTrue();
    assertThat(outcome.event().get("attachments_count").asText()).isEqualTo("3");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "SCHEMA__v2_attachments_count_string.json|$.attachments_count: string found, integer expected",
      "SCHEMA__v2_attachments_count_negative.json|$.attachments_count: must have a minimum value of 0",
      "SCHEMA__v2_preferred_language_not_iso639_1.json|$.preferred_language: does not match the regex pattern ^[a-z]{2}$",
      "SCHEMA__v2_tenant_id_number.json|$.tenant_id: integer found, string expected",
      "SCHEMA__v2_missing_event_id.json|$: required property 'event_id' not found",
      "SCHEMA__schema_version_3.json|$.schema_version: must be the constant value '1'"})
  void breakingV2RecordsAreRefusedWithTheFieldAndTheExpectation(String file, String reason) throws IOException {
    ValidationOutcome outcome = VALIDATOR.validate(read("invalid/" + file), RECEIVED_AT);
    assertThat(outcome.valid()).isFalse();
    assertThat(outcome.code()).isEqualTo(ValidationOutcome.SCHEMA);
    assertThat(outcome.reason()).isEqualTo(reason);
  }

  @Test
  void v2IsV1PlusTwoOptionalFields() throws IOException {
    JsonNode v1 = MAPPER.readTree(PqrEventValidator.schemaBytes(PqrEventValidator.SCHEMA_RESOURCE));
    JsonNode v2 = MAPPER.readTree(PqrEventValidator.schemaBytes(PqrEventValidator.SCHEMA_V2_RESOURCE));
    assertThat(v2.get("required")).isEqualTo(v1.get("required"));
    assertThat(v2.get("then")).isEqualTo(v1.get("then"));
    assertThat(v2.at("/properties/schema_version/const").asInt()).isEqualTo(2);
    List<String> added = new java.util.ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v2.get("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      if (!v1.get("properties").has(p.getKey())) {
        added.add(p.getKey());
      } else if (!p.getKey().equals("schema_version")) {
        assertThat(p.getValue()).as("v2 changes no v1 field: %s", p.getKey()).isEqualTo(v1.get("properties").get(p.getKey()));
      }
    }
    assertThat(added).containsExactly("attachments_count", "preferred_language");
    assertThat(PqrEventValidator.SUPPORTED_VERSIONS).containsExactly(1, 2);
  }

  @Test
  void everyV1EventTurnedIntoV2StaysValid() throws IOException {
    ObjectNode event = v1Radicada();
    assertThat(validate(event).valid()).isTrue();
    event.put("schema_version", 2);
    assertThat(validate(event).valid()).isTrue();
    event.put("attachments_count", 0);
    event.put("preferred_language", "en");
    assertThat(validate(event).valid()).isTrue();
    event.put("schema_version", 1);
    assertThat(validate(event).valid()).as("v1 keeps v2's fields as unknown ones").isTrue();
  }
}
