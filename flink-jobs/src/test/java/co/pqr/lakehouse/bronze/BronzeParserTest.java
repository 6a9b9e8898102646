package co.pqr.lakehouse.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.schema.ValidationOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BronzeParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED = Instant.parse("2026-03-05T05:00:00Z");
  private static final Instant NOW = Instant.parse("2026-03-08T12:00:00Z");
  private static final String RUN_ID = "stream-20261126T104000Z-3fa2-00004";
  private static final byte[] KEY = "EPM-2026-0009876".getBytes(StandardCharsets.UTF_8);

  private static final String RADICADA = """
      {
        "schema_version": 1,
        "event_id": "7d2c9a10-3b4e-4f8a-8c2d-1e5f6a7b8c9d",
        "event_type": "RADICADA",
        "event_time": "2026-03-04T23:30:00-05:00",
        "pqr_id": "EPM-2026-0009876",
        "tenant_id": "epm",
        "channel": "TELEFONO",
        "pqr_type": "RECLAMO",
        "subject": "Cobro excesivo en la factura de energía",
        "description": "Mi factura de febrero llegó por el triple del consumo habitual.",
        "citizen": {
          "document_type": "CC",
          "document_number": "43.123.456",
          "name": "Ana María Gómez Restrepo",
          "email": "ana.gomez@example.com",
          "phone": "+57 300 123 4567"
        },
        "location": {
          "dane_code": "05001",
          "department": "Antioquia",
          "city": "Medellín"
        }
      }
      """;

  private final BronzeParser parser = new BronzeParser(1_048_576);

  @Test
  void validFilingMapsEveryTypedField() {
    byte[] payload = utf8(RADICADA);
    InputRecord in = input(payload);

    BronzeParser.Parsed parsed = parser.parse(in, NOW);

    assertThat(parsed.quarantined()).isNull();
    BronzeEvent b = parsed.event();
    assertThat(b.schemaVersion).isEqualTo(1);
    assertThat(b.eventId).isEqualTo("7d2c9a10-3b4e-4f8a-8c2d-1e5f6a7b8c9d");
    assertThat(b.eventType).isEqualTo("RADICADA");
    assertThat(b.eventTime).isEqualTo(Instant.parse("2026-03-05T04:30:00Z"));
    assertThat(b.pqrId).isEqualTo("EPM-2026-0009876");
    assertThat(b.tenantId).isEqualTo("epm");
    assertThat(b.channel).isEqualTo("TELEFONO");
    assertThat(b.pqrType).isEqualTo("RECLAMO");
    assertThat(b.subject).isEqualTo("Cobro excesivo en la factura de energía");
    assertThat(b.description).isEqualTo("Mi factura de febrero llegó por el triple del consumo habitual.");
    assertThat(b.citizenDocumentType).isEqualTo("CC");
    assertThat(b.citizenDocumentNumber).isEqualTo("43.123.456");
    assertThat(b.citizenName).isEqualTo("Ana María Gómez Restrepo");
    assertThat(b.citizenEmail).isEqualTo("ana.gomez@example.com");
    assertThat(b.citizenPhone).isEqualTo("+57 300 123 4567");
    assertThat(b.daneCode).isEqualTo("05001");
    assertThat(b.department).isEqualTo("Antioquia");
    assertThat(b.city).isEqualTo("Medellín");
    assertThat(b.assignee).isNull();
    assertThat(b.response).isNull();
    assertThat(b.extraFields).isNull();
    assertThat(b.payload).isEqualTo(utf8(RADICADA));
    assertThat(b.sourceTopic).isEqualTo("pqr-events");
    assertThat(b.sourcePartition).isEqualTo(2);
    assertThat(b.sourceOffset).isEqualTo(41L);
    assertThat(b.sourceTimestamp).isEqualTo(RECEIVED);
    assertThat(b.runId).isEqualTo(RUN_ID);
    assertThat(b.runSeq).isEqualTo(4);
    assertThat(b.ingestedAt).isEqualTo(NOW);
  }

  @Test
  void eventWithoutOptionalGroupsLeavesThemNull() {
    String asignada = """
        {"schema_version":1,"event_id":"c1a2b3c4-d5e6-47f8-9a0b-1c2d3e4f5a6b","event_type":"ASIGNADA",
         "event_time":"2026-03-05T11:00:00Z","pqr_id":"EPM-2026-0009876","tenant_id":"epm",
         "assignee":"Secretaría de Medio Ambiente"}
        """;

    BronzeEvent b = parser.parse(input(utf8(asignada)), NOW).event();

    assertThat(b.eventType).isEqualTo("ASIGNADA");
    assertThat(b.eventTime).isEqualTo(Instant.parse("2026-03-05T11:00:00Z"));
    assertThat(b.assignee).isEqualTo("Secretaría de Medio Ambiente");
    assertThat(b.response).isNull();
    assertThat(b.channel).isNull();
    assertThat(b.pqrType).isNull();
    assertThat(b.subject).isNull();
    assertThat(b.description).isNull();
    assertThat(b.citizenDocumentType).isNull();
    assertThat(b.citizenDocumentNumber).isNull();
    assertThat(b.citizenName).isNull();
    assertThat(b.citizenEmail).isNull();
    assertThat(b.citizenPhone).isNull();
    assertThat(b.daneCode).isNull();
    assertThat(b.department).isNull();
    assertThat(b.city).isNull();
    assertThat(b.extraFields).isNull();
  }

  @Test
  void responseTextIsKept() {
    String respondida = """
        {"schema_version":1,"event_id":"e8f9a0b1-c2d3-4e5f-a6b7-c8d9e0f1a2b3","event_type":"RESPONDIDA",
         "event_time":"2026-03-05T08:30:00-05:00","pqr_id":"EPM-2026-0009876","tenant_id":"epm",
         "response":"Cordial saludo. Se revisó el medidor."}
        """;

    BronzeEvent b = parser.parse(input(utf8(respondida)), NOW).event();

    assertThat(b.response).isEqualTo("Cordial saludo. Se revisó el medidor.");
    assertThat(b.eventTime).isEqualTo(Instant.parse("2026-03-05T13:30:00Z"));
  }

  @Test
  void unknownTopLevelFieldsGoToExtraFieldsAndKnownOnesDoNot() throws Exception {
    String withExtras = RADICADA.replaceFirst("\\{", """
        {
          "source_system": "bogota-te-escucha",
          "attachments": [{"name": "foto.jpg", "bytes": 204800}],
          "priority_hint": null,""");
    byte[] payload = utf8(withExtras);

    BronzeEvent b = parser.parse(input(payload), NOW).event();

    JsonNode extra = JSON.readTree(b.extraFields);
    assertThat(extra).isEqualTo(JSON.readTree(
        "{\"source_system\":\"bogota-te-escucha\",\"attachments\":[{\"name\":\"foto.jpg\",\"bytes\":204800}],"
            + "\"priority_hint\":null}"));
    assertThat(extra.fieldNames()).toIterable()
        .containsExactly("source_system", "attachments", "priority_hint")
        .doesNotContainAnyElementsOf(BronzeParser.KNOWN_FIELDS);
    assertThat(b.payload).isEqualTo(payload);
  }

  @Test
  void unknownNestedFieldsStayOnlyInThePayload() {
    String nested = RADICADA.replace("\"document_type\": \"CC\",", "\"document_type\": \"CC\", \"preferred_language\": \"es\",");

    BronzeEvent b = parser.parse(input(utf8(nested)), NOW).event();

    assertThat(b.extraFields).isNull();
    assertThat(new String(b.payload, StandardCharsets.UTF_8)).contains("\"preferred_language\": \"es\"");
  }

  @Test
  void eventTime23HoursAfterArrivalIsValid() {
    BronzeParser.Parsed parsed = parser.parse(input(utf8(radicadaAt(RECEIVED.plus(Duration.ofHours(23))))), NOW);

    assertThat(parsed.quarantined()).isNull();
    assertThat(parsed.event().eventTime).isEqualTo(RECEIVED.plus(Duration.ofHours(23)));
  }

  @Test
  void eventTime25HoursAfterArrivalIsOutOfRangeEvenIfProcessedLater() {
    // NOW is 3 days after arrival: the limit must come from the record's timestamp, not from NOW.
    Instant eventTime = RECEIVED.plus(Duration.ofHours(25));

    QuarantineRecord q = parser.parse(input(utf8(radicadaAt(eventTime))), NOW).quarantined();

    assertThat(q.reasonCode).isEqualTo(ValidationOutcome.EVENT_TIME_RANGE);
    assertThat(q.reason).isEqualTo("event_time " + eventTime
        + " is more than 24 h after the record reached the pipeline (" + RECEIVED + ")");
  }

  static Stream<Arguments> invalidRecords() throws Exception {
    ByteArrayOutputStream notUtf8 = new ByteArrayOutputStream();
    notUtf8.write(utf8("{\"subject\":\""));
    notUtf8.write(new byte[] {(byte) 0xC3, (byte) 0x28});
    notUtf8.write(utf8("\"}"));
    return Stream.of(
        Arguments.of("not JSON", utf8("radicado sin JSON"), ValidationOutcome.NOT_JSON),
        Arguments.of("truncated JSON", utf8(RADICADA.substring(0, 120)), ValidationOutcome.NOT_JSON),
        Arguments.of("bad enum", utf8(RADICADA.replace("\"RECLAMO\"", "\"RECLAMACION\"")), ValidationOutcome.SCHEMA),
        Arguments.of("event_time in year 9999",
            utf8(RADICADA.replace("2026-03-04T23:30:00-05:00", "9999-01-01T00:00:00Z")),
            ValidationOutcome.EVENT_TIME_RANGE),
        Arguments.of("invalid UTF-8", notUtf8.toByteArray(), ValidationOutcome.NOT_UTF8),
        Arguments.of("empty payload", new byte[0], ValidationOutcome.EMPTY));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("invalidRecords")
  void invalidRecordIsQuarantinedWithReasonCodeAndOriginalBytes(String name, byte[] payload, String code) {
    InputRecord in = input(payload);

    BronzeParser.Parsed parsed = parser.parse(in, NOW);

    assertThat(parsed.event()).isNull();
    QuarantineRecord q = parsed.quarantined();
    assertThat(q.reasonCode).isEqualTo(code);
    assertThat(q.reason).isNotBlank();
    assertThat(q.payload).isEqualTo(payload);
    assertThat(q.recordKey).isEqualTo(KEY);
    assertThat(q.sourceTopic).isEqualTo("pqr-events");
    assertThat(q.sourcePartition).isEqualTo(2);
    assertThat(q.sourceOffset).isEqualTo(41L);
    assertThat(q.sourceTimestamp).isEqualTo(RECEIVED);
    assertThat(q.runId).isEqualTo(RUN_ID);
    assertThat(q.runSeq).isEqualTo(4);
    assertThat(q.quarantinedAt).isEqualTo(NOW);
  }

  @Test
  void notUtf8ReasonNamesTheFirstBadByte() {
    byte[] payload = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    QuarantineRecord q = parser.parse(input(payload), NOW).quarantined();

    assertThat(q.reasonCode).isEqualTo(ValidationOutcome.NOT_UTF8);
    assertThat(q.reason).isEqualTo("the payload is not valid UTF-8: malformed byte sequence at byte offset 6 (0xC3)");
  }

  @Test
  void badEnumReasonNamesTheFieldAndTheAllowedValues() {
    QuarantineRecord q = parser.parse(input(utf8(RADICADA.replace("\"RECLAMO\"", "\"RECLAMACION\""))), NOW)
        .quarantined();

    assertThat(q.reasonCode).isEqualTo(ValidationOutcome.SCHEMA);
    assertThat(q.reason).isEqualTo("$.pqr_type: does not have a value in the enumeration [\"PETICION\", \"QUEJA\", "
        + "\"RECLAMO\", \"SUGERENCIA\", \"DENUNCIA\", \"FELICITACION\", \"SOLICITUD_INFORMACION\", \"CONSULTA\"]");
  }

  @Test
  void oversizedRecordIsQuarantinedUnparsed() {
    BronzeParser small = new BronzeParser(100);
    byte[] payload = utf8(RADICADA);

    QuarantineRecord q = small.parse(input(payload), NOW).quarantined();

    assertThat(q.reasonCode).isEqualTo(ValidationOutcome.OVERSIZED);
    assertThat(q.reason).isEqualTo("the record value is " + payload.length
        + " bytes, more than the maximum of 100 bytes; it was not parsed");
    assertThat(q.payload).isEqualTo(payload);
    assertThat(q.recordKey).isEqualTo(KEY);
  }

  @Test
  void nullPayloadIsQuarantinedAsEmptyWithZeroBytes() {
    InputRecord in = input(null);

    BronzeParser.Parsed parsed = parser.parse(in, NOW);

    assertThat(parsed.event()).isNull();
    assertThat(parsed.quarantined().reasonCode).isEqualTo(ValidationOutcome.EMPTY);
    assertThat(parsed.quarantined().reason).isEqualTo("the record has no value (null payload)");
    assertThat(parsed.quarantined().payload).isEmpty();
    assertThat(parsed.quarantined().recordKey).isEqualTo(KEY);
  }

  @Test
  void emptyPayloadReasonSaysZeroBytes() {
    assertThat(parser.parse(input(new byte[0]), NOW).quarantined().reason)
        .isEqualTo("the record value is empty (0 bytes)");
  }

  @Test
  void recordWithoutKeyIsQuarantinedWithNullKey() {
    InputRecord in = input(utf8("[]"));
    in.key = null;

    QuarantineRecord q = parser.parse(in, NOW).quarantined();

    assertThat(q.reasonCode).isEqualTo(ValidationOutcome.NOT_JSON);
    assertThat(q.recordKey).isNull();
  }

  @Test
  void oddInputsAreQuarantinedNotThrown() {
    List<byte[]> inputs = List.of(new byte[] {0}, new byte[] {(byte) 0xFF, (byte) 0xFE}, utf8("{}"), utf8("null"),
        utf8(RADICADA.replace("2026-03-04T23:30:00-05:00", "2026-02-30T00:00:00Z")), utf8("\uFEFF{}"),
        utf8("{\"a\":1,\"a\":2}"), utf8(RADICADA + "{}"));
    List<String> codes = inputs.stream().map(p -> parser.parse(input(p), NOW).quarantined().reasonCode).toList();

    assertThat(codes).containsExactly(ValidationOutcome.NOT_JSON, ValidationOutcome.NOT_UTF8, ValidationOutcome.SCHEMA,
        ValidationOutcome.NOT_JSON, ValidationOutcome.SCHEMA, ValidationOutcome.NOT_JSON, ValidationOutcome.NOT_JSON,
        ValidationOutcome.NOT_JSON);
  }

  private static String radicadaAt(Instant eventTime) {
    return RADICADA.replace("2026-03-04T23:30:00-05:00", eventTime.toString());
  }

  private static InputRecord input(byte[] payload) {
    InputRecord in = new InputRecord("pqr-events", 2, 41L, RECEIVED.toEpochMilli(), KEY.clone(), payload);
    in.runId = RUN_ID;
    in.runSeq = 4;
    return in;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
