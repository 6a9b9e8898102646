package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.local.EmbeddedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of the provisioned Grafana dashboards and every alert rule, executed for real — Grafana
 * itself cannot run here. SQL panels run as the read-only role {@code pqr_grafana} against a Gold
 * filled by a real pipeline run and the KPI panels must show {@link GoldOracle}'s numbers; PromQL
 * panels and alert signals run on Debian's Prometheus scraping a running pipeline and must return
 * series that carry the pipeline's own labels (never a constant fallback).
 */
class DashboardQueriesIT {
  private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
  private static final String TOPIC = "it-dashboards";
  private static final String GRAFANA_USER = "pqr_grafana";
  private static final String GRAFANA_PASSWORD = System.getenv().getOrDefault("PQR_GRAFANA_PASSWORD", "pqr_grafana");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");

  /**
   * Metrics an alert relies on that the pipeline does not export yet. While listed, the test checks
   * that each is indeed absent; once exported, this test fails until the entry is removed. (Empty:
   * gold-writer now exports the per-tenant overdue gauge.)
   */
  private static final Set<String> AWAITING_EXPORT =
      Set.of();

  /** The columns each SQL query must return, by panel title (or "variable NAME"). */
  private static final Map<String, List<String>> SQL_COLUMNS = Map.ofEntries(
      Map.entry("variable tenant", List.of("tenant_id")),
      Map.entry("Received per day by channel", List.of("time", "metric", "received")),
      Map.entry("Received per day by type", List.of("time", "metric", "received")),
      Map.entry("On-time answer rate", List.of("time", "on-time rate")),
      Map.entry("On-time answer rate (period)", List.of("on-time rate", "answered")),
      Map.entry("Average response hours", List.of("time", "avg response hours")),
      Map.entry("Backlog", List.of("open", "overdue", "due_within_3_days")),
      Map.entry("Open high-urgency cases", List.of("open_high_urgency")),
      Map.entry("Backlog per tenant",
          List.of("tenant_id", "as_of_date", "open", "overdue", "due_within_3_days", "open_high_urgency")),
      Map.entry("Average response hours by type", List.of("pqr_type", "answered", "avg_response_hours")),
      Map.entry("Received by day, channel and type", List.of("day", "channel", "pqr_type", "received")),
      Map.entry("Topics", List.of("category", "received", "negative_sentiment", "high_urgency")),
      Map.entry("Negative sentiment share", List.of("time", "negative share")),
      Map.entry("Topics per day", List.of("time", "metric", "received")),
      Map.entry("Current run_id", List.of("run_id", "committed_at")),
      Map.entry("Recent runs", List.of("run_id", "mode", "status", "committed_at", "model_version", "records_in",
          "records_valid", "records_quarantined", "records_deduplicated", "records_silver")));

  private static EmbeddedKafka kafka;
  private static List<Fixtures.In> input;

  @TempDir Path dir;

  @BeforeAll
  static void startBrokerAndProduceFixtures() throws Exception {
    kafka = SharedKafka.broker();
    kafka.createTopic(TOPIC, 2);
    input = new ArrayList<>(Fixtures.edgeCases());
    input.addAll(Fixtures.generated(43, 300));
    produce(input);
  }


  // ---------------------------------------------------------------------------------------------
  // SQL panels

