package co.pqr.lakehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An independent computation of Gold from the valid input events, written from BRIEF's definitions
 * with its own literal holiday list (official 2025-2027 lists) — it calls no production code.
 */
final class GoldOracle {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
  private static final Set<LocalDate> HOLIDAYS = Set.of(
      LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 6), LocalDate.of(2025, 3, 24), LocalDate.of(2025, 4, 17),
      LocalDate.of(2025, 4, 18), LocalDate.of(2025, 5, 1), LocalDate.of(2025, 6, 2), LocalDate.of(2025, 6, 23),
      LocalDate.of(2025, 6, 30), LocalDate.of(2025, 7, 20), LocalDate.of(2025, 8, 7), LocalDate.of(2025, 8, 18),
      LocalDate.of(2025, 10, 13), LocalDate.of(2025, 11, 3), LocalDate.of(2025, 11, 17), LocalDate.of(2025, 12, 8),
      LocalDate.of(2025, 12, 25),
      LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 12), LocalDate.of(2026, 3, 23), LocalDate.of(2026, 4, 2),
      LocalDate.of(2026, 4, 3), LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 18), LocalDate.of(2026, 6, 8),
      LocalDate.of(2026, 6, 15), LocalDate.of(2026, 6, 29), LocalDate.of(2026, 7, 20), LocalDate.of(2026, 8, 7),
      LocalDate.of(2026, 8, 17), LocalDate.of(2026, 10, 12), LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 16),
      LocalDate.of(2026, 12, 8), LocalDate.of(2026, 12, 25),
      LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 11), LocalDate.of(2027, 3, 22), LocalDate.of(2027, 3, 25),
      LocalDate.of(2027, 3, 26));

  record Kpi(long received, long answered, long onTime, Double avgHours) {
    /**
     * Equal counts, and averages equal within a micro-hour: Postgres averages in numeric, the oracle
     * in double, so the last digits may differ (rounding both to a fixed number of digits is not enough:
     * two values either side of a rounding boundary still differ).
     */
    boolean matches(Kpi o) {
      return o != null && received == o.received && answered == o.answered && onTime == o.onTime
          && (avgHours == null ? o.avgHours == null : o.avgHours != null && Math.abs(avgHours - o.avgHours) <= 1e-6);
    }
  }

  record Backlog(LocalDate asOf, long open, long overdue, long dueWithin3, long openHighUrgency) {}

  record Topic(long received, long negative, long highUrgency) {}

  /** The enrichment Silver recorded for a filing (an input fact to Gold, produced by the model). */
  record Enrichment(String category, String sentiment, String urgency) {}

  private static final class Case {
    Instant filedAt;
    String filedId;
    String channel;
    String type;
    Instant firstResponse;
    Instant statusAt;
    String statusId;
    String status;
    Enrichment enrichment;
  }

  final Map<String, Kpi> kpis = new TreeMap<>();
  final Map<String, Backlog> backlog = new TreeMap<>();
  final Map<String, Topic> topics = new TreeMap<>();
  final int distinctEvents;

  GoldOracle(Collection<byte[]> validPayloads) throws Exception {
    this(validPayloads, Map.of());
  }

  /**
   * @param validPayloads the payloads that satisfy the contract, duplicates included
   * @param enrichment by filing event id, as recorded in Silver (empty: topics are not computed)
   */
  GoldOracle(Collection<byte[]> validPayloads, Map<String, Enrichment> enrichment) throws Exception {
    Map<String, JsonNode> events = new LinkedHashMap<>();
    for (byte[] p : validPayloads) {
      JsonNode e = JSON.readTree(p);
      events.putIfAbsent(e.get("event_id").asText(), e);
    }
    distinctEvents = events.size();
    Map<String, Case> cases = new HashMap<>();
    Map<String, Instant> latest = new HashMap<>();
    for (JsonNode e : events.values()) {
      String tenant = e.get("tenant_id").asText();
      Instant t = OffsetDateTime.parse(e.get("event_time").asText()).toInstant();
      String id = e.get("event_id").asText();
      latest.merge(tenant, t, (a, b) -> a.isAfter(b) ? a : b);
      Case c = cases.computeIfAbsent(tenant + "|" + e.get("pqr_id").asText(), k -> new Case());
      switch (e.get("event_type").asText()) {
        case "RADICADA" -> {
          if (c.filedAt == null || t.isBefore(c.filedAt) || (t.equals(c.filedAt) && id.compareTo(c.filedId) < 0)) {
            c.filedAt = t;
            c.filedId = id;
            c.channel = e.get("channel").asText();
            c.type = e.get("pqr_type").asText();
            c.enrichment = enrichment.get(id);
          }
        }
        case "RESPONDIDA" -> {
          if (c.firstResponse == null || t.isBefore(c.firstResponse)) {
            c.firstResponse = t;
          }
        }
        case "CERRADA", "REABIERTA" -> {
          if (c.statusAt == null || t.isAfter(c.statusAt) || (t.equals(c.statusAt) && id.compareTo(c.statusId) > 0)) {
            c.statusAt = t;
            c.statusId = id;
            c.status = e.get("event_type").asText();
          }
        }
        default -> { }
      }
    }
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, double[]> hours = new HashMap<>();
    Map<String, long[]> back = new TreeMap<>();
    Map<String, long[]> topicCounts = new TreeMap<>();
    for (Map.Entry<String, Case> entry : cases.entrySet()) {
      String tenant = entry.getKey().substring(0, entry.getKey().indexOf('|'));
      Case c = entry.getValue();
      if (c.filedAt == null) {
        continue;
      }
      LocalDate filed = local(c.filedAt);
      LocalDate due = dueDate(filed, c.type);
      counts.computeIfAbsent(key(tenant, filed, c.channel, c.type), k -> new long[3])[0]++;
      if (c.firstResponse != null) {
        LocalDate answered = local(c.firstResponse);
        String k = key(tenant, answered, c.channel, c.type);
        long[] kc = counts.computeIfAbsent(k, x -> new long[3]);
        kc[1]++;
        if (!answered.isAfter(due)) {
          kc[2]++;
        }
        double[] h = hours.computeIfAbsent(k, x -> new double[1]);
        h[0] += Duration.between(c.filedAt, c.firstResponse).toMillis() / 3_600_000.0;
      }
      if (c.enrichment != null) {
        long[] t = topicCounts.computeIfAbsent(tenant + "|" + filed + "|" + c.enrichment.category(), k -> new long[3]);
        t[0]++;
        t[1] += "NEGATIVO".equals(c.enrichment.sentiment()) ? 1 : 0;
        t[2] += "ALTA".equals(c.enrichment.urgency()) ? 1 : 0;
      }
      LocalDate asOf = local(latest.get(tenant));
      long[] b = back.computeIfAbsent(tenant, k -> new long[4]);
      if (!"CERRADA".equals(c.status)) {
        b[0]++;
        if (c.enrichment != null && "ALTA".equals(c.enrichment.urgency())) {
          b[3]++;
        }
        if (asOf.isAfter(due)) {
          b[1]++;
        } else if (!due.isAfter(asOf.plusDays(3))) {
          b[2]++;
        }
      }
    }
    topicCounts.forEach((k, t) -> topics.put(k, new Topic(t[0], t[1], t[2])));
    counts.forEach((k, c) -> kpis.put(k, new Kpi(c[0], c[1], c[2], c[1] == 0 ? null : hours.get(k)[0] / c[1])));
    for (String tenant : latest.keySet()) {
      long[] b = back.getOrDefault(tenant, new long[4]);
      backlog.put(tenant, new Backlog(local(latest.get(tenant)), b[0], b[1], b[2], enrichment.isEmpty() ? -1 : b[3]));
    }
  }

  static String key(String tenant, LocalDate day, String channel, String type) {
    return tenant + "|" + day + "|" + channel + "|" + type;
  }

  static LocalDate local(Instant t) {
    return t.atZone(BOGOTA).toLocalDate();
  }

  static LocalDate dueDate(LocalDate filed, String type) {
    int n = switch (type) {
      case "SOLICITUD_INFORMACION" -> 10;
      case "CONSULTA" -> 30;
      default -> 15;
    };
    LocalDate d = filed;
    while (n > 0) {
      d = d.plusDays(1);
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY && !HOLIDAYS.contains(d)) {
        n--;
      }
    }
    return d;
  }
}
