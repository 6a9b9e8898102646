package co.pqr.lakehouse.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Generates a realistic, deterministic stream of PQR events (contract v1) for the pipeline.
 *
 * <p>Each of {@link GeneratorConfig#cases()} cases is a lifecycle of JSON events: RADICADA (with
 * channel, declared type, Spanish subject and description, citizen and usually a location), then
 * ASIGNADA (to an area), RESPONDIDA, CERRADA; some cases are reopened (REABIERTA, a new
 * RESPONDIDA, a new CERRADA), some get a second RESPONDIDA, some are never answered, some are
 * answered after their legal due date, most on time. Filings spread over the window with a bias
 * towards working hours on weekdays, and some late-evening filings (22:00–23:59 in Bogotá, the
 * next day in UTC). Events that would fall after {@code end} are not emitted: those cases are
 * still open. Every channel and every type appear once there are at least 8 cases, and every
 * tenant once there are at least as many cases as tenants.
 *
 * <p>Faults on top, by the config's shares: exact redeliveries (same bytes, later), out-of-order
 * delivery (including RADICADAs that arrive after their RESPONDIDA), answers for PQRs never filed,
 * second answers, and malformed records of every {@link MalformedKind}.
 *
 * <p>Deterministic: all randomness comes from one {@link SplittableRandom} seeded with {@link
 * GeneratorConfig#seed()}, split per case (texts and lifecycles) and once for the faults, so the
 * same config gives byte-identical output. event_id values are version-4 UUIDs drawn from it.
 *
 * <p>How on time and late are placed without a holiday calendar: N business days span at least
 * {@code N * 7 / 5 - 2} calendar days, and at most about {@code N * 7 / 5 + 7} with the holidays
 * of any Colombian month; on-time answers fall within 80% of the former, late answers at least 8
 * days after {@code N * 7 / 5}.
 */
public final class PqrEventGenerator {

  /** Bogotá's offset; Colombia has no daylight saving time. */
  static final ZoneOffset BOGOTA = ZoneOffset.ofHours(-5);

  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
  private static final DateTimeFormatter LOCAL_TIME_NO_OFFSET =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  /** Share of event times written in UTC ('Z') rather than with Bogotá's -05:00. */
  static final double UTC_SHARE = 0.2;
  /** Share of cases whose pqr_id is also used by another tenant. */
  static final double SHARED_ID_SHARE = 0.015;
  /** Share of filings that carry a location. */
  static final double LOCATION_SHARE = 0.85;
  /** Share of out-of-order cases (with an answer) whose RADICADA arrives after their RESPONDIDA. */
  static final double RESPONSE_BEFORE_FILING_SHARE = 0.4;

  private static final double[] CHANNEL_WEIGHTS = {30, 20, 15, 12, 8, 7, 8};
  private static final double[] TYPE_WEIGHTS = {25, 20, 22, 4, 5, 3, 13, 8};
  private static final Map<String, double[]> TOPIC_WEIGHTS = Map.of(
      // BILLING, SERVICE_OUTAGE, STAFF, PROCEDURES, ROADS, HEALTH, SECURITY, ENVIRONMENT
      "alcaldia-medellin", new double[] {8, 3, 12, 18, 22, 5, 15, 17},
      "gobernacion-antioquia", new double[] {5, 2, 12, 30, 25, 12, 8, 6},
      "epm", new double[] {40, 33, 12, 6, 4, 0, 0, 5},
      "sic", new double[] {35, 15, 20, 25, 0, 0, 0, 5},
      "eps-sura", new double[] {10, 0, 15, 12, 0, 63, 0, 0});
  private static final double[] UNIFORM_TOPICS = {1, 1, 1, 1, 1, 1, 1, 1};
  private static final Map<String, Double> TENANT_WEIGHTS = Map.of(
      "alcaldia-medellin", 30.0, "gobernacion-antioquia", 15.0, "epm", 25.0, "sic", 10.0,
      "eps-sura", 20.0);

  private final GeneratorConfig config;
  private final ObjectMapper mapper = new ObjectMapper();

  public PqrEventGenerator(GeneratorConfig config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
  }

  public GeneratorConfig config() {
    return config;
  }

  // ------------------------------------------------------------------ internal model

  /** One PQR case (or an orphan answer) before its events are built. */
  private static final class CasePlan {
    final int index;
    final SplittableRandom rng;
    final boolean orphan;
    String tenant;
    Channel channel;
    PqrType type;
    Topic topic;
    Instant filedAt;
    String pqrId;

    CasePlan(int index, SplittableRandom rng, boolean orphan) {
      this.index = index;
      this.rng = rng;
      this.orphan = orphan;
    }
  }

  /** One record to send; {@code sendAt} orders the output and is not sent itself. */
  private static final class Outgoing {
    final String key;
    final byte[] value;
    final Instant eventTime;
    final boolean malformed;
    final EventType type;
    final long seq;
    Instant sendAt;

    Outgoing(String key, byte[] value, Instant eventTime, boolean malformed, EventType type,
        long seq, Instant sendAt) {
      this.key = key;
      this.value = value;
      this.eventTime = eventTime;
      this.malformed = malformed;
      this.type = type;
      this.seq = seq;
      this.sendAt = sendAt;
    }
  }

  private long seq;

  // ------------------------------------------------------------------ generation

  /**
   * Generates every record, in the order they should be sent.
   *
   * @return a new mutable list; same config, same bytes in the same order
   */
  public List<ProducedRecord> generate() {
    seq = 0;
    SplittableRandom root = new SplittableRandom(config.seed());
    SplittableRandom planRng = root.split();
    SplittableRandom caseRoot = root.split();
    SplittableRandom faultRng = root.split();

    List<CasePlan> plans = planCases(caseRoot, planRng);
    List<List<Outgoing>> perCase = new ArrayList<>(plans.size());
    for (CasePlan plan : plans) {
      perCase.add(plan.orphan ? orphanEvents(plan) : lifecycle(plan));
    }

    List<Outgoing> valid = new ArrayList<>();
    for (List<Outgoing> events : perCase) {
      valid.addAll(events);
    }
    reorder(perCase, faultRng);

    List<Outgoing> all = new ArrayList<>(valid);
    all.addAll(redeliveries(valid, faultRng));
    all.addAll(malformed(valid, faultRng));
    all.sort(Comparator.comparing((Outgoing o) -> o.sendAt).thenComparingLong(o -> o.seq));

    List<ProducedRecord> out = new ArrayList<>(all.size());
    for (Outgoing o : all) {
      out.add(new ProducedRecord(o.key, o.value, o.eventTime, o.malformed));
    }
    return out;
  }

  private List<CasePlan> planCases(SplittableRandom caseRoot, SplittableRandom planRng) {
    List<String> tenants = config.tenants();
    double[] tenantWeights = new double[tenants.size()];
    for (int i = 0; i < tenants.size(); i++) {
      tenantWeights[i] = TENANT_WEIGHTS.getOrDefault(tenants.get(i), 20.0);
    }
    List<CasePlan> filed = new ArrayList<>(config.cases());
    for (int i = 0; i < config.cases(); i++) {
      CasePlan p = new CasePlan(i, caseRoot.split(), false);
      SplittableRandom rng = p.rng;
      // The first cases cover every tenant, channel and type; the rest follow the weights.
      p.tenant = i < tenants.size() ? tenants.get(i) : tenants.get(Pick.weighted(rng, tenantWeights));
      p.channel = i < Channel.values().length ? Channel.values()[i]
          : Channel.values()[Pick.weighted(rng, CHANNEL_WEIGHTS)];
      p.type = i < PqrType.values().length ? PqrType.values()[i]
          : PqrType.values()[Pick.weighted(rng, TYPE_WEIGHTS)];
      p.topic = topicFor(rng, p.tenant);
      p.filedAt = filingTime(rng, p.channel);
      filed.add(p);
    }
    filed.sort(Comparator.comparing((CasePlan p) -> p.filedAt).thenComparingInt(p -> p.index));

    // Radicados: a counter per tenant and year, starting at a tenant-specific base.
    Map<String, Integer> counters = new HashMap<>();
    Map<String, Set<String>> idsByTenant = new HashMap<>();
    List<CasePlan> assigned = new ArrayList<>(filed.size());
    for (CasePlan p : filed) {
      int year = p.filedAt.atOffset(BOGOTA).getYear();
      String id = nextRadicado(counters, planRng, p.tenant, year);
      if (!assigned.isEmpty() && Pick.chance(planRng, SHARED_ID_SHARE)) {
        CasePlan other = assigned.get(planRng.nextInt(assigned.size()));
        Set<String> own = idsByTenant.computeIfAbsent(p.tenant, t -> new HashSet<>());
        if (!other.tenant.equals(p.tenant) && !own.contains(other.pqrId)) {
          id = other.pqrId;
        }
      }
      p.pqrId = id;
      idsByTenant.computeIfAbsent(p.tenant, t -> new HashSet<>()).add(id);
      assigned.add(p);
    }

    // Answers for PQRs never filed: fresh radicados nobody filed.
    int orphans = (int) Math.round(config.orphanAnswerShare() * config.cases());
    List<CasePlan> all = new ArrayList<>(filed);
    for (int i = 0; i < orphans; i++) {
      CasePlan p = new CasePlan(config.cases() + i, caseRoot.split(), true);
      p.tenant = tenants.get(Pick.weighted(p.rng, tenantWeights));
      p.type = PqrType.values()[Pick.weighted(p.rng, TYPE_WEIGHTS)];
      p.topic = topicFor(p.rng, p.tenant);
      p.filedAt = randomInstant(p.rng);
      p.pqrId = nextRadicado(counters, planRng, p.tenant, p.filedAt.atOffset(BOGOTA).getYear());
      all.add(p);
    }
    return all;
  }

  private String nextRadicado(
      Map<String, Integer> counters, SplittableRandom planRng, String tenant, int year) {
    String key = tenant + "/" + year;
    Integer next = counters.get(key);
    if (next == null) {
      int tenantIndex = config.tenants().indexOf(tenant);
      next = 10_000 + (tenantIndex % 60) * 150_000 + planRng.nextInt(5_000);
    }
    counters.put(key, next + 1);
    return String.format(Locale.ROOT, "%d-ER-%07d", year, next % 10_000_000);
  }

  private static Topic topicFor(SplittableRandom rng, String tenant) {
    return Topic.values()[Pick.weighted(rng, TOPIC_WEIGHTS.getOrDefault(tenant, UNIFORM_TOPICS))];
  }

  /** A filing instant in [start, end): weekdays and working hours preferred, some late evenings. */
  private Instant filingTime(SplittableRandom rng, Channel channel) {
    LocalDate first = config.start().atOffset(BOGOTA).toLocalDate();
    LocalDate last = config.end().atOffset(BOGOTA).toLocalDate();
    int days = (int) ChronoUnit.DAYS.between(first, last) + 1;
    for (int attempt = 0; attempt < 30; attempt++) {
      LocalDate date = first.plusDays(rng.nextInt(days));
      boolean weekend = date.getDayOfWeek().getValue() >= 6;
      if (weekend && (channel.officeHoursOnly() || !Pick.chance(rng, 0.35))) {
        continue;
      }
      LocalTime time;
      double r = rng.nextDouble();
      if (channel.officeHoursOnly()) {
        time = LocalTime.of(Pick.between(rng, 8, 16), rng.nextInt(60), rng.nextInt(60));
      } else if (channel == Channel.TELEFONO) {
        time = LocalTime.of(Pick.between(rng, 7, 19), rng.nextInt(60), rng.nextInt(60));
      } else if (r < 0.72) {
        time = LocalTime.of(Pick.between(rng, 7, 17), rng.nextInt(60), rng.nextInt(60));
      } else if (r < 0.84) {
        time = LocalTime.of(Pick.between(rng, 18, 21), rng.nextInt(60), rng.nextInt(60));
      } else if (r < 0.94) {
        time = LocalTime.of(Pick.between(rng, 22, 23), rng.nextInt(60), rng.nextInt(60));
      } else {
        time = LocalTime.of(Pick.between(rng, 0, 6), rng.nextInt(60), rng.nextInt(60));
      }
      Instant t = LocalDateTime.of(date, time).toInstant(BOGOTA);
      if (!t.isBefore(config.start()) && t.isBefore(config.end())) {
        return t;
      }
    }
    return randomInstant(rng);
  }

  /** Uniform instant in [start, end), whole seconds. */
  private Instant randomInstant(SplittableRandom rng) {
    Instant start = config.start().truncatedTo(ChronoUnit.SECONDS);
    if (start.isBefore(config.start())) {
      start = start.plusSeconds(1);
    }
    long span = Duration.between(start, config.end()).getSeconds();
    return span <= 0 ? start : start.plusSeconds(rng.nextLong(span));
  }

  /** Moves a time outside 07:00–18:59 (Bogotá) to the next working morning. */
  private static Instant workingHours(SplittableRandom rng, Instant t) {
    OffsetDateTime local = t.atOffset(BOGOTA);
    int hour = local.getHour();
    if (hour >= 7 && hour < 19) {
      return t;
    }
    LocalDate day = hour < 7 ? local.toLocalDate() : local.toLocalDate().plusDays(1);
    LocalTime time = LocalTime.of(Pick.between(rng, 7, 10), rng.nextInt(60), rng.nextInt(60));
    return LocalDateTime.of(day, time).toInstant(BOGOTA);
  }

  private static Instant after(Instant earlier, Instant candidate, SplittableRandom rng) {
    Instant min = earlier.plusSeconds(60);
    return candidate.isBefore(min) ? earlier.plusSeconds(Pick.between(rng, 600, 4 * 3600)) : candidate;
  }

  private static Instant plusHours(Instant t, SplittableRandom rng, double minHours, double maxHours) {
    double h = minHours + rng.nextDouble() * (maxHours - minHours);
    return t.plusSeconds((long) (h * 3600));
  }

  // ------------------------------------------------------------------ lifecycles

  private List<Outgoing> lifecycle(CasePlan p) {
    SplittableRandom rng = p.rng;
    List<Outgoing> events = new ArrayList<>();
    Citizen citizen = Citizen.random(rng);
    boolean anonymous = p.type == PqrType.DENUNCIA && Pick.chance(rng, 0.3);
    Places.Location location = Pick.chance(rng, LOCATION_SHARE) ? Places.forTenant(rng, p.tenant) : null;
    String entity = Places.entityName(p.tenant);
    LocalDate filingDate = p.filedAt.atOffset(BOGOTA).toLocalDate();
    TextComposer.Filing text = TextComposer.filing(rng, new TextComposer.FilingContext(
        p.topic, p.type, p.channel, citizen, anonymous, p.tenant, entity,
        location == null ? null : location.city(), filingDate));

    add(events, p, EventType.RADICADA, p.filedAt, n -> {
      n.put("channel", p.channel.name());
      n.put("pqr_type", p.type.name());
      n.put("subject", text.subject());
      n.put("description", text.description());
      if (!anonymous) {
        ObjectNode c = n.putObject("citizen");
        c.put("document_type", citizen.documentType());
        c.put("document_number", citizen.documentNumber());
        c.put("name", citizen.name());
        if (citizen.email() != null) {
          c.put("email", citizen.email());
        }
        if (citizen.phone() != null) {
          c.put("phone", citizen.phone());
        }
      }
      if (location != null) {
        ObjectNode l = n.putObject("location");
        l.put("dane_code", location.daneCode());
        l.put("department", location.department());
        l.put("city", location.city());
      }
    });

    String area = Pick.one(rng, p.topic.areas);
    Instant last = p.filedAt;
    double answered = 1.0 - config.unansweredShare();
    double outcome = rng.nextDouble();
    boolean unanswered = outcome < config.unansweredShare();
    boolean late = !unanswered && outcome < config.unansweredShare() + config.lateAnswerShare();

    if (!unanswered || Pick.chance(rng, 0.85)) {
      Instant assigned = after(last, workingHours(rng, plusHours(p.filedAt, rng, 0.1, 48)), rng);
      if (!add(events, p, EventType.ASIGNADA, assigned, n -> n.put("assignee", area))) {
        return events;
      }
      last = assigned;
    }
    if (unanswered) {
      return events;
    }

    int calendar = p.type.approxCalendarDays();
    double days = late
        ? calendar + 8 + rng.nextDouble() * 0.8 * p.type.businessDays
        : 0.2 + Math.pow(rng.nextDouble(), 0.7) * (0.8 * (calendar - 2) - 0.2);
    Instant responded = after(last,
        workingHours(rng, p.filedAt.plusSeconds((long) (days * 86_400))), rng);
    String firstResponse = TextComposer.response(rng, p.topic, p.type, p.pqrId, entity, area,
        TextComposer.ResponseKind.FIRST);
    if (!add(events, p, EventType.RESPONDIDA, responded, n -> n.put("response", firstResponse))) {
      return events;
    }
    last = responded;

    double extra = rng.nextDouble() * answered;
    boolean reopen = extra < config.reopenShare();
    boolean secondAnswer = !reopen && extra < config.reopenShare() + config.secondAnswerShare();
    if (secondAnswer) {
      Instant again = after(last, workingHours(rng, plusHours(last, rng, 1, 120)), rng);
      String complement = TextComposer.response(rng, p.topic, p.type, p.pqrId, entity, area,
          TextComposer.ResponseKind.COMPLEMENT);
      if (!add(events, p, EventType.RESPONDIDA, again, n -> n.put("response", complement))) {
        return events;
      }
      last = again;
    }
    if (!reopen && !Pick.chance(rng, 0.93)) {
      return events; // answered, never formally closed
    }
    Instant closed = after(last, plusHours(last, rng, 1, 72), rng);
    if (!add(events, p, EventType.CERRADA, closed, n -> { })) {
      return events;
    }
    last = closed;
    if (!reopen) {
      return events;
    }
    Instant reopened = after(last, plusHours(last, rng, 24, 15 * 24), rng);
    if (!add(events, p, EventType.REABIERTA, reopened, n -> { })) {
      return events;
    }
    Instant again = after(reopened, workingHours(rng, plusHours(reopened, rng, 24, 10 * 24)), rng);
    String afterReopen = TextComposer.response(rng, p.topic, p.type, p.pqrId, entity, area,
        TextComposer.ResponseKind.AFTER_REOPEN);
    if (!add(events, p, EventType.RESPONDIDA, again, n -> n.put("response", afterReopen))) {
      return events;
    }
    Instant closedAgain = after(again, plusHours(again, rng, 1, 72), rng);
    add(events, p, EventType.CERRADA, closedAgain, n -> { });
    return events;
  }

  /** A RESPONDIDA (sometimes followed by a CERRADA) for a radicado that was never filed. */
  private List<Outgoing> orphanEvents(CasePlan p) {
    SplittableRandom rng = p.rng;
    List<Outgoing> events = new ArrayList<>();
    String entity = Places.entityName(p.tenant);
    String area = Pick.one(rng, p.topic.areas);
    Instant responded = workingHours(rng, p.filedAt);
    if (responded.isAfter(config.end())) {
      responded = p.filedAt;
    }
    String response = TextComposer.response(rng, p.topic, null, p.pqrId, entity, area,
        TextComposer.ResponseKind.FIRST);
    add(events, p, EventType.RESPONDIDA, responded, n -> n.put("response", response));
    if (Pick.chance(rng, 0.5)) {
      add(events, p, EventType.CERRADA, after(responded, plusHours(responded, rng, 1, 48), rng),
          n -> { });
    }
    return events;
  }

  /**
   * Serialises one event and appends it, unless its time is after the window's end.
   *
   * @return whether it was added (false: this and every later event of the case are not emitted)
   */
  private boolean add(List<Outgoing> events, CasePlan p, EventType type, Instant time,
      Consumer<ObjectNode> fields) {
    Instant t = time.truncatedTo(ChronoUnit.SECONDS);
    if (t.isAfter(config.end())) {
      return false;
    }
    ObjectNode n = mapper.createObjectNode();
    n.put("schema_version", 1);
    n.put("event_id", uuid(p.rng));
    n.put("event_type", type.name());
    n.put("event_time", formatTime(t, Pick.chance(p.rng, UTC_SHARE)));
    n.put("pqr_id", p.pqrId);
    n.put("tenant_id", p.tenant);
    fields.accept(n);
    events.add(new Outgoing(p.pqrId, bytes(n), t, false, type, seq++, t));
    return true;
  }

  static String formatTime(Instant t, boolean utc) {
    return EVENT_TIME.format(t.atOffset(utc ? ZoneOffset.UTC : BOGOTA));
  }

  /** A version-4 (random) UUID drawn from the given source. */
  static String uuid(SplittableRandom rng) {
    long msb = (rng.nextLong() & 0xFFFF_FFFF_FFFF_0FFFL) | 0x0000_0000_0000_4000L;
    long lsb = (rng.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }

  private byte[] bytes(JsonNode n) {
    try {
      return mapper.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ faults

  /** Delays an earlier event of some cases past a later one (send order only). */
  private void reorder(List<List<Outgoing>> perCase, SplittableRandom rng) {
    for (List<Outgoing> events : perCase) {
      if (events.size() < 2 || !Pick.chance(rng, config.outOfOrderShare())) {
        continue;
      }
      Outgoing filing = events.get(0).type == EventType.RADICADA ? events.get(0) : null;
      Outgoing response = events.stream().filter(e -> e.type == EventType.RESPONDIDA).findFirst()
          .orElse(null);
      if (filing != null && response != null && Pick.chance(rng, RESPONSE_BEFORE_FILING_SHARE)) {
        filing.sendAt = response.sendAt.plusSeconds(Pick.between(rng, 1, 6 * 3600));
      } else {
        int k = 1 + rng.nextInt(events.size() - 1);
        events.get(k - 1).sendAt = events.get(k).sendAt.plusSeconds(Pick.between(rng, 1, 2 * 3600));
      }
    }
  }

  /** Exact redeliveries of {@code round(duplicateShare * V)} distinct valid events. */
  private List<Outgoing> redeliveries(List<Outgoing> valid, SplittableRandom rng) {
    int count = (int) Math.round(config.duplicateShare() * valid.size());
    List<Outgoing> out = new ArrayList<>(count);
    for (int index : sample(rng, valid.size(), count)) {
      Outgoing o = valid.get(index);
      long delay = (long) Math.pow(10, rng.nextDouble() * 5.4); // 1 s to ~3 days
      out.add(new Outgoing(o.key, o.value, o.eventTime, false, o.type, seq++,
          o.sendAt.plusSeconds(delay)));
    }
    return out;
  }

  /** {@code count} distinct indices in [0, n), in draw order (partial Fisher–Yates). */
  private static int[] sample(SplittableRandom rng, int n, int count) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    int k = Math.min(count, n);
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] out = new int[k];
    System.arraycopy(idx, 0, out, 0, k);
    return out;
  }

  /** {@code round(malformedShare * V)} records that break the contract, kinds round-robin. */
  private List<Outgoing> malformed(List<Outgoing> valid, SplittableRandom rng) {
    int count = (int) Math.round(config.malformedShare() * valid.size());
    List<Outgoing> filings = valid.stream().filter(o -> o.type == EventType.RADICADA).toList();
    MalformedKind[] kinds = MalformedKind.values();
    List<Outgoing> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      MalformedKind kind = kinds[i % kinds.length];
      boolean wantsFiling = kind == MalformedKind.OVERSIZED_DESCRIPTION
          || kind == MalformedKind.MISSING_REQUIRED_FIELD && rng.nextBoolean();
      List<Outgoing> pool = wantsFiling && !filings.isEmpty() ? filings : valid;
      Outgoing base = pool.get(rng.nextInt(pool.size()));
      ObjectNode node = (ObjectNode) readTree(base.value);
      node.put("event_id", uuid(rng));
      Broken broken = breakIt(kind, node, base, rng);
      out.add(new Outgoing(broken.key, broken.value, base.eventTime, true, base.type, seq++,
          base.sendAt.plusSeconds(Pick.between(rng, 1, 60))));
    }
    return out;
  }

  private record Broken(String key, byte[] value) {}

  private Broken breakIt(MalformedKind kind, ObjectNode n, Outgoing base, SplittableRandom rng) {
    String pqrId = n.path("pqr_id").asText();
    String tenant = n.path("tenant_id").asText();
    String eventType = n.path("event_type").asText();
    String eventTime = n.path("event_time").asText();
    boolean filing = "RADICADA".equals(eventType);
    switch (kind) {
      case NOT_JSON -> {
        String token = uuid(rng);
        return switch (rng.nextInt(6)) {
          case 0 -> new Broken(null, utf8("RADICADO " + pqrId + " | " + tenant + " | " + eventType
              + " | ref " + token));
          case 1 -> new Broken(null, utf8("<pqr><id>" + pqrId + "</id><tenant>" + tenant
              + "</tenant><estado>" + eventType + "</estado><ref>" + token + "</ref></pqr>"));
          case 2 -> new Broken(null, utf8("event_type=" + eventType + ";pqr_id=" + pqrId
              + ";tenant_id=" + tenant + ";event_id=" + token));
          case 3 -> new Broken(pqrId, utf8("{pqr_id: '" + pqrId + "', tenant_id: '" + tenant
              + "', event_type: '" + eventType + "', event_id: '" + token + "'}"));
          case 4 -> {
            String json = new String(bytes(n), StandardCharsets.UTF_8);
            yield new Broken(pqrId, utf8(json.substring(0, json.length() - 1) + ",}"));
          }
          default -> {
            String json = new String(bytes(n), StandardCharsets.UTF_8);
            yield new Broken(pqrId, utf8(json + json));
          }
        };
      }
      case TRUNCATED_JSON -> {
        byte[] full = bytes(n);
        int cut = full.length / 4 + rng.nextInt(Math.max(1, full.length * 3 / 4 - 1));
        byte[] part = new byte[Math.min(cut, full.length - 1)];
        System.arraycopy(full, 0, part, 0, part.length);
        return new Broken(pqrId, part);
      }
      case WRONG_TYPE -> {
        List<Runnable> options = new ArrayList<>();
        options.add(() -> n.put("schema_version", "1"));
        options.add(() -> n.put("event_time", base.eventTime.toEpochMilli()));
        options.add(() -> n.put("pqr_id", Long.parseLong(pqrId.replaceAll("[^0-9]", ""))));
        options.add(() -> n.put("tenant_id", 17));
        if (n.has("citizen")) {
          options.add(() -> n.put("citizen", n.path("citizen").path("document_type").asText()
              + " " + n.path("citizen").path("document_number").asText()));
        }
        if (n.has("assignee")) {
          options.add(() -> n.putArray("assignee").add(n.path("assignee").asText()));
        }
        if (n.has("location")) {
          options.add(() -> ((ObjectNode) n.path("location")).put("dane_code", 5001));
        }
        Pick.one(rng, options).run();
        return new Broken(pqrId, bytes(n));
      }
      case MISSING_TENANT_ID -> {
        n.remove("tenant_id");
        return new Broken(pqrId, bytes(n));
      }
      case MISSING_REQUIRED_FIELD -> {
        List<String> fields = filing
            ? List.of("channel", "pqr_type", "subject", "description", "event_time")
            : List.of("event_time", "event_id", "pqr_id", "event_type");
        n.remove(Pick.one(rng, fields));
        return new Broken(pqrId, bytes(n));
      }
      case UNKNOWN_ENUM -> {
        List<Runnable> options = new ArrayList<>();
        options.add(() -> n.put("event_type", Pick.one(rng, List.of("ARCHIVADA", "EN_TRAMITE",
            "respondida", "TRASLADADA"))));
        if (filing) {
          options.add(() -> n.put("channel", Pick.one(rng, List.of("FAX", "WHATSAPP",
              "CORREO_FISICO", "web"))));
          options.add(() -> n.put("pqr_type", Pick.one(rng, List.of("TUTELA", "RECLAMACION",
              "PETICIÓN", "QUEJA_RECLAMO"))));
        }
        if (n.has("citizen")) {
          options.add(() -> ((ObjectNode) n.path("citizen")).put("document_type",
              Pick.one(rng, List.of("RC", "CEDULA", "PPT", "cc"))));
        }
        Pick.one(rng, options).run();
        return new Broken(pqrId, bytes(n));
      }
      case TIME_WITHOUT_OFFSET -> {
        n.put("event_time", LOCAL_TIME_NO_OFFSET.format(base.eventTime.atOffset(BOGOTA)));
        return new Broken(pqrId, bytes(n));
      }
      case TIME_YEAR_9999 -> {
        n.put("event_time", "9999" + eventTime.substring(4));
        return new Broken(pqrId, bytes(n));
      }
      case TIME_YEAR_1999 -> {
        n.put("event_time", "1999" + eventTime.substring(4));
        return new Broken(pqrId, bytes(n));
      }
      case INVALID_UTF8 -> {
        return new Broken(pqrId, invalidUtf8(n, rng));
      }
      case OVERSIZED_DESCRIPTION -> {
        String seed = n.path("description").asText("Descripción sin texto.");
        StringBuilder b = new StringBuilder(seed);
        int target = 20_001 + rng.nextInt(2_000);
        while (b.codePointCount(0, b.length()) < target) {
          b.append(' ').append(seed);
        }
        n.put("description", b.toString());
        return new Broken(pqrId, bytes(n));
      }
      case BAD_IDENTIFIER -> {
        switch (rng.nextInt(5)) {
          case 0 -> n.put("tenant_id", Pick.one(rng, List.of("EPM S.A.", tenant.toUpperCase(Locale.ROOT),
              "alcaldía-medellín", tenant + " ")));
          case 1 -> n.put("pqr_id", pqrId + "-" + "0".repeat(65 - pqrId.length()));
          case 2 -> n.put("pqr_id", "");
          case 3 -> n.put("event_id", Pick.one(rng, List.of("12345", "not-a-uuid",
              uuid(rng).replace("-", ""))));
          default -> n.put("schema_version", 3); // a version no contract defines (v1 and v2 exist)
        }
        return new Broken(pqrId, bytes(n));
      }
    }
    throw new IllegalStateException("unhandled kind " + kind);
  }

  private static final String MARK = "~~BAD-BYTES~~";

  /** JSON whose bytes are not UTF-8; never contains a newline byte. */
  private byte[] invalidUtf8(ObjectNode n, SplittableRandom rng) {
    String json = new String(bytes(n), StandardCharsets.UTF_8);
    boolean hasLatin1 = json.chars().anyMatch(c -> c >= 0x80 && c <= 0xFF);
    if (hasLatin1 && rng.nextBoolean()) {
      // A producer that encodes as Latin-1 ("Medellín" -> 0xED, not 0xC3 0xAD).
      return json.getBytes(StandardCharsets.ISO_8859_1);
    }
    String field = n.has("description") ? "description" : n.has("response") ? "response"
        : n.has("assignee") ? "assignee" : "pqr_id";
    String value = n.path(field).asText();
    int at = value.isEmpty() ? 0 : rng.nextInt(value.length());
    n.put(field, value.substring(0, at) + MARK + value.substring(at));
    byte[] withMark = bytes(n);
    byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE9}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xC0, (byte) 0xAF}};
    return replace(withMark, MARK.getBytes(StandardCharsets.US_ASCII), bad[rng.nextInt(bad.length)]);
  }

  private static byte[] replace(byte[] haystack, byte[] needle, byte[] with) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(haystack.length);
    int i = 0;
    outer:
    while (i < haystack.length) {
      if (i + needle.length <= haystack.length) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) {
            out.write(haystack[i]);
            i++;
            continue outer;
          }
        }
        out.write(with, 0, with.length);
        i += needle.length;
      } else {
        out.write(haystack[i]);
        i++;
      }
    }
    return out.toByteArray();
  }

  private JsonNode readTree(byte[] value) {
    try {
      return mapper.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