  @Test
  void everySqlQueryRunsAsTheReadOnlyGrafanaRoleAndTheKpiPanelsShowTheOraclesNumbers() throws Exception {
    assumeTrue(roleExists(GRAFANA_USER), "role " + GRAFANA_USER + " does not exist: run scripts/ensure-postgres.sh");
    List<ObservabilityFiles.Query> sql = ObservabilityFiles.dashboardQueries().stream()
        .filter(q -> q.datasourceType().equals(ObservabilityFiles.POSTGRES_DATASOURCE)).toList();
    assertThat(sql).extracting(ObservabilityFiles.Query::panel).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(SQL_COLUMNS.keySet());

    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), TOPIC)) {
      PipelineLauncher.Launched run = PipelineLauncher.launch(lake.settings,
          KafkaInput.range(kafka.bootstrapServers(), TOPIC, "it-dashboards-sql", "earliest", "latest"), "backfill",
          TestLakehouse.KEY, false);
      run.client().getJobExecutionResult().get();
      GoldOracle oracle = new GoldOracle(Fixtures.validPayloads(input), PipelineIT.enrichmentFrom(lake));
      assertThat(oracle.topics).isNotEmpty();

      try (Connection grafana = DriverManager.getConnection(lake.settings.pgUrl(), GRAFANA_USER, GRAFANA_PASSWORD)) {
        assertReadOnly(grafana);
        String other = oracle.backlog.keySet().stream().filter(t -> !t.startsWith("fixture-")).findFirst().orElseThrow();
        List<Set<String>> selections = List.of(Set.of("fixture-entidad"), Set.of("fixture-entidad", other));
        List<TimeRange> ranges = List.of(TimeRange.covering(oracle), TimeRange.bogotaDays(
            LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31)));
        boolean first = true;
        for (Set<String> tenants : selections) {
          for (TimeRange range : ranges) {
            Map<String, Rows> results = new LinkedHashMap<>();
            for (ObservabilityFiles.Query q : sql) {
              Rows rows = execute(grafana, q, expandSql(q.text(), tenants, range));
              assertThat(rows.columns).as(q + " columns").isEqualTo(SQL_COLUMNS.get(q.panel()));
              if (first) {
                assertThat(rows.values).as(q + " returns rows (tenant fixture-entidad, all fixture dates)").isNotEmpty();
              }
              results.put(q.panel(), rows);
            }
            first = false;
            assertKpiPanels(results, new Expected(oracle, tenants, range), tenants + " " + range);
            assertThat(column(results.get("variable tenant"), "tenant_id"))
                .containsExactlyInAnyOrderElementsOf(oracle.backlog.keySet());
            Rows current = results.get("Current run_id");
            assertThat(current.values).hasSize(1);
            assertThat((String) current.values.get(0).get(0)).startsWith(run.jobInstance());
            assertThat(results.get("Recent runs").values).hasSize((int) lake.scalar("SELECT count(*) FROM control.runs"));
            assertThat(results.get("Recent runs").values.get(0).get(0)).isEqualTo(current.values.get(0).get(0));
          }
        }
      }
    }
  }

  /** The role reads Gold and control.runs, and nothing else; it can change nothing. */
  private static void assertReadOnly(Connection grafana) {
    for (String forbidden : List.of("DELETE FROM gold.pqr_backlog", "UPDATE gold.pqr_kpi_daily SET received = 0",
        "SELECT count(*) FROM iceberg.iceberg_tables", "SELECT count(*) FROM control.models",
        "CREATE TABLE gold.grafana_scratch (x int)")) {
      assertThatThrownBy(() -> {
        try (Statement st = grafana.createStatement()) {
          st.execute(forbidden);
        }
      }).as(forbidden).isInstanceOfSatisfying(SQLException.class,
          e -> assertThat(e.getSQLState()).as(forbidden + ": " + e.getMessage()).isEqualTo("42501"));
    }
  }

  private static void assertKpiPanels(Map<String, Rows> r, Expected e, String context) {
    String c = " (" + context + ")";
    assertThat(longsBy(r.get("Received per day by channel"), row -> day(row.get(0)) + "|" + row.get(1), 2))
        .as("Received per day by channel" + c).isEqualTo(e.receivedBy(k -> k.day + "|" + k.channel, false));
    assertThat(longsBy(r.get("Received per day by type"), row -> day(row.get(0)) + "|" + row.get(1), 2))
        .as("Received per day by type" + c).isEqualTo(e.receivedBy(k -> k.day + "|" + k.type, false));
    assertThat(longsBy(r.get("Received by day, channel and type"), row -> row.get(0) + "|" + row.get(1) + "|" + row.get(2), 3))
        .as("Received by day, channel and type" + c).isEqualTo(e.receivedBy(k -> k.day + "|" + k.channel + "|" + k.type, true));

    assertDoubles(doublesBy(r.get("On-time answer rate"), row -> day(row.get(0)), 1), e.onTimeRateByDay(), "On-time answer rate" + c);
    Rows period = r.get("On-time answer rate (period)");
    assertThat(period.values).hasSize(1);
    assertThat(number(period.values.get(0).get(1))).as("answered in the period" + c).isEqualTo(e.answered());
    assertThat((Double) period.values.get(0).get(0)).as("On-time answer rate (period)" + c)
        .isCloseTo(e.onTimeRate(), org.assertj.core.data.Offset.offset(1e-9));

    assertDoubles(doublesBy(r.get("Average response hours"), row -> day(row.get(0)), 1), e.avgHoursBy(k -> k.day.toString()),
        "Average response hours" + c);
    Rows byType = r.get("Average response hours by type");
    assertDoubles(doublesBy(byType, row -> (String) row.get(0), 2), e.avgHoursBy(k -> k.type), "Average response hours by type" + c);
    assertThat(longsBy(byType, row -> (String) row.get(0), 1)).as("answered by type" + c).isEqualTo(e.answeredBy(k -> k.type));

    Rows backlog = r.get("Backlog");
    assertThat(backlog.values).hasSize(1);
    assertThat(backlog.values.get(0).stream().map(DashboardQueriesIT::number).toList()).as("Backlog" + c)
        .containsExactly(e.backlogSum(GoldOracle.Backlog::open), e.backlogSum(GoldOracle.Backlog::overdue),
            e.backlogSum(GoldOracle.Backlog::dueWithin3));
    Map<String, GoldOracle.Backlog> perTenant = new TreeMap<>();
    for (List<Object> row : r.get("Backlog per tenant").values) {
      perTenant.put((String) row.get(0), new GoldOracle.Backlog((LocalDate) row.get(1), number(row.get(2)),
          number(row.get(3)), number(row.get(4)), number(row.get(5))));
    }
    assertThat(perTenant).as("Backlog per tenant" + c).isEqualTo(e.backlog());
    assertThat(r.get("Open high-urgency cases").values).as("Open high-urgency cases" + c)
        .containsExactly(List.of(e.backlogSum(GoldOracle.Backlog::openHighUrgency)));

    Map<String, List<Long>> topics = new TreeMap<>();
    for (List<Object> row : r.get("Topics").values) {
      topics.put((String) row.get(0), List.of(number(row.get(1)), number(row.get(2)), number(row.get(3))));
    }
    assertThat(topics).as("Topics" + c).isEqualTo(e.topicsByCategory());
    assertThat(longsBy(r.get("Topics per day"), row -> day(row.get(0)) + "|" + row.get(1), 2)).as("Topics per day" + c)
        .isEqualTo(e.topicsReceivedByDayAndCategory());
    assertDoubles(doublesBy(r.get("Negative sentiment share"), row -> day(row.get(0)), 1), e.negativeShareByDay(),
        "Negative sentiment share" + c);
  }

  /** The oracle's numbers for one tenant selection and time range, computed as each panel defines them. */
  private record Expected(GoldOracle oracle, Set<String> tenants, TimeRange range) {
    record Key(String tenant, LocalDate day, String channel, String type) {}

    private Map<Key, GoldOracle.Kpi> kpis() {
      Map<Key, GoldOracle.Kpi> out = new TreeMap<>(Comparator.comparing(Key::toString));
      oracle.kpis.forEach((k, v) -> {
        String[] p = k.split("\\|");
        Key key = new Key(p[0], LocalDate.parse(p[1]), p[2], p[3]);
        if (tenants.contains(key.tenant) && range.contains(key.day)) {
          out.put(key, v);
        }
      });
      return out;
    }

    Map<String, Long> receivedBy(Function<Key, String> group, boolean positiveOnly) {
      Map<String, Long> out = new TreeMap<>();
      kpis().forEach((k, v) -> out.merge(group.apply(k), v.received(), Long::sum));
      if (positiveOnly) {
        out.values().removeIf(n -> n == 0);
      }
      return out;
    }

    Map<String, Long> answeredBy(Function<Key, String> group) {
      Map<String, Long> out = new TreeMap<>();
      kpis().forEach((k, v) -> {
        if (v.answered() > 0) {
          out.merge(group.apply(k), v.answered(), Long::sum);
        }
      });
      return out;
    }

    Map<String, Double> onTimeRateByDay() {
      Map<String, long[]> sums = new TreeMap<>();
      kpis().forEach((k, v) -> {
        long[] s = sums.computeIfAbsent(k.day.toString(), x -> new long[2]);
        s[0] += v.onTime();
        s[1] += v.answered();
      });
      Map<String, Double> out = new TreeMap<>();
      sums.forEach((day, s) -> {
        if (s[1] > 0) {
          out.put(day, (double) s[0] / s[1]);
        }
      });
      return out;
    }

    long answered() {
      return kpis().values().stream().mapToLong(GoldOracle.Kpi::answered).sum();
    }

    double onTimeRate() {
      return (double) kpis().values().stream().mapToLong(GoldOracle.Kpi::onTime).sum() / answered();
    }

    /** Mean response hours of the PQRs answered in each group (each key's mean weighted by its answered). */
    Map<String, Double> avgHoursBy(Function<Key, String> group) {
      Map<String, double[]> sums = new TreeMap<>();
      kpis().forEach((k, v) -> {
        if (v.answered() > 0) {
          double[] s = sums.computeIfAbsent(group.apply(k), x -> new double[2]);
          s[0] += v.avgHours() * v.answered();
          s[1] += v.answered();
        }
      });
      Map<String, Double> out = new TreeMap<>();
      sums.forEach((g, s) -> out.put(g, s[0] / s[1]));
      return out;
    }

    Map<String, GoldOracle.Backlog> backlog() {
      Map<String, GoldOracle.Backlog> out = new TreeMap<>(oracle.backlog);
      out.keySet().retainAll(tenants);
      return out;
    }

    long backlogSum(java.util.function.ToLongFunction<GoldOracle.Backlog> field) {
      return backlog().values().stream().mapToLong(field).sum();
    }

    private Map<String[], GoldOracle.Topic> topics() {
      Map<String[], GoldOracle.Topic> out = new LinkedHashMap<>();
      oracle.topics.forEach((k, v) -> {
        String[] p = k.split("\\|");
        if (tenants.contains(p[0]) && range.contains(LocalDate.parse(p[1]))) {
          out.put(p, v);
        }
      });
      return out;
    }

    Map<String, List<Long>> topicsByCategory() {
      Map<String, long[]> sums = new TreeMap<>();
      topics().forEach((p, t) -> {
        long[] s = sums.computeIfAbsent(p[2], x -> new long[3]);
        s[0] += t.received();
        s[1] += t.negative();
        s[2] += t.highUrgency();
      });
      Map<String, List<Long>> out = new TreeMap<>();
      sums.forEach((cat, s) -> out.put(cat, List.of(s[0], s[1], s[2])));
      return out;
    }

    Map<String, Long> topicsReceivedByDayAndCategory() {
      Map<String, Long> out = new TreeMap<>();
      topics().forEach((p, t) -> out.merge(p[1] + "|" + p[2], t.received(), Long::sum));
      return out;
    }

    Map<String, Double> negativeShareByDay() {
      Map<String, long[]> sums = new TreeMap<>();
      topics().forEach((p, t) -> {
        long[] s = sums.computeIfAbsent(p[1], x -> new long[2]);
        s[0] += t.negative();
        s[1] += t.received();
      });
      Map<String, Double> out = new TreeMap<>();
      sums.forEach((day, s) -> {
        if (s[1] > 0) {
          out.put(day, (double) s[0] / s[1]);
        }
      });
      return out;
    }
  }

  /**
   * A dashboard time range as Grafana sends it (UTC instants). On a date column,
   * {@code $__timeFilter(day)} compares with the instants' UTC dates, both ends included.
   */
  private record TimeRange(Instant from, Instant to) {
    static TimeRange bogotaDays(LocalDate first, LocalDate last) {
      return new TimeRange(first.atStartOfDay(BOGOTA).toInstant(), last.plusDays(1).atStartOfDay(BOGOTA).toInstant().minusSeconds(1));
    }

    static TimeRange covering(GoldOracle oracle) {
      TreeSet<LocalDate> days = new TreeSet<>();
      oracle.kpis.keySet().forEach(k -> days.add(LocalDate.parse(k.split("\\|")[1])));
      oracle.topics.keySet().forEach(k -> days.add(LocalDate.parse(k.split("\\|")[1])));
      return bogotaDays(days.first(), days.last());
    }

    boolean contains(LocalDate day) {
      return !day.isBefore(from.atOffset(ZoneOffset.UTC).toLocalDate()) && !day.isAfter(to.atOffset(ZoneOffset.UTC).toLocalDate());
    }

    String grafana(Instant t) {
      return "'" + DateTimeFormatter.ISO_INSTANT.format(t) + "'";
    }

    @Override
    public String toString() {
      return DateTimeFormatter.ISO_INSTANT.format(from) + ".." + DateTimeFormatter.ISO_INSTANT.format(to);
    }
  }

  /** Expands the Grafana macros and variables the dashboards use, as Grafana's Postgres datasource does. */
  private static String expandSql(String sql, Set<String> tenants, TimeRange range) {
    Matcher m = TIME_FILTER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(
          m.group(1).trim() + " BETWEEN " + range.grafana(range.from) + " AND " + range.grafana(range.to)));
    }
    m.appendTail(out);
    // A multi-value variable: each value single-quoted (quotes doubled), joined by commas.
    String tenantList = tenants.stream().sorted().map(t -> "'" + t.replace("'", "''") + "'").collect(Collectors.joining(","));
    String expanded = out.toString()
        .replace("$__timeFrom()", range.grafana(range.from))
        .replace("$__timeTo()", range.grafana(range.to))
        .replace("${tenant}", tenantList)
        .replace("$tenant", tenantList);
    assertThat(expanded).as("unexpanded macro or variable in " + sql).doesNotContain("$");
    return expanded;
  }

  private record Rows(List<String> columns, List<List<Object>> values) {}

  private static Rows execute(Connection c, ObservabilityFiles.Query q, String sql) {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i));
      }
      List<List<Object>> values = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(switch (md.getColumnTypeName(i)) {
            case "timestamptz" -> rs.getObject(i, OffsetDateTime.class);
            case "date" -> rs.getObject(i, LocalDate.class);
            default -> rs.getObject(i);
          });
        }
        values.add(row);
      }
      return new Rows(columns, values);
    } catch (SQLException e) {
      throw new AssertionError(q + " fails as " + GRAFANA_USER + ": " + e.getMessage() + "\n" + sql, e);
    }
  }

  private static String day(Object time) {
    return ((OffsetDateTime) time).atZoneSameInstant(BOGOTA).toLocalDate().toString();
  }

  private static Long number(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  private static List<Object> column(Rows rows, String name) {
    int i = rows.columns.indexOf(name);
    return rows.values.stream().map(r -> r.get(i)).toList();
  }

  private static Map<String, Long> longsBy(Rows rows, Function<List<Object>, String> key, int valueColumn) {
    Map<String, Long> out = new TreeMap<>();
    for (List<Object> row : rows.values) {
      assertThat(out.put(key.apply(row), number(row.get(valueColumn)))).as("one row per key").isNull();
    }
    return out;
  }

  private static Map<String, Double> doublesBy(Rows rows, Function<List<Object>, String> key, int valueColumn) {
    Map<String, Double> out = new TreeMap<>();
    for (List<Object> row : rows.values) {
      assertThat(out.put(key.apply(row), ((Number) row.get(valueColumn)).doubleValue())).as("one row per key").isNull();
    }
    return out;
  }

  private static void assertDoubles(Map<String, Double> actual, Map<String, Double> expected, String what) {
    assertThat(actual).as(what).usingRecursiveComparison()
        .withComparatorForType((a, b) -> Math.abs(a - b) <= 1e-6 ? 0 : Double.compare(a, b), Double.class)
        .isEqualTo(expected);
  }

  private static boolean roleExists(String role) throws SQLException {
    try (Connection c = DriverManager.getConnection(TestLakehouse.ADMIN_URL, TestLakehouse.USER, TestLakehouse.PASSWORD);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
      return rs.next();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // PromQL panels and alert rules

  @Test
  void everyPromQlPanelAndAlertSignalReturnsSeriesFromTheRunningPipeline() throws Exception {
    String prometheusBinary = ObservabilityFiles.executable("prometheus");
    List<ObservabilityFiles.Query> panels = ObservabilityFiles.dashboardQueries().stream()
        .filter(q -> q.datasourceType().equals(ObservabilityFiles.PROMETHEUS_DATASOURCE)).toList();
    List<ObservabilityFiles.Alert> alerts = ObservabilityFiles.alerts();
    assertThat(panels).isNotEmpty();
    int metricsPort = freePort();
    int prometheusPort = freePort();
    Set<String> fixtureTenants = new GoldOracle(Fixtures.validPayloads(input)).backlog.keySet();

    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), TOPIC)) {
      PipelineSettings settings = lake.settings.withMetricsPort(String.valueOf(metricsPort));
      PipelineLauncher.Launched job = PipelineLauncher.launch(settings,
          KafkaInput.stream(kafka.bootstrapServers(), TOPIC, "it-dashboards-prom"), "stream", TestLakehouse.KEY, false);
      Process prometheus = null;
      try {
        prometheus = startPrometheus(prometheusBinary, metricsPort, prometheusPort);
        PrometheusApi api = new PrometheusApi(prometheusPort);
        String jobId = job.client().getJobID().toHexString();
        String jobName = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
            .until(() -> api.series("flink_jobmanager_job_numRestarts{job_id=\"" + jobId + "\"}").get(0).get("job_name"),
                Objects::nonNull);
        Function<Map<String, String>, Boolean> fromPipeline = labels -> jobName.equals(labels.get("job_name"))
            || jobId.equals(labels.get("job_id")) || fixtureTenants.contains(labels.get("tenant"));

        Map<String, String> queries = new LinkedHashMap<>();
        for (ObservabilityFiles.Query q : panels) {
          queries.put("panel " + q, expandPromQl(q.text()));
        }
        for (ObservabilityFiles.Alert a : alerts) {
          if (AWAITING_EXPORT.stream().noneMatch(a.expr()::contains)) {
            queries.put("alert " + a.name() + " (without thresholds)", ObservabilityFiles.withoutThresholds(a.expr()));
          }
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
          List<String> missing = new ArrayList<>();
          for (Map.Entry<String, String> q : queries.entrySet()) {
            List<Map<String, String>> series = api.series(q.getValue());
            if (series.isEmpty() || !series.stream().allMatch(fromPipeline::apply)) {
              missing.add(q.getKey() + ": " + q.getValue().replaceAll("\\s+", " ") + " -> " + series);
            }
          }
          assertThat(missing).as("queries returning no series, or series not from job " + jobName).isEmpty();
        });

        for (ObservabilityFiles.Alert a : alerts) {
          api.series(a.expr()); // the full expression, thresholds included, is valid PromQL
        }
        for (String metric : AWAITING_EXPORT) {
          assertThat(api.series(metric)).as(metric + " is exported now: remove it from AWAITING_EXPORT").isEmpty();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
          Map<String, String> health = api.ruleHealth();
          Map<String, String> expected = new TreeMap<>();
          alerts.forEach(a -> expected.put(a.name(), "ok"));
          assertThat(health).as("rule health in Prometheus").isEqualTo(expected);
        });
      } finally {
        job.client().cancel().get();
        try {
          job.client().getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException cancelled) {
          // the job ends as cancelled; waiting for it keeps its writers out of the deleted temp folder
        }
        if (prometheus != null) {
          prometheus.destroy();
          if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
            prometheus.destroyForcibly();
          }
        }
      }
    }
  }

  /** Grafana's interval variables, as for a 15 s scrape interval. */
  private static String expandPromQl(String expr) {
    assertThat(expr).as("a panel shows what the pipeline exports, never a constant fallback")
        .doesNotContain("vector(", "absent(");
    String expanded = expr.replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "1h");
    assertThat(expanded).as("unexpanded variable in " + expr).doesNotContain("$");
    return expanded;
  }

  private Process startPrometheus(String binary, int metricsPort, int port) throws Exception {
    Path home = Files.createDirectories(dir.resolve("prometheus"));
    Path config = home.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "rule_files:",
        "  - " + ObservabilityFiles.root().resolve(ObservabilityFiles.RULES),
        "scrape_configs:",
        "  - job_name: pqr-it",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + metricsPort + "']",
        ""));
    Process p = new ProcessBuilder(binary, "--config.file=" + config, "--storage.tsdb.path=" + home.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(home.resolve("prometheus.log").toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
      assertThat(p.isAlive()).as(Files.readString(home.resolve("prometheus.log"))).isTrue();
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    });
    return p;
  }

  /** The few calls of Prometheus' HTTP API the test needs. */
  private record PrometheusApi(int port) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private JsonNode get(String path, String form) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
      if (form != null) {
        request.header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
      }
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.path("status").asText()).as(form + " -> " + response.body()).isEqualTo("success");
      return body.path("data");
    }

    /** The label sets of an instant query's result (its metric name included as __name__). */
    List<Map<String, String>> series(String promql) throws Exception {
      JsonNode data = get("/api/v1/query", "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
      List<Map<String, String>> out = new ArrayList<>();
      for (JsonNode r : data.path("result")) {
        Map<String, String> labels = new TreeMap<>();
        r.path("metric").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        out.add(labels);
      }
      return out;
    }

    Map<String, String> ruleHealth() throws Exception {
      Map<String, String> out = new TreeMap<>();
      for (JsonNode group : get("/api/v1/rules", null).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          out.put(rule.path("name").asText(), rule.path("health").asText() + rule.path("lastError").asText(""));
        }
      }
      return out;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void produce(List<Fixtures.In> records) throws Exception {
    Produce.toKafka(kafka.bootstrapServers(), TOPIC, records);
  }

}
