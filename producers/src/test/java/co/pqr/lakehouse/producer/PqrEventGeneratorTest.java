package co.pqr.lakehouse.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PqrEventGeneratorTest {

  /** Default config with 2,000 cases and a fixed end, shared by the read-only tests. */
  private static Generated big;

  @BeforeAll
  static void generate() {
    big = Generated.of(2_000);
  }

  @Test
  void sameSeedGivesByteIdenticalOutput() {
    GeneratorConfig config = GeneratorConfig.builder().end(Generated.END).cases(500).build();
    List<ProducedRecord> first = new PqrEventGenerator(config).generate();
    List<ProducedRecord> second = new PqrEventGenerator(config).generate();
    assertThat(second).hasSameSizeAs(first);
    assertThat(concat(second)).isEqualTo(concat(first));
    assertThat(second).containsExactlyElementsOf(first);
  }

  @Test
  void differentSeedGivesDifferentOutput() {
    GeneratorConfig config = GeneratorConfig.builder().end(Generated.END).cases(500).build();
    byte[] a = concat(new PqrEventGenerator(config).generate());
    byte[] b = concat(new PqrEventGenerator(config.toBuilder().seed(43).build()).generate());
    assertThat(b).isNotEqualTo(a);
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    GeneratorConfig c = GeneratorConfig.defaults();
    assertThat(c.seed()).isEqualTo(42L);
    assertThat(c.cases()).isEqualTo(1000);
    assertThat(c.tenants()).containsExactly(
        "alcaldia-medellin", "gobernacion-antioquia", "epm", "sic", "eps-sura");
    assertThat(c.end()).isBetween(before, Instant.now());
    assertThat(c.end().getNano()).isZero();
    assertThat(Duration.between(c.start(), c.end())).isEqualTo(Duration.ofDays(45));
    assertThat(c.duplicateShare()).isEqualTo(0.02);
    assertThat(c.outOfOrderShare()).isEqualTo(0.05);
    assertThat(c.malformedShare()).isEqualTo(0.01);
    assertThat(c.reopenShare()).isEqualTo(0.05);
    assertThat(c.unansweredShare()).isEqualTo(0.15);
    assertThat(c.lateAnswerShare()).isEqualTo(0.15);
  }

  @Test
  void invalidConfigIsRejectedWithTheSettingsName() {
    assertThatThrownBy(() -> GeneratorConfig.builder().tenants(List.of("EPM")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenants");
    assertThatThrownBy(() -> GeneratorConfig.builder().cases(-1).build())
        .hasMessageContaining("cases");
    assertThatThrownBy(() -> GeneratorConfig.builder().malformedShare(1.5).build())
        .hasMessageContaining("malformedShare");
    assertThatThrownBy(() -> GeneratorConfig.builder()
        .start(Generated.END).end(Generated.END).build())
        .hasMessageContaining("start");
  }

  @Test
  void everyChannelTypeAndTenantAppearIn2000Cases() {
    List<Generated.Event> filings = big.ofType("RADICADA");
    assertThat(filings).hasSize(2_000);
    assertThat(filings.stream().map(e -> e.json().get("channel").asText()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("WEB", "EMAIL", "TELEFONO", "PRESENCIAL", "CHAT",
            "REDES_SOCIALES", "APP");
    assertThat(filings.stream().map(e -> e.json().get("pqr_type").asText()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("PETICION", "QUEJA", "RECLAMO", "SUGERENCIA", "DENUNCIA",
            "FELICITACION", "SOLICITUD_INFORMACION", "CONSULTA");
    assertThat(filings.stream().map(e -> e.json().get("tenant_id").asText()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(GeneratorConfig.DEFAULT_TENANTS);
  }

  @Test
  void everyChannelAndTypeAppearEvenInEightCases() {
    Generated small = Generated.of(8);
    List<Generated.Event> filings = small.ofType("RADICADA");
    assertThat(filings.stream().map(e -> e.json().get("channel").asText()).collect(Collectors.toSet()))
        .hasSize(7);
    assertThat(filings.stream().map(e -> e.json().get("pqr_type").asText()).collect(Collectors.toSet()))
        .hasSize(8);
  }

  @Test
  void duplicatesAndMalformedFollowTheConfiguredShares() {
    int valid = big.events.size();
    assertThat(big.redeliveries).isEqualTo((int) Math.round(0.02 * valid));
    assertThat(big.malformed).isEqualTo((int) Math.round(0.01 * valid));
    assertThat(big.records).hasSize(valid + big.redeliveries + big.malformed);
  }

  @Test
  void exactCountsForSeed42AreStable() {
    Generated g = Generated.of(1_000);
    assertThat(g.events.size()).isEqualTo(3_143);
    assertThat(g.redeliveries).isEqualTo(63); // round(0.02 * 3,143)
    assertThat(g.malformed).isEqualTo(31); // round(0.01 * 3,143)
    assertThat(g.records.size()).isEqualTo(3_237);
  }

  @Test
  void sharesCanBeTurnedOff() {
    Generated clean = new Generated(GeneratorConfig.builder().end(Generated.END).cases(300)
        .duplicateShare(0).malformedShare(0).outOfOrderShare(0).orphanAnswerShare(0).build());
    assertThat(clean.redeliveries).isZero();
    assertThat(clean.malformed).isZero();
    // In order: send order is event-time order.
    for (int i = 1; i < clean.events.size(); i++) {
      assertThat(clean.events.get(i).time()).isAfterOrEqualTo(clean.events.get(i - 1).time());
    }
  }

  @Test
  void noEventTimeIsAfterTheEndOrBeforeTheStart() {
    for (ProducedRecord r : big.records) {
      assertThat(r.eventTime()).isBeforeOrEqualTo(big.config.end());
    }
    for (Generated.Event e : big.events) {
      assertThat(e.time()).isBetween(big.config.start(), big.config.end());
      assertThat(big.records.get(e.sendIndex()).eventTime()).isEqualTo(e.time());
    }
    // Cases filed near the end are still open.
    Map<String, List<Generated.Event>> cases = big.byCase();
    long openAtEnd = cases.values().stream()
        .filter(c -> c.stream().anyMatch(e -> e.type().equals("RADICADA")))
        .filter(c -> c.stream().noneMatch(e -> e.type().equals("CERRADA")))
        .count();
    assertThat(openAtEnd).isGreaterThan(300);
  }

  @Test
  void lifecycleOfEachFiledCaseStartsWithRadicadaInEventTime() {
    int filed = 0;
    for (List<Generated.Event> c : big.byCase().values()) {
      List<Generated.Event> byTime = c.stream()
          .sorted(Comparator.comparing(Generated.Event::time)).toList();
      if (c.stream().noneMatch(e -> e.type().equals("RADICADA"))) {
        continue;
      }
      filed++;
      assertThat(byTime.get(0).type()).as("first event of %s", c.get(0).caseKey())
          .isEqualTo("RADICADA");
      // Strictly increasing times, so "sorted by event_time" is unambiguous.
      for (int i = 1; i < byTime.size(); i++) {
        assertThat(byTime.get(i).time()).isAfter(byTime.get(i - 1).time());
      }
      String sequence = byTime.stream().map(Generated.Event::type).collect(Collectors.joining(" "));
      assertThat(sequence).matches(
          "RADICADA( ASIGNADA)?( RESPONDIDA( RESPONDIDA)?( CERRADA( REABIERTA( RESPONDIDA( CERRADA)?)?)?)?)?");
    }
    // Two tenants sharing a pqr_id are separate cases, so there is one case per filing.
    assertThat(filed).isEqualTo(2_000);
  }

  @Test
  void faultsOfEveryKindArePresent() {
    Map<String, List<Generated.Event>> cases = big.byCase();
    long neverFiled = cases.values().stream()
        .filter(c -> c.stream().noneMatch(e -> e.type().equals("RADICADA")))
        .peek(c -> assertThat(c.stream().map(Generated.Event::type).sorted().toList())
            .isIn(List.of("RESPONDIDA"), List.of("CERRADA", "RESPONDIDA")))
        .count();
    assertThat(neverFiled).isEqualTo(Math.round(0.01 * 2_000));

    long answerSentBeforeFiling = cases.values().stream().filter(c -> {
      int filing = indexOf(c, "RADICADA");
      int answer = indexOf(c, "RESPONDIDA");
      return filing >= 0 && answer >= 0 && c.get(answer).sendIndex() < c.get(filing).sendIndex();
    }).count();
    assertThat(answerSentBeforeFiling).isGreaterThan(5);

    long outOfOrder = cases.values().stream().filter(c -> {
      for (int i = 1; i < c.size(); i++) {
        if (c.get(i).time().isBefore(c.get(i - 1).time())) {
          return true;
        }
      }
      return false;
    }).count();
    assertThat(outOfOrder).isBetween(60L, 150L); // ~5% of 2,000 cases (some have one event)

    long reopened = cases.values().stream()
        .filter(c -> c.stream().anyMatch(e -> e.type().equals("REABIERTA"))).count();
    assertThat(reopened).isBetween(40L, 140L);

    long secondAnswerWithoutReopen = cases.values().stream()
        .filter(c -> c.stream().filter(e -> e.type().equals("RESPONDIDA")).count() == 2)
        .filter(c -> c.stream().noneMatch(e -> e.type().equals("REABIERTA"))).count();
    assertThat(secondAnswerWithoutReopen).isGreaterThan(10);

    Set<String> shared = new HashSet<>();
    Map<String, Set<String>> tenantsById = big.ofType("RADICADA").stream().collect(
        Collectors.groupingBy(e -> e.json().get("pqr_id").asText(),
            Collectors.mapping(e -> e.json().get("tenant_id").asText(), Collectors.toSet())));
    tenantsById.forEach((id, tenants) -> {
      if (tenants.size() > 1) {
        shared.add(id);
      }
    });
    assertThat(shared).isNotEmpty();
  }

  @Test
  void answersAreClearlyOnTimeOrClearlyLate() {
    int onTime = 0;
    int late = 0;
    for (List<Generated.Event> c : big.byCase().values()) {
      int filing = indexOf(c, "RADICADA");
      int answer = indexOf(c, "RESPONDIDA");
      if (filing < 0 || answer < 0) {
        continue;
      }
      PqrType type = PqrType.valueOf(c.get(filing).json().get("pqr_type").asText());
      LocalDate filed = local(c.get(filing).time());
      LocalDate answered = local(c.get(answer).time());
      long days = ChronoUnit.DAYS.between(filed, answered);
      int calendar = type.businessDays * 7 / 5;
      // N business days never span fewer than N*7/5 - 2 calendar days, nor (with the holidays
      // of any Colombian month) more than N*7/5 + 7.
      assertThat(days).as("answer after %d days for a %s", days, type)
          .satisfiesAnyOf(d -> assertThat(d).isLessThan(calendar - 2),
              d -> assertThat(d).isGreaterThan(calendar + 7));
      if (days < calendar - 2) {
        onTime++;
      } else {
        late++;
      }
    }
    assertThat(onTime).isGreaterThan(800);
    assertThat(late).isGreaterThan(60);
  }

  @Test
  void filingsLeanOnWorkingHoursAndIncludeLateEvenings() {
    List<Generated.Event> filings = big.ofType("RADICADA");
    long working = filings.stream().filter(e -> bogotaHour(e) >= 7 && bogotaHour(e) < 18).count();
    long lateEvening = filings.stream().filter(e -> bogotaHour(e) >= 22).count();
    assertThat(working).isGreaterThan(filings.size() * 6 / 10);
    assertThat(lateEvening).isGreaterThan(50);
    // A 22:00-23:59 filing in Bogotá falls on the next day in UTC.
    Generated.Event one = filings.stream().filter(e -> bogotaHour(e) >= 22).findFirst().orElseThrow();
    assertThat(one.time().atOffset(java.time.ZoneOffset.UTC).toLocalDate())
        .isEqualTo(local(one.time()).plusDays(1));
  }

  @Test
  void eventTimesUseBogotaOffsetMostlyAndSometimesUtc() {
    long bogota = big.events.stream()
        .filter(e -> e.json().get("event_time").asText().endsWith("-05:00")).count();
    long utc = big.events.stream()
        .filter(e -> e.json().get("event_time").asText().endsWith("Z")).count();
    assertThat(bogota + utc).isEqualTo(big.events.size());
    assertThat(bogota).isGreaterThan(utc * 3);
    assertThat(utc).isGreaterThan(big.events.size() / 10);
    assertThat(big.events).allSatisfy(e -> assertThat(e.json().get("event_time").asText())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|-05:00)"));
  }

  @Test
  void identifiersLookReal() {
    Pattern radicado = Pattern.compile("20\\d\\d-ER-\\d{7}");
    Set<String> eventIds = new HashSet<>();
    for (Generated.Event e : big.events) {
      assertThat(e.json().get("pqr_id").asText()).matches(radicado);
      UUID id = UUID.fromString(e.eventId());
      assertThat(id.version()).isEqualTo(4);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(eventIds.add(e.eventId())).as("unique event_id").isTrue();
      assertThat(e.json().get("schema_version").asInt()).isEqualTo(1);
    }
    for (ProducedRecord r : big.records) {
      if (!r.malformed()) {
        assertThat(r.key()).isEqualTo(Generated.parse(r.value()).get("pqr_id").asText());
      }
    }
  }

  @Test
  void eventsCarryTheFieldsOfTheirType() {
    for (Generated.Event e : big.events) {
      JsonNode j = e.json();
      switch (e.type()) {
        case "RADICADA" -> {
          assertThat(j.get("channel").isTextual()).isTrue();
          assertThat(j.get("subject").asText()).isNotBlank();
          assertThat(j.get("description").asText()).isNotBlank().hasSizeLessThan(20_000);
        }
        case "ASIGNADA" -> assertThat(j.get("assignee").asText()).isNotBlank();
        case "RESPONDIDA" -> assertThat(j.get("response").asText()).contains(j.get("pqr_id").asText());
        default -> assertThat(j.has("description")).isFalse();
      }
    }
    List<Generated.Event> filings = big.ofType("RADICADA");
    long withLocation = filings.stream().filter(e -> e.json().has("location")).count();
    assertThat(withLocation).isBetween(filings.size() * 75L / 100, filings.size() * 95L / 100);
    assertThat(filings).allSatisfy(e -> {
      if (e.json().has("location")) {
        assertThat(e.json().at("/location/dane_code").asText()).matches("\\d{5}");
      }
    });
  }

  @Test
  void textsAreVariedAndCarryTypedPersonalData() {
    List<Generated.Event> filings = big.ofType("RADICADA");
    Set<String> descriptions = filings.stream().map(e -> e.json().get("description").asText())
        .collect(Collectors.toSet());
    Set<String> subjects = filings.stream().map(e -> e.json().get("subject").asText())
        .collect(Collectors.toSet());
    assertThat(descriptions.size()).isGreaterThan(filings.size() * 97 / 100);
    assertThat(subjects.size()).isGreaterThan(500);

    Pattern email = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    Pattern phone = Pattern.compile("(\\+57 ?)?\\(?\\b(3\\d\\d|60\\d)\\)?[ .-]?\\d{3}[ .-]?\\d{2} ?\\d{2}\\b");
    Pattern idNumber = Pattern.compile("(?i)\\b(c\\.?c\\.?|c[eé]dula)[^0-9]{0,30}\\d{1,3}(\\.?\\d{3}){2,3}\\b");
    long withEmail = count(filings, d -> email.matcher(d).find());
    long withPhone = count(filings, d -> phone.matcher(d).find());
    long withId = count(filings, d -> idNumber.matcher(d).find());
    long withOwnName = filings.stream().filter(e -> e.json().has("citizen")).filter(e -> {
      String name = Text.stripAccents(e.json().at("/citizen/name").asText()).toLowerCase();
      String firstTwo = String.join(" ", Arrays.asList(name.split(" ")).subList(0, 2));
      return Text.stripAccents(e.json().get("description").asText()).toLowerCase().contains(firstTwo);
    }).count();
    long allCaps = count(filings, d -> d.length() > 40 && d.equals(d.toUpperCase()));
    long noAccents = count(filings, d -> d.length() > 200 && !d.matches("(?s).*[áéíóú].*"));
    long withC_C = count(filings, d -> d.contains("C.C. "));
    assertThat(withEmail).isGreaterThan(150);
    assertThat(withPhone).isGreaterThan(200);
    assertThat(withId).isGreaterThan(50);
    assertThat(withC_C).isGreaterThan(5);
    assertThat(withOwnName).isGreaterThan(150);
    assertThat(allCaps).isGreaterThan(30);
    assertThat(noAccents).isGreaterThan(100);
  }

  @Test
  void noRecordContainsANewlineByte() {
    for (ProducedRecord r : big.records) {
      for (byte b : r.value()) {
        assertThat(b).isNotEqualTo((byte) '\n');
      }
    }
  }

  @Test
  void everyMalformedKindIsUsed() {
    // Kinds are assigned round-robin; with at least one record per kind every kind appears.
    assertThat(big.malformed).isGreaterThanOrEqualTo(MalformedKind.values().length);
    assertThat(EnumSet.allOf(MalformedKind.class)).hasSize(12);
    long notUtf8 = big.records.stream().filter(ProducedRecord::malformed)
        .filter(r -> !isUtf8(r.value())).count();
    assertThat(notUtf8).isGreaterThan(0);
  }

  // ------------------------------------------------------------------ helpers

  private static int indexOf(List<Generated.Event> c, String type) {
    int best = -1;
    for (int i = 0; i < c.size(); i++) {
      if (c.get(i).type().equals(type) && (best < 0 || c.get(i).time().isBefore(c.get(best).time()))) {
        best = i;
      }
    }
    return best;
  }

  private static LocalDate local(Instant t) {
    return t.atOffset(PqrEventGenerator.BOGOTA).toLocalDate();
  }

  private static int bogotaHour(Generated.Event e) {
    return OffsetDateTime.ofInstant(e.time(), PqrEventGenerator.BOGOTA).getHour();
  }

  private static long count(List<Generated.Event> filings,
      java.util.function.Predicate<String> onDescription) {
    return filings.stream().map(e -> e.json().get("description").asText()).filter(onDescription)
        .count();
  }

  private static boolean isUtf8(byte[] b) {
    try {
      java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(b));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] concat(List<ProducedRecord> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ProducedRecord r : records) {
      out.writeBytes(String.valueOf(r.key()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.write(0);
      out.writeBytes(r.value());
      out.write(0);
    }
    return out.toByteArray();
  }
}
