package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Database;
import co.pqr.lakehouse.io.InputSource;
import co.pqr.lakehouse.io.JsonlInput;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.io.RawInput;
import co.pqr.lakehouse.local.EmbeddedKafka;
import co.pqr.lakehouse.producer.GeneratorConfig;
import co.pqr.lakehouse.producer.PqrEventGenerator;
import co.pqr.lakehouse.producer.PqrProducer;
import co.pqr.lakehouse.producer.ProducedRecord;
import co.pqr.lakehouse.producer.ProduceStats;
import co.pqr.lakehouse.silver.privacy.PseudonymKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code pqr-lakehouse} command line. */
@Command(name = "pqr-lakehouse", mixinStandardHelpOptions = true, versionProvider = PqrLakehouse.Version.class,
    description = "PQR streaming lakehouse: Kafka -> Raw/Bronze/Silver (Iceberg) -> Gold (Postgres).",
    subcommands = {PqrLakehouse.Demo.class, PqrLakehouse.Stream.class, PqrLakehouse.Backfill.class,
        PqrLakehouse.Produce.class, PqrLakehouse.Runs.class, ModelCommands.Train.class, ModelCommands.Evaluate.class,
        ModelCommands.Classify.class, ModelCommands.CompareModels.class, ModelCommands.Models.class,
        ModelCommands.Activate.class, ModelCommands.Shadow.class, BenchCommand.class, TenantCommands.class,
        EraseCommand.class, QueryCommand.class, ReplayCommand.class, DiffRunsCommand.class, MaintainCommand.class,
        SchemaCommand.class, QuarantineCommand.class})
