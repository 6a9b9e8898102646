package co.pqr.lakehouse.bench;

import org.apache.iceberg.jdbc.JdbcCatalog;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.PqrPipeline;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.io.InputSource;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.io.RawInput;
import co.pqr.lakehouse.local.EmbeddedKafka;
import co.pqr.lakehouse.ml.ModelRegistry;
import co.pqr.lakehouse.ml.ModelService;
import co.pqr.lakehouse.producer.GeneratorConfig;
import co.pqr.lakehouse.producer.PqrEventGenerator;
import co.pqr.lakehouse.producer.PqrProducer;
import co.pqr.lakehouse.producer.ProducedRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.iceberg.types.Types;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code pqr-lakehouse bench}: preloads realistic events into a topic and measures, on that same
 * topic and in one run, the raw consumer rate (a), a minimal Flink→Iceberg pass-through (a2), and
 * the pipeline itself — Bronze only (b), Bronze+Silver (c), everything including Gold (d) — then a
 * backfill over the Raw archive (e), Gold freshness under a steady half-rate load (f) and memory
 * (g). Every pipeline measurement runs the same code path and configuration as {@code stream} and
 * {@code backfill} (checkpoints, exactly-once commits, dedup, quarantine, enrichment), each into a
 * fresh database and warehouse. Rates include job start-up, as users experience them.
 */
public final class Benchmark {
  public record Options(long events, int runs, int partitions, Duration freshness, Path jsonOut, Set<String> only) {
    boolean measures(String figure) {
      return only.isEmpty() || only.contains(figure);
    }
  }

