package co.pqr.lakehouse.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.schema.ValidationOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Contract v2 in Bronze: typed v2 fields, extra_fields independent of promotion, v1 unchanged. */
class BronzeParserV2Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED = Instant.parse("2026-03-05T05:00:00Z");
  private final BronzeParser parser = new BronzeParser(1_048_576);

  private static String event(int version, String extra) {
    return "{\"schema_version\":" + version + ",\"event_id\":\"7d2c9a10-3b4e-4f8a-8c2d-1e5f6a7b8c9d\","
        + "\"event_type\":\"RESPONDIDA\",\"event_time\":\"2026-03-04T23:30:00-05:00\",\"pqr_id\":\"EPM-1\","
        + "\"tenant_id\":\"epm\"" + extra + "}";
  }

  private BronzeParser.Parsed parse(String json) {
    InputRecord in = new InputRecord("pqr", 0, 7, RECEIVED.toEpochMilli(), null, json.getBytes(StandardCharsets.UTF_8));
    return parser.parse(in, RECEIVED);
  }

  @Test
  void v2FieldsAreTypedAndAlsoKeptInExtraFields() throws Exception {
    BronzeEvent e = parse(event(2, ",\"attachments_count\":3,\"preferred_language\":\"en\",\"channel_hint\":\"x\"")).event();
    assertThat(e.schemaVersion).isEqualTo(2);
    assertThat(e.attachmentsCount).isEqualTo(3);
    assertThat(e.preferredLanguage).isEqualTo("en");
    JsonNode extra = JSON.readTree(e.extraFields);
    assertThat(extra.get("attachments_count").asInt()).isEqualTo(3);
    assertThat(extra.get("preferred_language").asText()).isEqualTo("en");
    assertThat(extra.get("channel_hint").asText()).isEqualTo("x");
    assertThat(extra.size()).isEqualTo(3);
  }

  @Test
  void v2WithoutTheOptionalFieldsHasNullTypedFieldsAndNoExtraFields() {
    BronzeEvent e = parse(event(2, "")).event();
    assertThat(e.attachmentsCount).isNull();
    assertThat(e.preferredLanguage).isNull();
    assertThat(e.extraFields).isNull();
  }

  @Test
  void v1EventCarryingV2NamesKeepsThemAsUnknownFieldsOnly() throws Exception {
    BronzeEvent e = parse(event(1, ",\"attachments_count\":\"tres\",\"preferred_language\":\"es\"")).event();
    assertThat(e).as("v1 does not declare them, so any type is accepted").isNotNull();
    assertThat(e.attachmentsCount).isNull();
    assertThat(e.preferredLanguage).isNull();
    assertThat(JSON.readTree(e.extraFields).get("attachments_count").asText()).isEqualTo("tres");
  }

  @Test
  void breakingV2RecordIsQuarantinedWithTheField() {
    QuarantineRecord q = parse(event(2, ",\"attachments_count\":\"3\"")).quarantined();
    assertThat(q.reasonCode).isEqualTo(ValidationOutcome.SCHEMA);
    assertThat(q.reason).isEqualTo("$.attachments_count: string found, integer expected");
    QuarantineRecord numberTenant = parse(event(2, "").replace("\"tenant_id\":\"epm\"", "\"tenant_id\":17")).quarantined();
    assertThat(numberTenant.reason).isEqualTo("$.tenant_id: integer found, string expected");
  }
}
