package co.pqr.lakehouse.silver;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.bronze.BronzeEvent;
import co.pqr.lakehouse.silver.privacy.Pseudonymizer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilverNormalizerTest {
  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final Instant NOW = Instant.parse("2026-03-05T05:00:10Z");

  private final Pseudonymizer pseudonymizer = new Pseudonymizer(KEY);
  private final SilverNormalizer normalizer = new SilverNormalizer(pseudonymizer);

  @Test
  void documentNumberBecomesA64HexToken() {
    SilverEvent s = normalizer.normalize(filing(), NOW);

    assertThat(s.citizenToken).matches("[0-9a-f]{64}");
    assertThat(s.citizenToken).isEqualTo(pseudonymizer.documentToken("CC", "1036123456"));
    assertThat(s.citizenDocumentType).isEqualTo("CC");
  }

  @Test
  void dottedAndPlainDocumentNumbersGiveTheSameToken() {
    BronzeEvent dotted = filing();
    dotted.citizenDocumentNumber = "1.036.123.456";
    BronzeEvent plain = filing();
    plain.citizenDocumentNumber = "1036123456";

    assertThat(normalizer.normalize(dotted, NOW).citizenToken)
        .isEqualTo(normalizer.normalize(plain, NOW).citizenToken);
  }

  @Test
  void differentDocumentNumbersGiveDifferentTokens() {
    BronzeEvent other = filing();
    other.citizenDocumentNumber = "1036123457";

    assertThat(normalizer.normalize(other, NOW).citizenToken)
        .isNotEqualTo(normalizer.normalize(filing(), NOW).citizenToken);
  }

  @Test
  void eventWithoutCitizenHasNoToken() {
    BronzeEvent b = filing();
    b.citizenDocumentType = null;
    b.citizenDocumentNumber = null;

    assertThat(normalizer.normalize(b, NOW).citizenToken).isNull();
  }

  @Test
  void noNameEmailPhoneOrDocumentNumberInAnyTextField() throws Exception {
    BronzeEvent b = filing();
    b.response = "Señora Ana María Gómez, le escribimos a ana.gomez@example.com y al 300 123 4567.";

    SilverEvent s = normalizer.normalize(b, NOW);

    List<String> texts = stringFields(s);
    assertThat(texts).isNotEmpty();
    for (String forbidden : List.of("Ana", "María", "Gómez", "Restrepo", "ana.gomez", "example.com",
        "300 123 4567", "3001234567", "123 4567", "1.036.123.456", "1036123456")) {
      assertThat(texts).as("no String field of SilverEvent contains %s", forbidden)
          .noneMatch(t -> t.contains(forbidden));
    }
  }

  @Test
  void emailAndPhoneTypedInDescriptionAreRedacted() {
    SilverEvent s = normalizer.normalize(filing(), NOW);

    assertThat(s.description).isEqualTo(
        "Soy [NOMBRE], cédula [DOCUMENTO], mi correo es [EMAIL] y mi celular [TELEFONO]. "
            + "Solicito revisión del medidor.");
  }

  @Test
  void responseIsRedactedToo() {
    BronzeEvent b = respuesta();
    b.response = "Se respondió al correo ana.gomez@example.com el 2026-03-10.";

    assertThat(normalizer.normalize(b, NOW).response).isEqualTo("Se respondió al correo [EMAIL] el 2026-03-10.");
  }

  @Test
  void subjectWhitespaceIsCollapsedToOneLine() {
    BronzeEvent b = filing();
    b.subject = "  Cobro\texcesivo \n\n en la   factura\r\n ";

    assertThat(normalizer.normalize(b, NOW).subject).isEqualTo("Cobro excesivo en la factura");
  }

  @Test
  void descriptionKeepsItsLineBreaksButIsTrimmed() {
    BronzeEvent b = filing();
    b.description = "\n  Primera línea.\n\nSegunda línea.  \n";

    assertThat(normalizer.normalize(b, NOW).description).isEqualTo("Primera línea.\n\nSegunda línea.");
  }

  @Test
  void filingLateInTheBogotaEveningGetsThatDayAsFiledDateAndItsDueDate() {
    // 2026-03-04T23:30-05:00 is 2026-03-05T04:30Z; San José is observed on Monday 2026-03-23.
    SilverEvent s = normalizer.normalize(filing(), NOW);

    assertThat(s.eventTime).isEqualTo(Instant.parse("2026-03-05T04:30:00Z"));
    assertThat(s.eventDate).isEqualTo(LocalDate.of(2026, 3, 4));
    assertThat(s.filedDate).isEqualTo(LocalDate.of(2026, 3, 4));
    assertThat(s.termBusinessDays).isEqualTo(15);
    assertThat(s.dueDate).isEqualTo(LocalDate.of(2026, 3, 26));
  }

  @Test
  void consultaGetsThirtyBusinessDays() {
    BronzeEvent b = filing();
    b.pqrType = "CONSULTA";

    SilverEvent s = normalizer.normalize(b, NOW);

    assertThat(s.termBusinessDays).isEqualTo(30);
    assertThat(s.dueDate).isEqualTo(LocalDate.of(2026, 4, 20));
  }

  @Test
  void nonFilingEventsHaveNoSlaFields() {
    for (String type : List.of("ASIGNADA", "RESPONDIDA", "CERRADA", "REABIERTA")) {
      BronzeEvent b = respuesta();
      b.eventType = type;
      b.pqrType = "PETICION";

      SilverEvent s = normalizer.normalize(b, NOW);

      assertThat(s.filedDate).as(type).isNull();
      assertThat(s.termBusinessDays).as(type).isNull();
      assertThat(s.dueDate).as(type).isNull();
    }
  }

  @Test
  void eventDateIsTheBogotaDate() {
    BronzeEvent b = respuesta();
    b.eventTime = Instant.parse("2026-03-10T02:00:00Z");

    assertThat(normalizer.normalize(b, NOW).eventDate).isEqualTo(LocalDate.of(2026, 3, 9));
  }

  @Test
  void identifiersAreTrimmedAndProvenanceIsCopied() {
    BronzeEvent b = filing();
    b.eventId = " 7d2c9a10-3b4e-4f8a-8c2d-1e5f6a7b8c9d ";
    b.pqrId = " EPM-2026-0009876\n";
    b.assignee = "  Unidad de Facturación ";
    b.department = " Antioquia ";
    b.city = "Medellín  ";

    SilverEvent s = normalizer.normalize(b, NOW);

    assertThat(s.eventId).isEqualTo("7d2c9a10-3b4e-4f8a-8c2d-1e5f6a7b8c9d");
    assertThat(s.pqrId).isEqualTo("EPM-2026-0009876");
    assertThat(s.assignee).isEqualTo("Unidad de Facturación");
    assertThat(s.department).isEqualTo("Antioquia");
    assertThat(s.city).isEqualTo("Medellín");
    assertThat(s.eventType).isEqualTo("RADICADA");
    assertThat(s.tenantId).isEqualTo("epm");
    assertThat(s.channel).isEqualTo("TELEFONO");
    assertThat(s.pqrType).isEqualTo("PETICION");
    assertThat(s.daneCode).isEqualTo("05001");
    assertThat(s.sourceTopic).isEqualTo("pqr-events");
    assertThat(s.sourcePartition).isEqualTo(1);
    assertThat(s.sourceOffset).isEqualTo(77L);
    assertThat(s.runId).isEqualTo("stream-20261126T104000Z-3fa2-00002");
    assertThat(s.runSeq).isEqualTo(2);
    assertThat(s.processedAt).isEqualTo(NOW);
  }

  private static List<String> stringFields(SilverEvent s) throws IllegalAccessException {
    List<String> values = new ArrayList<>();
    for (Field f : SilverEvent.class.getFields()) {
      if (f.getType() == String.class && !Modifier.isStatic(f.getModifiers())) {
        String v = (String) f.get(s);
        if (v != null) {
          values.add(v);
        }
      }
    }
    return values;
  }

  private static BronzeEvent filing() {
    BronzeEvent b = new BronzeEvent();
    b.eventId = "7d2c9a10-3b4e-4f8a-8c2d-1e5f6a7b8c9d";
    b.schemaVersion = 1;
    b.eventType = "RADICADA";
    b.eventTime = Instant.parse("2026-03-05T04:30:00Z");
    b.pqrId = "EPM-2026-0009876";
    b.tenantId = "epm";
    b.channel = "TELEFONO";
    b.pqrType = "PETICION";
    b.subject = "Cobro excesivo en la factura de Ana María Gómez";
    b.description = "Soy Ana María Gómez, cédula 1.036.123.456, mi correo es ana.gomez@example.com "
        + "y mi celular 300 123 4567. Solicito revisión del medidor.";
    b.citizenDocumentType = "CC";
    b.citizenDocumentNumber = "1.036.123.456";
    b.citizenName = "Ana María Gómez Restrepo";
    b.citizenEmail = "ana.gomez@example.com";
    b.citizenPhone = "+57 300 123 4567";
    b.daneCode = "05001";
    b.department = "Antioquia";
    b.city = "Medellín";
    b.payload = "{}".getBytes(StandardCharsets.UTF_8);
    b.sourceTopic = "pqr-events";
    b.sourcePartition = 1;
    b.sourceOffset = 77L;
    b.sourceTimestamp = Instant.parse("2026-03-05T05:00:00Z");
    b.runId = "stream-20261126T104000Z-3fa2-00002";
    b.runSeq = 2;
    b.ingestedAt = Instant.parse("2026-03-05T05:00:01Z");
    return b;
  }

  private static BronzeEvent respuesta() {
    BronzeEvent b = filing();
    b.eventId = "e8f9a0b1-c2d3-4e5f-a6b7-c8d9e0f1a2b3";
    b.eventType = "RESPONDIDA";
    b.eventTime = Instant.parse("2026-03-10T13:30:00Z");
    b.channel = null;
    b.pqrType = null;
    b.subject = null;
    b.description = null;
    b.citizenDocumentType = null;
    b.citizenDocumentNumber = null;
    b.citizenName = null;
    b.citizenEmail = null;
    b.citizenPhone = null;
    b.response = "Cordial saludo. Se revisó el medidor.";
    return b;
  }
}