  /** One measured figure over the repeated runs. */
  public record Figure(String name, long events, List<Double> rates, List<Double> eventsPerCpuSecond) {
    double median() {
      return Benchmark.median(rates);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PipelineSettings base;
  private final Options options;
  private final PrintStream out;
  private final byte[] key;
  private EmbeddedKafka broker;
  private String bootstrap;
  private String modelVersion;
  private final List<String> databases = new ArrayList<>();
  private int lakehouses;

  public Benchmark(PipelineSettings base, Options options, byte[] pseudonymKey, PrintStream out) {
    this.base = base;
    this.options = options;
    this.key = pseudonymKey;
    this.out = out;
  }

  public Map<String, Object> run() throws Exception {
    try {
      return measure();
    } finally {
      dropDatabases();
      if (broker != null) {
        broker.stop();
      }
    }
  }

  private volatile long peakHeapUsed;

  private Thread heapSampler() {
    Thread t = new Thread(() -> {
      java.lang.management.MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      while (!Thread.currentThread().isInterrupted()) {
        peakHeapUsed = Math.max(peakHeapUsed, memory.getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private Map<String, Object> measure() throws Exception {
    heapSampler();
    Path work = base.dataDir().resolve("bench");
    Files.createDirectories(work);
    if (base.embeddedKafka()) {
      broker = EmbeddedKafka.start(work.resolve("kafka"), 0);
      bootstrap = broker.bootstrapServers();
    } else {
      bootstrap = base.kafkaBootstrap();
    }
    String topic = "pqr-bench-" + System.currentTimeMillis();
    createTopic(topic, options.partitions());
    co.pqr.lakehouse.db.Database.migrate(base);
    modelVersion = ModelService.ensureActive(base, out);
    Preload preload = preload(topic);

    Map<String, Figure> figures = new LinkedHashMap<>();
    Figure a = new Figure("(a) raw consumer", preload.records, new ArrayList<>(), new ArrayList<>());
    Figure a2 = new Figure("(a2) pass-through Flink->Iceberg", preload.records, new ArrayList<>(), new ArrayList<>());
    Figure b = new Figure("(b) Bronze only", preload.records, new ArrayList<>(), new ArrayList<>());
    Figure c = new Figure("(c) Bronze + Silver", preload.records, new ArrayList<>(), new ArrayList<>());
    Figure d = new Figure("(d) full pipeline (Gold)", preload.records, new ArrayList<>(), new ArrayList<>());
    Figure e = new Figure("(e) backfill from Raw", preload.records, new ArrayList<>(), new ArrayList<>());
    for (Figure f : List.of(a, a2, b, c, d, e)) {
      figures.put(f.name(), f);
    }
    for (int run = 1; run <= options.runs(); run++) {
      out.printf("--- run %d of %d ---%n", run, options.runs());
      timed(a, () -> consumeAll(topic, preload.records));
      if (options.measures("a2")) {
        timed(a2, () -> passThrough(topic));
      }
      if (options.measures("b")) {
        timed(b, () -> pipeline(topic, PqrPipeline.Layers.BRONZE, null));
      }
      if (options.measures("c")) {
        timed(c, () -> pipeline(topic, PqrPipeline.Layers.SILVER, null));
      }
      if (options.measures("d") || options.measures("e")) {
        PipelineSettings full = freshLakehouse();
        timed(d, () -> pipeline(topic, PqrPipeline.Layers.GOLD, full));
        if (options.measures("e")) {
          timed(e, () -> backfillFromRaw(full.warehouse()));
        }
      }
    }
    double fullRate = d.median();
    Map<String, Object> freshness = options.measures("f") ? freshness(Math.max(50, fullRate / 2)) : Map.of();
    Map<String, Object> memory = memory();

    print(figures, a.median(), a2.median(), freshness, memory, preload);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("timestamp", Instant.now().toString());
    json.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
        "max_heap_mb", Runtime.getRuntime().maxMemory() >> 20, "java", System.getProperty("java.version")));
    json.put("config", Map.of("events", preload.records, "partitions", options.partitions(), "runs", options.runs(),
        "parallelism", base.parallelism(), "checkpoint_interval_s", base.checkpointInterval().toSeconds(),
        "avg_record_bytes", preload.bytes / Math.max(1, preload.records), "model_version", modelVersion));
    Map<String, Object> rates = new LinkedHashMap<>();
    for (Figure f : figures.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("events_per_s_median", round(f.median()));
      m.put("events_per_s_runs", f.rates().stream().map(Benchmark::round).toList());
      m.put("events_per_cpu_s_median", round(median(f.eventsPerCpuSecond())));
      m.put("ratio_to_a", round2(f.median() / a.median()));
      m.put("ratio_to_a2", round2(f.median() / a2.median()));
      rates.put(f.name(), m);
    }
    json.put("rates", rates);
    json.put("gold_freshness_ms", freshness);
    json.put("memory", memory);
    Files.createDirectories(options.jsonOut().toAbsolutePath().getParent());
    JSON.writeValue(options.jsonOut().toFile(), json);
    out.println("figures written to " + options.jsonOut());
    return json;
  }

  // ---------------------------------------------------------------------------------------------

  private record Preload(long records, long bytes) {}

  private Preload preload(String topic) throws Exception {
    out.printf("preloading %,d generated events into %s (%d partitions) ...%n", options.events(), topic,
        options.partitions());
    long sent = 0;
    long bytes = 0;
    long t0 = System.nanoTime();
    long seed = 1;
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    PqrProducer producer = new PqrProducer();
    while (sent < options.events()) {
      GeneratorConfig config = GeneratorConfig.builder().seed(seed++).cases(5_000).window(end, GeneratorConfig.DEFAULT_WINDOW)
          .build();
      List<ProducedRecord> records = new PqrEventGenerator(config).generate();
      if (sent + records.size() > options.events()) {
        records = records.subList(0, (int) (options.events() - sent));
      }
      producer.send(records, bootstrap, topic, 0, (n, r) -> { });
      sent += records.size();
      for (ProducedRecord r : records) {
        bytes += r.value().length;
      }
      out.printf("  preloaded %,d events (%.0f ev/s)%n", sent, sent / ((System.nanoTime() - t0) / 1e9));
    }
    out.printf("preloaded %,d events, %d bytes on average%n", sent, bytes / Math.max(1, sent));
    return new Preload(sent, bytes);
  }

  @FunctionalInterface
  private interface Measured {
    void run() throws Exception;
  }

  private void timed(Figure f, Measured m) throws Exception {
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    m.run();
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    f.rates().add(f.events() / secs);
    f.eventsPerCpuSecond().add(f.events() / Math.max(cpu, 1e-9));
    out.printf(Locale.ROOT, "  %-34s %,10.0f ev/s  (%.1f s, %.1f CPU-s)%n", f.name(), f.events() / secs, secs, cpu);
  }

  /** CPU time of this JVM plus the embedded broker's, if any. */
  private long cpuNanos() {
    long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    if (broker == null) {
      return jvm;
    }
    try {
      String[] stat = Files.readString(Path.of("/proc/" + broker.pid() + "/stat")).split("\\) ")[1].split(" ");
      long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
      return jvm + ticks * 10_000_000L;
    } catch (Exception e) {
      return jvm;
    }
  }

  private void consumeAll(String topic, long expected) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("enable.auto.commit", "false");
    p.put("max.poll.records", "5000");
    p.put("fetch.max.bytes", String.valueOf(64 * 1024 * 1024));
    p.put("max.partition.fetch.bytes", String.valueOf(16 * 1024 * 1024));
    long n = 0;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (PartitionInfo info : c.partitionsFor(topic)) {
        tps.add(new TopicPartition(topic, info.partition()));
      }
      c.assign(tps);
      c.seekToBeginning(tps);
      long bytes = 0;
      while (n < expected) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
        for (var r : records) {
          bytes += r.value() == null ? 0 : r.value().length;
          n++;
        }
      }
      if (bytes < 0) {
        throw new IllegalStateException("unreachable");
      }
    }
  }

  private void passThrough(String topic) throws Exception {
    PipelineSettings s = freshLakehouse();
    CatalogSettings cs = s.catalog();
    TableIdentifier id = TableIdentifier.of("bench", "passthrough");
    try (JdbcCatalog catalog = LakehouseCatalog.open(cs)) {
      ((SupportsNamespaces) catalog).createNamespace(Namespace.of("bench"));
      catalog.createTable(id, new Schema(Types.NestedField.required(1, "payload", Types.BinaryType.get())));
    }
    StreamExecutionEnvironment env = PipelineLauncher.localEnvironment(s, "stream", false);
    env.setParallelism(s.parallelism());
    KafkaSource<byte[]> source = KafkaSource.<byte[]>builder().setBootstrapServers(bootstrap).setTopics(topic)
        .setGroupId("bench-passthrough-" + System.nanoTime())
        .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
        .setDeserializer(org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema
            .valueOnly(ByteArrayDeserializer.class))
        .build();
    RowType rowType = RowType.of(new VarBinaryType(VarBinaryType.MAX_LENGTH));
    var rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka")
        .map(v -> (RowData) GenericRowData.of((Object) v)).returns(InternalTypeInfo.of(rowType));
    IcebergSink.forRowData(rows).tableLoader(TableLoader.fromCatalog(LakehouseCatalog.loader(cs), id)).append();
    env.execute("bench pass-through");
  }

  private void pipeline(String topic, PqrPipeline.Layers layers, PipelineSettings lakehouse) throws Exception {
    PipelineSettings s = lakehouse != null ? lakehouse : freshLakehouse();
    InputSource source = KafkaInput.range(bootstrap, topic, "bench-" + System.nanoTime(), "earliest", "latest");
    PipelineLauncher.Launched job = PipelineLauncher.launch(PipelineLauncher.localEnvironment(s, "stream", false), s,
        source, "stream", key, d -> d, layers);
    job.client().getJobExecutionResult().get();
  }

  private void backfillFromRaw(String rawWarehouse) throws Exception {
    PipelineSettings s = freshLakehouse();
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    InputSource source = new RawInput(rawWarehouse, today.minusDays(2), today.plusDays(1));
    PipelineLauncher.Launched job = PipelineLauncher.launch(s, source, "backfill", key, false);
    job.client().getJobExecutionResult().get();
  }

  private Map<String, Object> freshness(double rate) throws Exception {
    String topic = "pqr-bench-fresh-" + System.currentTimeMillis();
    createTopic(topic, options.partitions());
    PipelineSettings s = freshLakehouse();
    out.printf("(f) Gold freshness: steady load of %.0f ev/s for %d s ...%n", rate, options.freshness().toSeconds());
    PipelineLauncher.Launched job = PipelineLauncher.launch(s,
        KafkaInput.stream(bootstrap, topic, "bench-fresh-" + System.nanoTime()), "stream", key, false);
    Histogram histogram = new Histogram(3_600_000L, 3);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong lost = new AtomicLong();
    Map<String, Long> pending = new ConcurrentHashMap<>();
    Map<String, Long> appendedAt = new ConcurrentHashMap<>();
    try {
      while (job.client().getJobStatus().get() != JobStatus.RUNNING) {
        Thread.sleep(200);
      }
      Thread load = new Thread(() -> steadyLoad(topic, rate, stop), "bench-load");
      load.setDaemon(true);
      load.start();
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      p.put("acks", "all");
      Instant warmUntil = Instant.now().plusSeconds(5);
      Instant end = warmUntil.plus(options.freshness());
      int probe = 0;
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
          Connection c = co.pqr.lakehouse.db.Jdbc.connect(s.pgUrl(), s.pgUser(), s.pgPassword());
          PreparedStatement ps = c.prepareStatement(
              "SELECT pqr_id FROM gold.pqr_case WHERE tenant_id = 'bench-probe' AND pqr_id = ANY(?)")) {
        long nextProbe = 0;
        while (Instant.now().isBefore(end) || (!pending.isEmpty() && Instant.now().isBefore(end.plusSeconds(60)))) {
          long now = System.currentTimeMillis();
          if (Instant.now().isBefore(end) && now >= nextProbe) {
            String id = "PROBE-" + (probe++);
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                probeEvent(id))).get();
            if (Instant.now().isAfter(warmUntil)) {
              pending.put(id, md.timestamp());
              appendedAt.put(id, md.timestamp());
            }
            nextProbe = now + 200;
          }
          if (!pending.isEmpty()) {
            ps.setArray(1, c.createArrayOf("text", pending.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
              long seen = System.currentTimeMillis();
              while (rs.next()) {
                Long appended = pending.remove(rs.getString(1));
                if (appended != null) {
                  histogram.recordValue(Math.max(0, seen - appended));
                }
              }
            }
          }
          Thread.sleep(50);
        }
      }
      lost.set(pending.size());
      // Silver visibility: the timestamp of the Iceberg snapshot that added each probe's row.
      awaitSilver(s, appendedAt.keySet(), Duration.ofSeconds(60));
    } finally {
      stop.set(true);
      job.client().cancel().get();
    }
    Histogram silver = silverVisibility(s, appendedAt);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("load_events_per_s", round(rate));
    f.put("probes", histogram.getTotalCount());
    f.put("probes_not_seen", lost.get());
    f.put("p50", histogram.getValueAtPercentile(50));
    f.put("p95", histogram.getValueAtPercentile(95));
    f.put("p99", histogram.getValueAtPercentile(99));
    f.put("max", histogram.getMaxValue());
    f.put("silver_visible_p50", silver.getValueAtPercentile(50));
    f.put("silver_visible_p95", silver.getValueAtPercentile(95));
    f.put("silver_visible_max", silver.getMaxValue());
    f.put("silver_probes", silver.getTotalCount());
    out.printf("  freshness over %d probes: p50 %d ms, p95 %d ms, p99 %d ms%n", histogram.getTotalCount(),
        histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(95), histogram.getValueAtPercentile(99));
    out.printf("  Silver visible (Kafka append -> Iceberg commit) over %d probes: p50 %d ms, p95 %d ms, max %d ms%n",
        silver.getTotalCount(), silver.getValueAtPercentile(50), silver.getValueAtPercentile(95), silver.getMaxValue());
    return f;
  }

