package co.pqr.lakehouse.ops;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.PqrPipeline;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Database;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.iceberg.LocalFileIO;
import co.pqr.lakehouse.io.InputSource;
import co.pqr.lakehouse.io.JsonlInput;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.lake.RowDigest;
import co.pqr.lakehouse.ml.ModelRegistry;
import co.pqr.lakehouse.ml.ModelService;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Replay and verify: re-executes a recorded run from its input range into scratch space (a fresh
 * Postgres database for control plane and catalog, a scratch warehouse), starting from the lakehouse
 * as of the run's start — Silver as the run's de-duplication saw it — and compares the content
 * digests ({@link RowDigest}) of the run's Bronze, quarantine and Silver rows.
 *
 * <p>Three digests per table are compared: the one recorded when the run committed, the one of the
 * original rows as the lakehouse holds them now (rows carrying the run id in the current snapshot,
 * so a row altered after the commit shows), and the replay's. MATCH needs all three equal.
 *
 * <p>Input, first available wins: Kafka offsets while the broker still retains them; the JSONL
 * file if it is still there; else the Raw archive (the run's own records for runs that wrote Raw,
 * the run's coordinate ranges within its dates for a run that read Raw).
 */
public final class Replay {
  private static final int SHOWN_DIFFERENCES = 5;

  /** One table's comparison. */
  public record TableResult(String table, RunRecord.TableDigest recorded, long originalRows,
      RowDigest.Sum original, long replayRows, RowDigest.Sum replay, List<String> differences) {
    public boolean match() {
      boolean recordedOk = recorded == null
          || (recorded.rows() == originalRows && recorded.digest().equals(original));
      return recordedOk && originalRows == replayRows && original.equals(replay);
    }
  }

  public record Outcome(String runId, String input, List<TableResult> tables) {
    public boolean match() {
      return tables.stream().allMatch(TableResult::match);
    }
  }

  private final PipelineSettings settings;
  private final byte[] pseudonymKey;
  private final PrintStream out;

  public Replay(PipelineSettings settings, byte[] pseudonymKey, PrintStream out) {
    this.settings = settings;
    this.pseudonymKey = pseudonymKey.clone();
    this.out = out;
  }

  public Outcome run(String runId) throws Exception {
    Database.migrate(settings);
    RunRecord run = RunRecord.load(settings, runId);
    InputSource source = inputOf(run);
    Long base = silverBase(run);
    out.println("replaying " + run.runId() + " from " + source.describe()
        + (base == null ? " onto an empty Silver" : " onto Silver snapshot " + base));
    try (ScratchDatabase db = ScratchDatabase.create(settings, "replay")) {
      String warehouse = scratchWarehouse(db.name());
      Path dataDir = settings.dataDir().resolve("scratch").resolve(db.name());
      try {
        PipelineSettings scratch = ScratchSettings.of(settings, db.url(), warehouse, dataDir);
        prepare(scratch, run, base);
        PipelineLauncher.Launched launched = PipelineLauncher.launch(
            PipelineLauncher.localEnvironment(scratch, "backfill", false), scratch, source, "backfill", pseudonymKey,
            UnaryOperator.identity(), PqrPipeline.Layers.SILVER);
        launched.client().getJobExecutionResult().get();
        String prefix = launched.jobInstance() + "-";
        List<TableResult> tables = new ArrayList<>();
        Map<String, RunRecord.TableDigest> recorded = run.recordedDigests();
        try (JdbcCatalog original = LakehouseCatalog.open(settings.catalog());
            JdbcCatalog replayed = LakehouseCatalog.open(scratch.catalog())) {
          for (TableIdentifier id : RunSnapshots.TABLES) {
            List<Record> orig = rows(original.loadTable(id), Expressions.equal("run_id", run.runId()),
                r -> run.runId().equals(r.getField("run_id")));
            List<Record> again = rows(replayed.loadTable(id), Expressions.startsWith("run_id", prefix),
                r -> r.getField("run_id").toString().startsWith(prefix));
            tables.add(compare(id, recorded.get(id.toString()), orig, again));
          }
        }
        return new Outcome(run.runId(), source.describe(), tables);
      } finally {
        deleteScratchWarehouse(warehouse);
        deleteRecursively(dataDir);
      }
    }
  }

  /** Control plane, tables, the run's model versions and Silver as the run's de-duplication saw it. */
  private void prepare(PipelineSettings scratch, RunRecord run, Long base) throws Exception {
    PipelineLauncher.prepareStorage(scratch);
    ModelRegistry from = ModelService.registry(settings);
    ModelRegistry to = ModelService.registry(scratch);
    if (run.modelVersion() != null) {
      to.copyFrom(from, run.modelVersion());
      to.setStatus(run.modelVersion(), "active");
    }
    if (run.shadowModelVersion() != null) {
      to.copyFrom(from, run.shadowModelVersion());
      to.setStatus(run.shadowModelVersion(), "shadow");
    }
    if (base == null) {
      return;
    }
    try (JdbcCatalog original = LakehouseCatalog.open(settings.catalog());
        JdbcCatalog replayed = LakehouseCatalog.open(scratch.catalog())) {
      List<DataFile> files = RunSnapshots.dataFiles(original.loadTable(LakehouseTables.SILVER), base);
      if (!files.isEmpty()) {
        // the scratch Silver references the original files: nothing is copied, and dropping scratch deletes none of them
        AppendFiles append = replayed.loadTable(LakehouseTables.SILVER).newAppend();
        files.forEach(append::appendFile);
        append.commit();
      }
    }
  }

  /**
   * The Silver snapshot the run de-duplicated against: for the first run of a job, the snapshot
   * current when the job started; for a later run of a stream, Silver as of the job's previous run
   * (its start state plus what the earlier runs appended).
   */
  Long silverBase(RunRecord run) throws Exception {
    String sql = "SELECT snapshot_ids->>'" + LakehouseTables.SILVER + "' FROM control.runs"
        + " WHERE run_id LIKE ? AND run_seq < ? ORDER BY run_seq DESC LIMIT 1";
    try (Connection c = Database.connect(settings); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, run.jobInstance().replace("_", "\\_") + "-%");
      ps.setInt(2, run.runSeq());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getString(1) == null ? null : Long.parseLong(rs.getString(1));
        }
      }
    }
    if (run.contentDigest() != null) {
      return run.silverSnapshotAtStart();
    }
    // recorded before the start snapshot was: Silver's last snapshot before the run's first record
    try (JdbcCatalog catalog = LakehouseCatalog.open(settings.catalog())) {
      Long found = null;
      for (Snapshot s : catalog.loadTable(LakehouseTables.SILVER).snapshots()) {
        if (s.timestampMillis() < run.startedAt().toEpochMilli()) {
          found = s.snapshotId();
        }
      }
      return found;
    }
  }

  InputSource inputOf(RunRecord run) throws Exception {
    String input = run.input();
    Map<String, long[]> ranges = ranges(run.inputRange());
    if (input.startsWith("kafka:")) {
      InputSource kafka = retainedKafkaRange(ranges);
      if (kafka != null) {
        return kafka;
      }
      return RawRunInput.ofRun(settings.warehouse(), run.runId());
    }
    if (input.startsWith("jsonl:")) {
      Path file = Path.of(input.substring("jsonl:".length()));
      if (Files.isRegularFile(file)) {
        return new JsonlInput(file);
      }
      out.println("the run's input file " + file + " is gone: reading its records from the Raw archive");
      return RawRunInput.ofRun(settings.warehouse(), run.runId());
    }
    if (input.startsWith("raw:")) {
      String[] d = input.substring("raw:".length()).split("\\.\\.");
      return RawRunInput.ofRanges(settings.warehouse(), java.time.LocalDate.parse(d[0]),
          java.time.LocalDate.parse(d.length > 1 ? d[1] : d[0]), ranges);
    }
    throw new IllegalArgumentException("run " + run.runId() + " has an input this replay does not know: " + input);
  }

  private static Map<String, long[]> ranges(JsonNode inputRange) {
    Map<String, long[]> out = new HashMap<>();
    for (JsonNode r : inputRange.path("ranges")) {
      out.put(r.path("topic").asText() + "/" + r.path("partition").asInt(),
          new long[] {r.path("from_offset").asLong(), r.path("to_offset").asLong()});
    }
    return out;
  }

  /** A bounded Kafka input over exactly the run's offsets, or null if no broker is configured or it no longer holds them. */
  private InputSource retainedKafkaRange(Map<String, long[]> ranges) {
    if (settings.embeddedKafka() || ranges.isEmpty()) {
      out.println("no Kafka bootstrap configured: reading the run's records from the Raw archive");
      return null;
    }
    String topic = ranges.keySet().iterator().next();
    topic = topic.substring(0, topic.lastIndexOf('/'));
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      Map<TopicPartition, Long> earliest = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
      Map<TopicPartition, Long> latest = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      StringBuilder from = new StringBuilder();
      StringBuilder to = new StringBuilder();
      for (TopicPartition tp : partitions) {
        long[] r = ranges.get(topic + "/" + tp.partition());
        long start;
        long end;
        if (r == null) {
          start = latest.get(tp);
          end = start;
        } else {
          if (earliest.get(tp) > r[0] || latest.get(tp) <= r[1]) {
            out.println("Kafka no longer holds " + tp + " offsets " + r[0] + ".." + r[1]
                + ": reading the run's records from the Raw archive");
            return null;
          }
          start = r[0];
          end = r[1] + 1;
        }
        from.append(from.length() == 0 ? "" : ",").append(tp.partition()).append(':').append(start);
        to.append(to.length() == 0 ? "" : ",").append(tp.partition()).append(':').append(end);
      }
      return KafkaInput.range(settings.kafkaBootstrap(), topic, "pqr-replay", from.toString(), to.toString());
    } catch (org.apache.kafka.common.KafkaException e) {
      out.println("Kafka at " + settings.kafkaBootstrap() + " is not reachable (" + e.getMessage()
          + "): reading the run's records from the Raw archive");
      return null;
    }
  }

  private static List<Record> rows(Table table, Expression filter, Predicate<Record> keep) throws Exception {
    List<Record> out = new ArrayList<>();
    if (table.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).where(filter).build()) {
      for (Record r : it) {
        if (keep.test(r)) {
          out.add(r.copy());
        }
      }
    }
    return out;
  }

  static TableResult compare(TableIdentifier id, RunRecord.TableDigest recorded, List<Record> original,
      List<Record> replay) {
    RowDigest digest = RowDigest.forTable(id);
    Map<RowDigest.Sum, List<Record>> left = index(digest, original);
    Map<RowDigest.Sum, List<Record>> right = index(digest, replay);
    RowDigest.Sum sumOriginal = RowDigest.Sum.ZERO;
    for (Record r : original) {
      sumOriginal = sumOriginal.plus(digest.row(r));
    }
    RowDigest.Sum sumReplay = RowDigest.Sum.ZERO;
    for (Record r : replay) {
      sumReplay = sumReplay.plus(digest.row(r));
    }
    List<Record> onlyOriginal = minus(left, right);
    List<Record> onlyReplay = minus(right, left);
    List<String> differences = describe(id, digest.columns(), onlyOriginal, onlyReplay);
    return new TableResult(id.toString(), recorded, original.size(), sumOriginal, replay.size(), sumReplay, differences);
  }

  private static Map<RowDigest.Sum, List<Record>> index(RowDigest digest, List<Record> rows) {
    Map<RowDigest.Sum, List<Record>> out = new LinkedHashMap<>();
    for (Record r : rows) {
      out.computeIfAbsent(digest.row(r), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  /** The rows of a that b lacks, as a multiset. */
  private static List<Record> minus(Map<RowDigest.Sum, List<Record>> a, Map<RowDigest.Sum, List<Record>> b) {
    List<Record> out = new ArrayList<>();
    for (Map.Entry<RowDigest.Sum, List<Record>> e : a.entrySet()) {
      int other = b.getOrDefault(e.getKey(), List.of()).size();
      List<Record> mine = e.getValue();
      out.addAll(mine.subList(Math.min(other, mine.size()), mine.size()));
    }
    return out;
  }

  /**
   * The first differences: rows of the two sides with the same key (event id, or source
   * coordinates for quarantine) are shown column by column; rows without a partner as they are.
   */
  private static List<String> describe(TableIdentifier id, List<String> columns, List<Record> onlyOriginal,
      List<Record> onlyReplay) {
    List<String> out = new ArrayList<>();
    Map<String, Record> replayByKey = new LinkedHashMap<>();
    for (Record r : onlyReplay) {
      replayByKey.putIfAbsent(key(id, r), r);
    }
    for (Record o : onlyOriginal) {
      if (out.size() >= SHOWN_DIFFERENCES) {
        break;
      }
      String key = key(id, o);
      Record r = replayByKey.remove(key);
      if (r == null) {
        out.add(key + ": only in the original: " + render(o, columns));
        continue;
      }
      StringBuilder b = new StringBuilder(key + ":");
      for (String c : columns) {
        String x = value(o.getField(c));
        String y = value(r.getField(c));
        if (!java.util.Objects.equals(x, y)) {
          b.append(" ").append(c).append(" original ").append(x).append(" replay ").append(y).append(";");
        }
      }
      out.add(b.toString());
    }
    for (Record r : replayByKey.values()) {
      if (out.size() >= SHOWN_DIFFERENCES) {
        break;
      }
      out.add(key(id, r) + ": only in the replay: " + render(r, columns));
    }
    return out;
  }

  private static String key(TableIdentifier id, Record r) {
    return id.equals(LakehouseTables.QUARANTINE)
        ? "source " + r.getField("source_topic") + "/" + r.getField("source_partition") + "@" + r.getField("source_offset")
        : "event_id " + r.getField("event_id");
  }

  private static String render(Record r, List<String> columns) {
    StringBuilder b = new StringBuilder("{");
    for (String c : columns) {
      Object v = r.getField(c);
      if (v != null) {
        b.append(b.length() == 1 ? "" : ", ").append(c).append('=').append(value(v));
      }
    }
    return b.append('}').toString();
  }

  private static String value(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof java.nio.ByteBuffer buf) {
      byte[] bytes = new byte[buf.remaining()];
      buf.duplicate().get(bytes);
      String s = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      return "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
    }
    String s = v.toString();
    return v instanceof CharSequence ? "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'" : s;
  }

  private String scratchWarehouse(String name) {
    return LocalFileIO.isLocal(settings.warehouse())
        ? settings.dataDir().resolve("scratch").resolve(name).resolve("warehouse").toAbsolutePath().toString()
        : settings.warehouse() + "/_scratch/" + name;
  }

  private void deleteScratchWarehouse(String warehouse) {
    try {
      if (LocalFileIO.isLocal(warehouse)) {
        deleteRecursively(Path.of(warehouse));
      } else {
        org.apache.flink.core.fs.Path p = new org.apache.flink.core.fs.Path(warehouse);
        p.getFileSystem().delete(p, true);
      }
    } catch (Exception e) {
      out.println("could not delete the scratch warehouse " + warehouse + ": " + e.getMessage());
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException ignored) {
      // scratch space
    }
  }
}