public final class PqrLakehouse {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new PqrLakehouse());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      Throwable root = ex;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      boolean config = ex instanceof IllegalArgumentException || ex instanceof IOException
          || ex instanceof java.sql.SQLException || root instanceof java.net.ConnectException
          || root instanceof java.sql.SQLException;
      cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message(ex, root));
      return config ? 2 : 1;
    });
    return cl;
  }

  /** One line: the first line of the exception's message and of its root cause's, any URL password redacted. */
  private static String message(Throwable ex, Throwable root) {
    String m = firstLine(ex.getMessage() == null ? ex.toString() : ex.getMessage());
    String r = root.getMessage() == null ? null : firstLine(root.getMessage());
    if (root != ex && r != null && !m.contains(r)) {
      m += " (" + r + ")";
    }
    return Secrets.redact(m);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"pqr-lakehouse " + co.pqr.lakehouse.run.CodeVersion.get()};
    }
  }

  /** The local embedded default: broker, producer and stream pipeline in one process. */
  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "Start an embedded Kafka broker (unless --kafka-bootstrap is set), a producer at a modest rate"
          + " and the stream pipeline with the Flink dashboard; print progress until Ctrl-C.")
  static final class Demo implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--rate", description = "Producer events per second (default 50).")
    double rate = 50;

    @Option(names = "--cases", description = "PQR cases per generated batch (default 2000).")
    int cases = 2000;

    @Option(names = "--kafka-port", description = "Port of the embedded broker (default 9092; 0 = any free port).")
    int kafkaPort = 9092;

    @Mixin StreamMaintenance maintenance;

    @Override
    public Integer call() throws Exception {
      return new StreamSession(common, kafkaPort, System.out, true).withMaintenance(maintenance.settings())
          .run(rate, cases);
    }
  }

  /** The stream pipeline against the configured Kafka (embedded when none is configured). */
  @Command(name = "stream", mixinStandardHelpOptions = true,
      description = "Run the stream pipeline (unbounded, checkpointed, exactly-once into Iceberg) until Ctrl-C.")
  static final class Stream implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--kafka-port", description = "Port of the embedded broker when no bootstrap is configured (default 9092).")
    int kafkaPort = 9092;

    @Mixin StreamMaintenance maintenance;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
        description = "Resume from a savepoint (or retained checkpoint), e.g. the one Ctrl-C printed.")
    String fromSavepoint;

    @Override
    public Integer call() throws Exception {
      return new StreamSession(common, kafkaPort, System.out, false).withMaintenance(maintenance.settings())
          .resumingFrom(fromSavepoint).run(0, 0);
    }
  }

  /** A bounded run over a JSONL file, a Raw date range or a Kafka range. */
  @Command(name = "backfill", mixinStandardHelpOptions = true,
      description = {"Run the same pipeline over a bounded input to its end and print a summary.",
          "Kafka positions (--kafka-from/--kafka-to): earliest | latest | an ISO-8601 instant such as"
              + " 2026-11-01T00:00:00Z or epoch milliseconds (first record at or after it) |"
              + " PARTITION:OFFSET[,PARTITION:OFFSET...] (from inclusive, to exclusive)."})
  static final class Backfill implements Callable<Integer> {
    @Mixin CommonOptions common;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
      @Option(names = "--input", paramLabel = "FILE.jsonl", description = "A JSONL export: one event per line.")
      Path jsonl;

      @Option(names = "--from-raw", paramLabel = "DATE..DATE", description = "Ingestion dates (UTC) of the Raw archive, e.g. 2026-11-01..2026-11-07.")
      String raw;

      @ArgGroup(exclusive = false)
      KafkaRange kafka;
    }

    static final class KafkaRange {
      @Option(names = "--kafka-from", required = true, paramLabel = "POSITION", description = "Start of the Kafka range (inclusive).")
      String from;

      @Option(names = "--kafka-to", paramLabel = "POSITION", description = "End of the Kafka range (exclusive; default latest).")
      String to = "latest";
    }

    @Override
    public Integer call() throws Exception {
      PipelineSettings s = common.resolve();
      InputSource source;
      if (input.jsonl != null) {
        source = new JsonlInput(input.jsonl);
      } else if (input.raw != null) {
        source = RawInput.parse(s.warehouse(), input.raw);
      } else {
        if (s.embeddedKafka()) {
          throw new IllegalArgumentException("--kafka-from needs --kafka-bootstrap or PQR_KAFKA_BOOTSTRAP");
        }
        source = KafkaInput.range(s.kafkaBootstrap(), s.topic(), s.groupId() + "-backfill", input.kafka.from, input.kafka.to);
        Reachability.requireKafka(s.kafkaBootstrap(), common.connectTimeout());
      }
      PseudonymKey.Resolved key = PseudonymKey.resolve(System.getenv(), s.dataDir(), false);
      PipelineSettings writer = common.writer(s);
      Files.createDirectories(s.dataDir());
      PipelineLauncher.prepareStorage(s);
      co.pqr.lakehouse.ml.ModelService.ensureActive(s, System.out);
      System.out.println(key.describe());
      System.out.println("backfill of " + source.describe() + " into " + s.warehouse() + " and " + Secrets.redact(s.pgUrl())
          + " as " + writer.pgUser());
      long t0 = System.nanoTime();
      PipelineLauncher.Launched launched = PipelineLauncher.launch(writer, source, "backfill", key.key(), false);
      launched.client().getJobExecutionResult().get();
      double secs = (System.nanoTime() - t0) / 1e9;
      printRuns(s, launched.jobInstance(), System.out);
      System.out.printf("backfill finished in %.1f s%n", secs);
      return 0;
    }
  }

  /** The synthetic generator, or a JSONL replay, into Kafka. */
  @Command(name = "produce", mixinStandardHelpOptions = true,
      description = "Generate realistic PQR events (deterministic for a seed) into Kafka, or write them to a JSONL"
          + " file, or replay a JSONL file into Kafka.")
  static final class Produce implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--cases", description = "PQR cases to generate (default 1000).")
    int cases = GeneratorConfig.DEFAULT_CASES;

    @Option(names = "--seed", description = "Random seed (default 42).")
    long seed = GeneratorConfig.DEFAULT_SEED;

    @Option(names = "--rate", description = "Events per second; 0 = as fast as possible (default 0).")
    double rate;

    @Option(names = "--duplicates", description = "Share of exact redeliveries (default 0.02).")
    double duplicates = GeneratorConfig.DEFAULT_DUPLICATE_SHARE;

    @Option(names = "--out-of-order", description = "Share of out-of-order events (default 0.05).")
    double outOfOrder = GeneratorConfig.DEFAULT_OUT_OF_ORDER_SHARE;

    @Option(names = "--malformed", description = "Share of malformed records (default 0.01).")
    double malformed = GeneratorConfig.DEFAULT_MALFORMED_SHARE;

    @Option(names = "--end", description = "End of the filing window, ISO-8601 (default now).")
    Instant end;

    @Option(names = "--replay", paramLabel = "FILE.jsonl", description = "Send this file's lines instead of generating.")
    Path replay;

    @Option(names = "--write-jsonl", paramLabel = "FILE.jsonl", description = "Write the generated events to this file instead of Kafka.")
    Path writeJsonl;

    @Override
    public Integer call() throws Exception {
      PipelineSettings s = common.resolve();
      if (replay == null) {
        GeneratorConfig config = GeneratorConfig.builder()
            .seed(seed).cases(cases).duplicateShare(duplicates).outOfOrderShare(outOfOrder).malformedShare(malformed)
            .window(end == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : end, GeneratorConfig.DEFAULT_WINDOW)
            .build();
        List<ProducedRecord> records = new PqrEventGenerator(config).generate();
        if (writeJsonl != null) {
          PqrProducer.writeJsonl(records, writeJsonl);
          System.out.println("wrote " + records.size() + " records to " + writeJsonl);
          return 0;
        }
        requireBootstrap(s);
        ProduceStats stats = new PqrProducer().send(records, s.kafkaBootstrap(), s.topic(), rate, Produce::progress);
        return report("sent", stats);
      } else {
        requireBootstrap(s);
        ProduceStats stats = new PqrProducer().replayJsonl(replay, s.kafkaBootstrap(), s.topic(), rate, Produce::progress);
        return report("replayed", stats);
      }
    }

    private static void progress(long sent, double rate) {
      System.out.printf("sent %d records (%.0f records/s)%n", sent, rate);
    }

    private static int report(String verb, ProduceStats stats) {
      System.out.printf("%s %d records (%d acknowledged, %d failed, %d bytes) in %.1f s%n", verb, stats.records(),
          stats.acknowledged(), stats.failed(), stats.bytes(), stats.elapsed().toMillis() / 1000.0);
      if (!stats.ok()) {
        System.err.println("produce: not every record was acknowledged: " + stats.firstError());
        return 1;
      }
      return 0;
    }

    private static void requireBootstrap(PipelineSettings s) {
      if (s.embeddedKafka()) {
        throw new IllegalArgumentException("produce needs --kafka-bootstrap or PQR_KAFKA_BOOTSTRAP"
            + " (demo and stream print the embedded broker's address)");
      }
    }
  }

  /** The recent runs recorded in the control plane. */
  @Command(name = "runs", mixinStandardHelpOptions = true, description = "List recent runs from control.runs.")
  static final class Runs implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--limit", description = "How many runs (default 20).")
    int limit = 20;

    @Override
    public Integer call() throws Exception {
      PipelineSettings s = common.resolve();
      Database.migrate(s);
      printRuns(s, null, limit, System.out);
      return 0;
    }
  }

  static void printRuns(PipelineSettings s, String jobInstance, PrintStream out) throws Exception {
    printRuns(s, jobInstance, 1000, out);
  }

  static void printRuns(PipelineSettings s, String jobInstance, int limit, PrintStream out) throws Exception {
    String sql = "SELECT run_id, mode, status, committed_at, records_in, records_valid, records_quarantined,"
        + " records_deduplicated, records_silver, input_range::text, snapshot_ids::text, code_version"
        + " FROM control.runs" + (jobInstance == null ? "" : " WHERE run_id LIKE ?")
        + " ORDER BY committed_at DESC, run_id DESC LIMIT ?";
    try (Connection c = Database.connect(s); PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (jobInstance != null) {
        ps.setString(i++, jobInstance + "-%");
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        out.printf("%-42s %-8s %-10s %-20s %9s %9s %11s %12s %9s%n", "run_id", "mode", "status", "committed_at",
            "in", "valid", "quarantined", "deduplicated", "silver");
        int n = 0;
        while (rs.next()) {
          n++;
          out.printf("%-42s %-8s %-10s %-20s %9d %9d %11d %12d %9d%n", rs.getString(1), rs.getString(2),
              rs.getString(3), rs.getObject(4, java.time.OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.SECONDS),
              rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9));
          out.println("    input " + rs.getString(10));
          out.println("    snapshots " + rs.getString(11) + "  code " + rs.getString(12));
        }
        if (n == 0) {
          out.println("(no runs yet)");
        }
      }
    }
  }

  /** Runs the stream (and, for the demo, a producer) until Ctrl-C. */
  static final class StreamSession {
    private final CommonOptions options;
    private final PipelineSettings base;
    private final int kafkaPort;
    private final PrintStream out;
    private final boolean demo;
    private co.pqr.lakehouse.maintenance.MaintenanceSettings maintenance =
        co.pqr.lakehouse.maintenance.MaintenanceSettings.defaults();
    private String fromSavepoint;

    /** {@code demo}: the only mode that may generate a local pseudonymisation key. */
    StreamSession(CommonOptions options, int kafkaPort, PrintStream out, boolean demo) {
      this.options = options;
      this.base = options.resolve();
      this.kafkaPort = kafkaPort;
      this.out = out;
      this.demo = demo;
    }

    StreamSession withMaintenance(co.pqr.lakehouse.maintenance.MaintenanceSettings settings) {
      this.maintenance = settings;
      return this;
    }

    /** Resume from this savepoint or retained checkpoint (null: a fresh start). */
    StreamSession resumingFrom(String savepoint) {
      this.fromSavepoint = savepoint;
      return this;
    }

    int run(double rate, int cases) throws Exception {
      PseudonymKey.Resolved key = PseudonymKey.resolve(System.getenv(), base.dataDir(), demo);
      if (!base.embeddedKafka()) {
        Reachability.requireKafka(base.kafkaBootstrap(), options.connectTimeout());
      }
      Files.createDirectories(base.dataDir());
      EmbeddedKafka broker = null;
      PipelineSettings s = base;
      if (s.embeddedKafka()) {
        out.println("starting the embedded Kafka broker (data in " + s.dataDir().resolve("kafka") + ") ...");
        broker = EmbeddedKafka.start(s.dataDir().resolve("kafka"), kafkaPort);
        broker.createTopic(s.topic(), 2);
        s = s.withKafkaBootstrap(broker.bootstrapServers());
        out.println("embedded Kafka broker at " + broker.bootstrapServers() + ", topic " + s.topic());
      }
      PipelineLauncher.prepareStorage(s);
      co.pqr.lakehouse.ml.ModelService.ensureActive(s, out);
      out.println("Postgres " + Secrets.redact(s.pgUrl()) + ": schemas control, gold, iceberg ready; warehouse " + s.warehouse());
      out.println(key.describe());
      if (fromSavepoint != null) {
        out.println("resuming from " + fromSavepoint);
      }
      PipelineSettings writer = options.writer(s);
      PipelineLauncher.Launched launched = PipelineLauncher.launch(
          PipelineLauncher.localEnvironment(writer, "stream", true, fromSavepoint), writer,
          KafkaInput.stream(s.kafkaBootstrap(), s.topic(), s.groupId()), "stream", key.key(),
          java.util.function.UnaryOperator.identity(), co.pqr.lakehouse.PqrPipeline.Layers.GOLD, maintenance);
      out.println(maintenance.enabled()
          ? "table maintenance every " + maintenance.interval().toSeconds() + " s (compaction, snapshot expiry, orphan files)"
          : "table maintenance off (--maintenance-interval 0)");
      JobClient job = launched.client();
      out.println("Flink dashboard: http://localhost:" + s.webUiPort() + "/#/job/running  (job " + job.getJobID() + ")");
      co.pqr.lakehouse.local.LocalPrometheus prometheus = null;
      if (s.metricsPort() != null && !s.metricsPort().isBlank()) {
        out.println("Prometheus metrics: http://localhost:" + s.metricsPort().split("-")[0]
            + "/metrics (Flink's reporter; the first free port of " + s.metricsPort() + ")");
        String repo = System.getProperty("pqr.repo.dir", ".");
        prometheus = co.pqr.lakehouse.local.LocalPrometheus.startIfInstalled(s.dataDir(), s.metricsPort(),
            Path.of(repo, "prometheus", "rules", "pqr-alerts.yml"), 9090).orElse(null);
        out.println(prometheus != null
            ? "Prometheus: " + prometheus.url() + " (scraping the reporter, with the alert rules)"
            : "Prometheus: not installed here (scripts/ensure-prometheus.sh installs it); in the compose stack"
                + " it is http://localhost:9090 and Grafana http://localhost:3000");
      }
      out.println("runs: " + launched.jobInstance() + "-NNNNN, one per " + s.runWindow().toSeconds() + " s;"
          + " Ctrl-C stops cleanly");

      AtomicLong produced = new AtomicLong();
      AtomicBoolean stopping = new AtomicBoolean();
      Thread producer = null;
      if (rate > 0) {
        PipelineSettings ps = s;
        producer = new Thread(() -> produceForever(ps, rate, cases, produced, stopping), "demo-producer");
        producer.setDaemon(true);
        producer.start();
      }
      ProgressReporter progress = new ProgressReporter(s, out, produced::get);
      progress.start(Math.max(5, s.checkpointInterval().toSeconds()));

      CountDownLatch done = new CountDownLatch(1);
      EmbeddedKafka brokerRef = broker;
      PipelineSettings sFinal = s;
      co.pqr.lakehouse.local.LocalPrometheus prometheusRef = prometheus;
      AtomicBoolean stopRequested = new AtomicBoolean();
      Runnable stop = () -> {
        if (!stopRequested.compareAndSet(false, true)) {
          return;
        }
        stopping.set(true);
        out.println("stopping: stopping the Flink job with a savepoint ...");
        try {
          String savepoint = job.stopWithSavepoint(false, PipelineLauncher.savepointsLocation(sFinal),
              org.apache.flink.core.execution.SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
          out.println("savepoint: " + savepoint + "  (resume: stream --from-savepoint " + savepoint + ")");
        } catch (Exception e) {
          out.println("stop with savepoint failed (" + e.getMessage() + "); cancelling the Flink job ...");
          try {
            job.cancel().get(60, TimeUnit.SECONDS);
          } catch (Exception c) {
            out.println("cancel: " + c.getMessage());
          }
        }
        try {
          progress.close();
        } catch (Exception ignored) {
          // shutting down
        }
        if (brokerRef != null) {
          brokerRef.stop();
        }
        if (prometheusRef != null) {
          try {
            prometheusRef.close();
          } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
          }
        }
        out.println("stopped");
        done.countDown();
      };
      // Ctrl-C and SIGTERM stop the job before the JVM starts shutting down: Flink's own shutdown hooks
      // would tear the MiniCluster down under a stop-with-savepoint. The hook covers other exits.
      for (String signal : List.of("INT", "TERM")) {
        sun.misc.Signal.handle(new sun.misc.Signal(signal), sig -> new Thread(stop, "pqr-stop").start());
      }
      Runtime.getRuntime().addShutdownHook(new Thread(stop, "pqr-shutdown"));
      try {
        job.getJobExecutionResult().get();
      } catch (Exception e) {
        if (!stopping.get()) {
          throw e;
        }
      }
      done.await(90, TimeUnit.SECONDS);
      return 0;
    }

    private void produceForever(PipelineSettings s, double rate, int cases, AtomicLong produced, AtomicBoolean stopping) {
      long seed = System.currentTimeMillis();
      while (!stopping.get()) {
        GeneratorConfig config = GeneratorConfig.builder().seed(seed++).cases(cases)
            .window(Instant.now().truncatedTo(ChronoUnit.SECONDS), GeneratorConfig.DEFAULT_WINDOW).build();
        List<ProducedRecord> records = new PqrEventGenerator(config).generate();
        try {
          long before = produced.get();
          new PqrProducer().send(records, s.kafkaBootstrap(), s.topic(), rate, (sent, r) -> produced.set(before + sent));
        } catch (Exception e) {
          if (!stopping.get()) {
            out.println("producer: " + e.getMessage());
          }
          return;
        }
      }
    }
  }
}