  private Set<String> silverProbeIds(PipelineSettings s) throws Exception {
    Set<String> ids = new java.util.HashSet<>();
    try (JdbcCatalog catalog = LakehouseCatalog.open(s.catalog())) {
      org.apache.iceberg.Table t = catalog.loadTable(co.pqr.lakehouse.iceberg.LakehouseTables.SILVER);
      if (t.currentSnapshot() == null) {
        return ids;
      }
      try (var rows = org.apache.iceberg.data.IcebergGenerics.read(t)
          .where(org.apache.iceberg.expressions.Expressions.equal("tenant_id", "bench-probe")).select("pqr_id").build()) {
        rows.forEach(r -> ids.add((String) r.getField("pqr_id")));
      }
    }
    return ids;
  }

  private void awaitSilver(PipelineSettings s, Set<String> probes, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !silverProbeIds(s).containsAll(probes)) {
      Thread.sleep(1000);
    }
  }

  /** For each probe: the commit time of the Silver snapshot that appended it, minus its Kafka append time. */
  private Histogram silverVisibility(PipelineSettings s, Map<String, Long> appendedAt) throws Exception {
    Histogram h = new Histogram(3_600_000L, 3);
    try (JdbcCatalog catalog = LakehouseCatalog.open(s.catalog())) {
      org.apache.iceberg.Table t = catalog.loadTable(co.pqr.lakehouse.iceberg.LakehouseTables.SILVER);
      for (org.apache.iceberg.Snapshot snap : t.snapshots()) {
        var scan = org.apache.iceberg.data.IcebergGenerics.read(t)
            .where(org.apache.iceberg.expressions.Expressions.equal("tenant_id", "bench-probe")).select("pqr_id");
        scan = snap.parentId() == null ? scan.useSnapshot(snap.snapshotId())
            : scan.appendsBetween(snap.parentId(), snap.snapshotId());
        try (var rows = scan.build()) {
          for (var r : rows) {
            Long appended = appendedAt.get((String) r.getField("pqr_id"));
            if (appended != null) {
              h.recordValue(Math.max(0, snap.timestampMillis() - appended));
            }
          }
        }
      }
    }
    return h;
  }

  private static byte[] probeEvent(String id) {
    String now = Instant.now().toString();
    return ("{\"schema_version\":1,\"event_id\":\"" + java.util.UUID.randomUUID() + "\",\"event_type\":\"RADICADA\","
        + "\"event_time\":\"" + now + "\",\"pqr_id\":\"" + id + "\",\"tenant_id\":\"bench-probe\",\"channel\":\"WEB\","
        + "\"pqr_type\":\"PETICION\",\"subject\":\"Sonda de frescura\",\"description\":\"Evento de medición.\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private void steadyLoad(String topic, double rate, AtomicBoolean stop) {
    long seed = 1000;
    while (!stop.get()) {
      GeneratorConfig config = GeneratorConfig.builder().seed(seed++).cases(2_000)
          .window(Instant.now().truncatedTo(ChronoUnit.SECONDS), GeneratorConfig.DEFAULT_WINDOW).build();
      List<ProducedRecord> records = new PqrEventGenerator(config).generate();
      for (int i = 0; i < records.size() && !stop.get(); i += 500) {
        new PqrProducer().send(records.subList(i, Math.min(records.size(), i + 500)), bootstrap, topic, rate, (n, r) -> { });
      }
    }
  }

  private Map<String, Object> memory() throws Exception {
    long peakHeap = peakHeapUsed;
    long rssKb = 0;
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("peak_heap_mb", peakHeap >> 20);
    m.put("peak_rss_mb", rssKb >> 10);
    m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    return m;
  }

  private void print(Map<String, Figure> figures, double a, double a2, Map<String, Object> freshness,
      Map<String, Object> memory, Preload preload) {
    out.println();
    out.printf(Locale.ROOT, "%,d events, %d bytes on average, %d partitions, parallelism %d, %d run(s)%n",
        preload.records, preload.bytes / Math.max(1, preload.records), options.partitions(), base.parallelism(),
        options.runs());
    out.printf("%-34s %12s %24s %12s %8s %8s%n", "measurement", "ev/s median", "spread (min..max)", "ev/CPU-s",
        "x (a)", "x (a2)");
    for (Figure f : figures.values()) {
      double min = f.rates().stream().mapToDouble(Double::doubleValue).min().orElse(0);
      double max = f.rates().stream().mapToDouble(Double::doubleValue).max().orElse(0);
      out.printf(Locale.ROOT, "%-34s %,12.0f %,11.0f..%,-12.0f %,12.0f %8.2f %8.2f%n", f.name(), f.median(), min, max,
          median(f.eventsPerCpuSecond()), f.median() / a, f.median() / a2);
    }
    out.printf("(f) Gold freshness (Kafka append -> Gold row visible), load %s ev/s: p50 %s ms, p95 %s ms, p99 %s ms;"
            + " Silver visible p50 %s ms, p95 %s ms, max %s ms (checkpoint interval %d ms)%n",
        freshness.get("load_events_per_s"), freshness.get("p50"), freshness.get("p95"), freshness.get("p99"),
        freshness.get("silver_visible_p50"), freshness.get("silver_visible_p95"), freshness.get("silver_visible_max"),
        base.checkpointInterval().toMillis());
    out.printf("(g) peak heap %s MiB (max %s MiB), peak RSS %s MiB%n", memory.get("peak_heap_mb"),
        memory.get("max_heap_mb"), memory.get("peak_rss_mb"));
  }

  // ---------------------------------------------------------------------------------------------

  private PipelineSettings freshLakehouse() throws Exception {
    String db = "pqr_bench_" + Long.toString(System.nanoTime(), 36);
    try (Connection c = co.pqr.lakehouse.db.Jdbc.connect(base.pgUrl(), base.pgUser(), base.pgPassword());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + db);
    }
    databases.add(db);
    PipelineSettings.Overrides o = new PipelineSettings.Overrides();
    o.kafkaBootstrap = bootstrap;
    o.topic = base.topic();
    o.pgUrl = base.pgUrl().substring(0, base.pgUrl().lastIndexOf('/') + 1) + db;
    o.pgUser = base.pgUser();
    o.pgPassword = base.pgPassword();
    o.dataDir = base.dataDir().resolve("bench").resolve("lake-" + (++lakehouses)).toString();
    o.warehouse = base.dataDir().resolve("bench").resolve("lake-" + lakehouses).resolve("warehouse").toString();
    o.checkpointInterval = base.checkpointInterval();
    o.runWindow = base.runWindow();
    o.parallelism = base.parallelism();
    o.maxPayloadBytes = base.maxPayloadBytes();
    o.metricsPort = base.metricsPort();
    PipelineSettings s = PipelineSettings.resolve(o, Map.of());
    PipelineLauncher.prepareStorage(s);
    ModelRegistry source = ModelService.registry(base);
    ModelRegistry target = ModelService.registry(s);
    target.copyFrom(source, modelVersion);
    target.setStatus(modelVersion, "active");
    return s;
  }

  private void dropDatabases() {
    for (String db : databases) {
      try (Connection c = co.pqr.lakehouse.db.Jdbc.connect(base.pgUrl(), base.pgUser(), base.pgPassword());
          Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      } catch (Exception e) {
        out.println("could not drop " + db + ": " + e.getMessage());
      }
    }
  }

  private void createTopic(String topic, int partitions) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    try (var admin = org.apache.kafka.clients.admin.Admin.create(p)) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1)
          .configs(Map.of("max.message.bytes", "10485760")))).all().get();
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    if (n == 0) {
      return 0;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double round(double v) {
    return Math.round(v);
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
