package co.pqr.lakehouse.gold;

import co.pqr.lakehouse.silver.SilverEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a batch of Silver events to Gold in one transaction. Writers (the stream and any
 * backfill) take a per-tenant advisory lock in tenant order, merge the events into
 * {@code gold.pqr_case}, then recompute — from the whole case table, never by increments — every
 * KPI row and backlog row the batch touched. Re-applying events changes nothing; the order in which
 * events or writers arrive does not change the result.
 */
public final class GoldStore {
  private static final String SELECT_CASES =
      "SELECT tenant_id, pqr_id, filed_at, filed_event_id, channel, pqr_type, filed_date, due_date,"
          + " first_response_at, first_response_date, status_event_time, status_event_id, status_event_type,"
          + " last_event_time, inferred_type, category, sentiment, urgency, model_version FROM gold.pqr_case"
          + " WHERE (tenant_id, pqr_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))";

  private static final String UPSERT_CASE =
      "INSERT INTO gold.pqr_case (tenant_id, pqr_id, filed_at, filed_event_id, channel, pqr_type, filed_date,"
          + " due_date, first_response_at, first_response_date, status_event_time, status_event_id,"
          + " status_event_type, last_event_time, last_run_id, updated_at, inferred_type, category, sentiment,"
          + " urgency, model_version)"
          + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, now(),?,?,?,?,?)"
          + " ON CONFLICT (tenant_id, pqr_id) DO UPDATE SET filed_at = EXCLUDED.filed_at,"
          + " filed_event_id = EXCLUDED.filed_event_id, channel = EXCLUDED.channel, pqr_type = EXCLUDED.pqr_type,"
          + " filed_date = EXCLUDED.filed_date, due_date = EXCLUDED.due_date,"
          + " first_response_at = EXCLUDED.first_response_at, first_response_date = EXCLUDED.first_response_date,"
          + " status_event_time = EXCLUDED.status_event_time, status_event_id = EXCLUDED.status_event_id,"
          + " status_event_type = EXCLUDED.status_event_type, last_event_time = EXCLUDED.last_event_time,"
          + " last_run_id = EXCLUDED.last_run_id, updated_at = now(), inferred_type = EXCLUDED.inferred_type,"
          + " category = EXCLUDED.category, sentiment = EXCLUDED.sentiment, urgency = EXCLUDED.urgency,"
          + " model_version = EXCLUDED.model_version";

  private static final String RECOMPUTE_TOPICS =
      "INSERT INTO gold.pqr_topics_daily (tenant_id, day, category, received, negative_sentiment, high_urgency,"
          + " last_run_id, updated_at)"
          + " SELECT k.t, k.d, k.c, count(x.pqr_id), count(x.pqr_id) FILTER (WHERE x.sentiment = 'NEGATIVO'),"
          + "   count(x.pqr_id) FILTER (WHERE x.urgency = 'ALTA'), ?, now()"
          + " FROM unnest(?::text[], ?::date[], ?::text[]) AS k(t, d, c)"
          + " LEFT JOIN gold.pqr_case x ON x.tenant_id = k.t AND x.filed_date = k.d AND x.category = k.c"
          + " GROUP BY k.t, k.d, k.c"
          + " ON CONFLICT (tenant_id, day, category) DO UPDATE SET received = EXCLUDED.received,"
          + " negative_sentiment = EXCLUDED.negative_sentiment, high_urgency = EXCLUDED.high_urgency,"
          + " last_run_id = EXCLUDED.last_run_id, updated_at = now()";

  private static final String DELETE_EMPTY_TOPICS =
      "DELETE FROM gold.pqr_topics_daily WHERE received = 0"
          + " AND (tenant_id, day, category) IN (SELECT * FROM unnest(?::text[], ?::date[], ?::text[]))";

  private static final String RECOMPUTE_KPI =
      "INSERT INTO gold.pqr_kpi_daily (tenant_id, day, channel, pqr_type, received, answered, answered_on_time,"
          + " avg_response_hours, last_run_id, updated_at)"
          + " SELECT k.t, k.d, k.c, k.p,"
          + "   (SELECT count(*) FROM gold.pqr_case r WHERE r.tenant_id = k.t AND r.filed_date = k.d"
          + "      AND r.channel = k.c AND r.pqr_type = k.p),"
          + "   a.answered, a.on_time, a.avg_hours, ?, now()"
          + " FROM unnest(?::text[], ?::date[], ?::text[], ?::text[]) AS k(t, d, c, p)"
          + " CROSS JOIN LATERAL (SELECT count(*) AS answered,"
          + "     count(*) FILTER (WHERE x.first_response_date <= x.due_date) AS on_time,"
          + "     avg(extract(epoch FROM (x.first_response_at - x.filed_at)) / 3600.0) AS avg_hours"
          + "   FROM gold.pqr_case x WHERE x.tenant_id = k.t AND x.first_response_date = k.d"
          + "     AND x.channel = k.c AND x.pqr_type = k.p AND x.filed_at IS NOT NULL) a"
          + " ON CONFLICT (tenant_id, day, channel, pqr_type) DO UPDATE SET received = EXCLUDED.received,"
          + " answered = EXCLUDED.answered, answered_on_time = EXCLUDED.answered_on_time,"
          + " avg_response_hours = EXCLUDED.avg_response_hours, last_run_id = EXCLUDED.last_run_id,"
          + " updated_at = now()";

  private static final String DELETE_EMPTY_KPI =
      "DELETE FROM gold.pqr_kpi_daily WHERE received = 0 AND answered = 0"
          + " AND (tenant_id, day, channel, pqr_type) IN"
          + " (SELECT * FROM unnest(?::text[], ?::date[], ?::text[], ?::text[]))";

  private static final String RECOMPUTE_BACKLOG =
      "WITH asof AS (SELECT tenant_id, (max(last_event_time) AT TIME ZONE 'America/Bogota')::date AS d"
          + "   FROM gold.pqr_case WHERE tenant_id = ANY(?::text[]) GROUP BY tenant_id),"
          + " open_cases AS (SELECT c.tenant_id, c.due_date"
          + "   , c.urgency FROM gold.pqr_case c"
          + "   WHERE c.tenant_id = ANY(?::text[]) AND c.filed_at IS NOT NULL"
          + "   AND (c.status_event_type IS NULL OR c.status_event_type <> 'CERRADA'))"
          + " INSERT INTO gold.pqr_backlog (tenant_id, as_of_date, open, overdue, due_within_3_days,"
          + "   open_high_urgency, last_run_id, updated_at)"
          + " SELECT a.tenant_id, a.d, count(o.tenant_id),"
          + "   count(o.tenant_id) FILTER (WHERE a.d > o.due_date),"
          + "   count(o.tenant_id) FILTER (WHERE a.d <= o.due_date AND o.due_date <= a.d + 3),"
          + "   count(o.tenant_id) FILTER (WHERE o.urgency = 'ALTA'), ?, now()"
          + " FROM asof a LEFT JOIN open_cases o ON o.tenant_id = a.tenant_id GROUP BY a.tenant_id, a.d"
          + " ON CONFLICT (tenant_id) DO UPDATE SET as_of_date = EXCLUDED.as_of_date, open = EXCLUDED.open,"
          + " overdue = EXCLUDED.overdue, due_within_3_days = EXCLUDED.due_within_3_days,"
          + " open_high_urgency = EXCLUDED.open_high_urgency,"
          + " last_run_id = EXCLUDED.last_run_id, updated_at = now()"
          + " RETURNING tenant_id, overdue";

  private GoldStore() {}

  /**
   * Applies the events in one transaction; the caller commits nothing and retries the whole call.
   *
   * @return the overdue count of every tenant whose backlog was recomputed
   */
  public static Map<String, Long> apply(Connection c, List<SilverEvent> events, String runId) throws SQLException {
    if (events.isEmpty()) {
      return Map.of();
    }
    c.setAutoCommit(false);
    try {
      Set<String> tenants = new TreeSet<>();
      Map<String, List<SilverEvent>> byCase = new LinkedHashMap<>();
      for (SilverEvent e : events) {
        tenants.add(e.tenantId);
        byCase.computeIfAbsent(e.tenantId + "\u0000" + e.pqrId, k -> new ArrayList<>()).add(e);
      }
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('pqr-gold'), hashtext(?))")) {
        for (String tenant : tenants) {
          lock.setString(1, tenant);
          lock.execute();
        }
      }
      Map<String, CaseState> cases = loadCases(c, byCase);
      Set<List<Object>> kpiKeys = new java.util.HashSet<>();
      Set<List<Object>> topicKeys = new java.util.HashSet<>();
      for (CaseState s : cases.values()) {
        addKpiKeys(s, kpiKeys);
        addTopicKey(s, topicKeys);
      }
      for (Map.Entry<String, List<SilverEvent>> entry : byCase.entrySet()) {
        SilverEvent first = entry.getValue().get(0);
        CaseState state = cases.computeIfAbsent(entry.getKey(), k -> new CaseState(first.tenantId, first.pqrId));
        for (SilverEvent e : entry.getValue()) {
          state.apply(e);
        }
        addKpiKeys(state, kpiKeys);
        addTopicKey(state, topicKeys);
      }
      upsertCases(c, cases.values(), runId);
      recomputeKpis(c, kpiKeys, runId);
      recomputeTopics(c, topicKeys, runId);
      Map<String, Long> overdue = recomputeBacklog(c, tenants, runId);
      c.commit();
      return overdue;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static void addKpiKeys(CaseState s, Set<List<Object>> keys) {
    if (!s.filed()) {
      return;
    }
    keys.add(List.of(s.tenantId, s.filedDate, s.channel, s.pqrType));
    if (s.firstResponseDate != null) {
      keys.add(List.of(s.tenantId, s.firstResponseDate, s.channel, s.pqrType));
    }
  }

  private static void addTopicKey(CaseState s, Set<List<Object>> keys) {
    if (s.filed() && s.category != null) {
      keys.add(List.of(s.tenantId, s.filedDate, s.category));
    }
  }

  private static void recomputeTopics(Connection c, Set<List<Object>> keys, String runId) throws SQLException {
    recompute(c, keys, new String[] {"text", "date", "text"}, RECOMPUTE_TOPICS, DELETE_EMPTY_TOPICS, runId);
  }

  /**
   * Recomputes the Gold rows of the given keys ({@code recomputeSql}: the run id, then one array per
   * key column) and deletes those left empty ({@code deleteSql}: the same arrays).
   */
  private static void recompute(Connection c, Set<List<Object>> keys, String[] types, String recomputeSql,
      String deleteSql, String runId) throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    Object[][] columns = new Object[types.length][keys.size()];
    int row = 0;
    for (List<Object> k : keys) {
      for (int col = 0; col < types.length; col++) {
        Object v = k.get(col);
        columns[col][row] = v instanceof LocalDate d ? Date.valueOf(d) : v;
      }
      row++;
    }
    Array[] arrays = new Array[types.length];
    for (int col = 0; col < types.length; col++) {
      arrays[col] = c.createArrayOf(types[col], columns[col]);
    }
    try (PreparedStatement ps = c.prepareStatement(recomputeSql)) {
      ps.setString(1, runId);
      for (int col = 0; col < arrays.length; col++) {
        ps.setArray(col + 2, arrays[col]);
      }
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
      for (int col = 0; col < arrays.length; col++) {
        ps.setArray(col + 1, arrays[col]);
      }
      ps.executeUpdate();
    }
  }

  private static Map<String, CaseState> loadCases(Connection c, Map<String, List<SilverEvent>> byCase)
      throws SQLException {
    List<String> tenants = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (List<SilverEvent> events : byCase.values()) {
      tenants.add(events.get(0).tenantId);
      ids.add(events.get(0).pqrId);
    }
    Map<String, CaseState> cases = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_CASES)) {
      ps.setArray(1, c.createArrayOf("text", tenants.toArray()));
      ps.setArray(2, c.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          CaseState s = new CaseState(rs.getString(1), rs.getString(2));
          s.filedAt = instant(rs.getObject(3, java.time.OffsetDateTime.class));
          s.filedEventId = rs.getString(4);
          s.channel = rs.getString(5);
          s.pqrType = rs.getString(6);
          s.filedDate = rs.getObject(7, LocalDate.class);
          s.dueDate = rs.getObject(8, LocalDate.class);
          s.firstResponseAt = instant(rs.getObject(9, java.time.OffsetDateTime.class));
          s.firstResponseDate = rs.getObject(10, LocalDate.class);
          s.statusEventTime = instant(rs.getObject(11, java.time.OffsetDateTime.class));
          s.statusEventId = rs.getString(12);
          s.statusEventType = rs.getString(13);
          s.lastEventTime = instant(rs.getObject(14, java.time.OffsetDateTime.class));
          s.inferredType = rs.getString(15);
          s.category = rs.getString(16);
          s.sentiment = rs.getString(17);
          s.urgency = rs.getString(18);
          s.modelVersion = rs.getString(19);
          cases.put(s.tenantId + "\u0000" + s.pqrId, s);
        }
      }
    }
    return cases;
  }

  private static void upsertCases(Connection c, Iterable<CaseState> cases, String runId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT_CASE)) {
      for (CaseState s : cases) {
        ps.setString(1, s.tenantId);
        ps.setString(2, s.pqrId);
        ps.setObject(3, timestamp(s.filedAt), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setString(4, s.filedEventId);
        ps.setString(5, s.channel);
        ps.setString(6, s.pqrType);
        ps.setObject(7, s.filedDate, java.sql.Types.DATE);
        ps.setObject(8, s.dueDate, java.sql.Types.DATE);
        ps.setObject(9, timestamp(s.firstResponseAt), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setObject(10, s.firstResponseDate, java.sql.Types.DATE);
        ps.setObject(11, timestamp(s.statusEventTime), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setString(12, s.statusEventId);
        ps.setString(13, s.statusEventType);
        ps.setObject(14, timestamp(s.lastEventTime), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        ps.setString(15, runId);
        ps.setString(16, s.inferredType);
        ps.setString(17, s.category);
        ps.setString(18, s.sentiment);
        ps.setString(19, s.urgency);
        ps.setString(20, s.modelVersion);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void recomputeKpis(Connection c, Set<List<Object>> keys, String runId) throws SQLException {
    recompute(c, keys, new String[] {"text", "date", "text", "text"}, RECOMPUTE_KPI, DELETE_EMPTY_KPI, runId);
  }

  private static Map<String, Long> recomputeBacklog(Connection c, Set<String> tenants, String runId)
      throws SQLException {
    Array ta = c.createArrayOf("text", tenants.toArray());
    Map<String, Long> overdue = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(RECOMPUTE_BACKLOG)) {
      ps.setArray(1, ta);
      ps.setArray(2, ta);
      ps.setString(3, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          overdue.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return overdue;
  }

  private static Instant instant(java.time.OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static java.time.OffsetDateTime timestamp(Instant i) {
    return i == null ? null : i.atOffset(java.time.ZoneOffset.UTC);
  }
}
