package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.local.EmbeddedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out without rewriting: the same pipeline at parallelism 4 on a MiniCluster (4 Kafka partitions,
 * 4 subtasks per operator) produces exactly the lakehouse and Gold of parallelism 1, and Flink's REST API
 * shows that every subtask did work.
 */
class ParallelismIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARALLELISM = 4;

  private static EmbeddedKafka kafka;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() {
    kafka = SharedKafka.broker();
  }


  @Test
  void parallelismFourEqualsParallelismOneAndEverySubtaskReceivesRecords() throws Exception {
    List<Fixtures.In> input = new ArrayList<>(Fixtures.edgeCases());
    input.addAll(Fixtures.generated(71, 500));
    String topic = "it-parallel";
    kafka.createTopic(topic, PARALLELISM);
    Produce.toKafka(kafka.bootstrapServers(), topic, input);
    // Gold is keyed by tenant: the input's tenants must reach all four gold-writer subtasks.
    Set<Integer> goldSubtasks = tenants(input).stream()
        .map(t -> KeyGroupRangeAssignment.assignKeyToParallelOperator(t, 128, PARALLELISM))
        .collect(Collectors.toSet());
    assertThat(goldSubtasks).as("gold-writer subtasks the input's tenants map to").hasSize(PARALLELISM);

    try (TestLakehouse four = new TestLakehouse(dir.resolve("p4"), kafka.bootstrapServers(), topic);
        TestLakehouse one = new TestLakehouse(dir.resolve("p1"), kafka.bootstrapServers(), topic)) {
      PipelineSettings s4 = four.settings.withParallelism(PARALLELISM);
      int restPort = freePort();
      Configuration conf = PipelineLauncher.flinkConfiguration(s4, true, false);
      conf.set(RestOptions.PORT, restPort);
      conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
      JobClient job = PipelineLauncher.launch(env, s4, KafkaInput.stream(kafka.bootstrapServers(), topic, "it-p4"),
          "stream", TestLakehouse.KEY).client();
      try {
        await("parallelism-4 result").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
            .failFast("the stream job ended", () -> job.getJobStatus().get().isGloballyTerminalState())
            .untilAsserted(() -> {
              assertThat(four.bronze().size() + four.quarantine().size()).isEqualTo(input.size());
              PipelineIT.assertGoldEquals(four, Fixtures.validPayloads(input));
            });
        String rest = "http://localhost:" + restPort;
        await("every subtask's numRecordsIn in the REST API").atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
            .untilAsserted(() -> assertEverySubtaskReceivedRecords(rest, job.getJobID().toString()));
      } finally {
        job.cancel().get();
      }

      PipelineLauncher.launch(one.settings.withParallelism(1),
          KafkaInput.range(kafka.bootstrapServers(), topic, "it-p1", "earliest", "latest"), "stream",
          TestLakehouse.KEY, false).client().getJobExecutionResult().get();
      PipelineIT.assertGoldEquals(one, Fixtures.validPayloads(input));

      assertThat(rows(four, LakehouseTables.BRONZE)).isEqualTo(rows(one, LakehouseTables.BRONZE));
      assertThat(rows(four, LakehouseTables.QUARANTINE)).isEqualTo(rows(one, LakehouseTables.QUARANTINE));
      assertThat(rows(four, LakehouseTables.SILVER)).isEqualTo(rows(one, LakehouseTables.SILVER));
      assertThat(gold(four)).isEqualTo(gold(one));
    }
  }

  /**
   * Every vertex but the lakehouse committer and the Gold history writer (parallelism 1 by design) runs 4 subtasks, and every one
   * of those subtasks has received records (the sources count the records they read).
   */
  private static void assertEverySubtaskReceivedRecords(String rest, String jobId) throws Exception {
    JsonNode vertices = get(rest + "/jobs/" + jobId).path("vertices");
    assertThat(vertices).isNotEmpty();
    Map<String, List<Long>> received = new LinkedHashMap<>();
    for (JsonNode v : vertices) {
      String name = v.path("name").asText();
      if (name.startsWith("lakehouse-committer") || name.startsWith("gold-history")) {
        assertThat(v.path("parallelism").asInt()).as(name).isEqualTo(1);
        continue;
      }
      assertThat(v.path("parallelism").asInt()).as("parallelism of " + name).isEqualTo(PARALLELISM);
      List<Long> perSubtask = new ArrayList<>();
      for (int i = 0; i < PARALLELISM; i++) {
        JsonNode metrics = get(rest + "/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/subtasks/" + i
            + "/metrics?get=numRecordsIn");
        perSubtask.add(metrics.get(0).path("value").asLong());
      }
      received.put(name, perSubtask);
    }
    System.out.println("numRecordsIn per subtask at parallelism " + PARALLELISM + ": " + received);
    assertThat(received).as("numRecordsIn per subtask").hasSizeGreaterThanOrEqualTo(4).allSatisfy((name, counts) ->
        assertThat(counts).as(name).hasSize(PARALLELISM).allSatisfy(n -> assertThat(n).isPositive()));
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** A table's rows without the columns that name the run or the processing time, sorted. */
  private static List<String> rows(TestLakehouse lake, TableIdentifier id) throws Exception {
    Schema schema = LakehouseTables.schemaOf(id);
    List<String> out = new ArrayList<>();
    for (Record r : lake.rows(id)) {
      StringBuilder sb = new StringBuilder();
      for (Types.NestedField f : schema.columns()) {
        String n = f.name();
        if (!n.equals("run_id") && !n.equals("processed_at") && !n.equals("ingested_at") && !n.equals("quarantined_at")) {
          Object value = r.getField(n);
          if (value instanceof java.nio.ByteBuffer b) {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            value = java.util.HexFormat.of().formatHex(bytes);
          }
          sb.append(n).append('=').append(value).append(';');
        }
      }
      out.add(sb.toString());
    }
    out.sort(String::compareTo);
    return out;
  }

  /** Every Gold table's rows, without last_run_id and updated_at (floating columns to 6 decimals). */
  private static Map<String, List<String>> gold(TestLakehouse lake) throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (Connection c = lake.connect(); Statement st = c.createStatement()) {
      Map<String, List<String>> columns = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns"
          + " WHERE table_schema = 'gold' AND column_name NOT IN ('last_run_id', 'updated_at')"
          + " ORDER BY table_name, ordinal_position")) {
        while (rs.next()) {
          String col = "double precision".equals(rs.getString(3)) ? "round(" + rs.getString(2) + "::numeric, 6)"
              : rs.getString(2);
          columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(col);
        }
      }
      for (Map.Entry<String, List<String>> t : columns.entrySet()) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", t.getValue()) + " FROM gold." + t.getKey())) {
          while (rs.next()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= t.getValue().size(); i++) {
              sb.append(rs.getString(i)).append('|');
            }
            rows.add(sb.toString());
          }
        }
        rows.sort(String::compareTo);
        out.put(t.getKey(), rows);
      }
    }
    assertThat(out).containsKeys("pqr_kpi_daily", "pqr_backlog", "pqr_case");
    return out;
  }

  private static Set<String> tenants(List<Fixtures.In> input) {
    Set<String> out = new TreeSet<>();
    for (Fixtures.In r : input) {
      if (r.valid()) {
        try {
          out.add(JSON.readTree(r.value()).path("tenant_id").asText());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
