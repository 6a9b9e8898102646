package co.pqr.lakehouse;

import org.apache.iceberg.jdbc.JdbcCatalog;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Database;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.io.InputSource;
import co.pqr.lakehouse.maintenance.MaintenanceSettings;
import co.pqr.lakehouse.ml.ModelService;
import co.pqr.lakehouse.run.RunIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.UnaryOperator;
import co.pqr.lakehouse.io.InputRecord;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Snapshot;

/**
 * Prepares storage (Flyway migrations, Iceberg tables) and submits the {@link PqrPipeline} either
 * as a stream (STREAMING, checkpointed) or as a backfill (BATCH over a bounded input).
 */
public final class PipelineLauncher {
  private PipelineLauncher() {}

  /** A submitted job and the instance name its run ids start with. */
  public record Launched(JobClient client, String jobInstance) {}

  /** Makes sure every Postgres schema and Iceberg table exists; idempotent. */
  public static void prepareStorage(PipelineSettings s) throws Exception {
    Database.migrate(s);
    try (JdbcCatalog catalog = LakehouseCatalog.open(s.catalog())) {
      LakehouseTables.ensureCreated(catalog, s.catalog());
      co.pqr.lakehouse.iceberg.GoldTables.ensureCreated(catalog, s.catalog());
    }
  }

  public static Configuration flinkConfiguration(PipelineSettings s, boolean streaming, boolean webUi) {
    Configuration conf = new Configuration();
    if (s.s3Warehouse()) {
      s.s3().flinkOptions().forEach(conf::setString);
    }
    if (streaming) {
      conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, s.checkpointInterval());
      conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
      conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, Duration.ofMillis(Math.min(1000, s.checkpointInterval().toMillis() / 2)));
      conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(5));
      // the committer commits a bounded stream's tail on the checkpoint taken after all tasks finished
      conf.set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, true);
      conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointsLocation(s));
      conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepointsLocation(s));
      conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }
    // Hadoop's shutdown hook touches the job's class loader after the MiniCluster closed it: harmless,
    // but it printed a stack trace at every exit.
    conf.set(org.apache.flink.configuration.CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    if (webUi) {
      conf.set(RestOptions.PORT, s.webUiPort());
    }
    if (s.metricsPort() != null && !s.metricsPort().isBlank()) {
      conf.setString("metrics.reporter.prom.factory.class",
          "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
      conf.setString("metrics.reporter.prom.port", s.metricsPort());
    }
    return conf;
  }

  /**
   * Where checkpoints go: beside the lakehouse ({@code {warehouse}/_flink/checkpoints}) when the
   * warehouse is on S3, so that every TaskManager of a cluster reaches them; else {@code DATA_DIR/checkpoints}.
   */
  public static String checkpointsLocation(PipelineSettings s) {
    return s.s3Warehouse() ? s.warehouse() + "/_flink/checkpoints"
        : s.dataDir().resolve("checkpoints").toAbsolutePath().toUri().toString();
  }

  /** Where savepoints go by default: {@code {warehouse}/_flink/savepoints} on S3, else {@code DATA_DIR/savepoints}. */
  public static String savepointsLocation(PipelineSettings s) {
    return s.s3Warehouse() ? s.warehouse() + "/_flink/savepoints"
        : s.dataDir().resolve("savepoints").toAbsolutePath().toUri().toString();
  }

  /**
   * Initialises Flink's file systems in this JVM with the configuration's {@code s3.*} options and the
   * plugins found in {@link #pluginsDir()}. A MiniCluster does not do it itself (a cluster's JobManager
   * and TaskManagers do, from the cluster configuration). Flink's S3 file system must be loaded as a
   * plugin: its jar carries unrelocated Hadoop and AWS SDK classes.
   */
  public static void initializeFileSystems(Configuration conf) {
    Path dir = pluginsDir();
    if (dir == null) {
      throw new IllegalStateException("an s3:// warehouse needs Flink's S3 file system plugin: set FLINK_PLUGINS_DIR"
          + " (or -Dpqr.flink.plugins.dir) to a folder holding s3-fs-hadoop/flink-s3-fs-hadoop-2.0.0.jar;"
          + " the build puts one in flink-jobs/target/plugins");
    }
    // the S3 plugin's AWS SDK v1 prints a deprecation notice with a stack trace on first use: noise for users
    if (System.getProperty("aws.java.v1.disableDeprecationAnnouncement") == null) {
      System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
    }
    try {
      PluginManager plugins = new DefaultPluginManager(new DirectoryBasedPluginFinder(dir).findPlugins(),
          CoreOptions.getPluginParentFirstLoaderPatterns(conf));
      FileSystem.initialize(conf, plugins);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the Flink plugins under " + dir, e);
    }
  }

  /**
   * Flink's plugins folder for local runs: {@code FLINK_PLUGINS_DIR}, else {@code -Dpqr.flink.plugins.dir},
   * else {@code plugins/} beside this code's jar or classes folder (where the build copies the S3 plugin);
   * null if none exists.
   */
  static Path pluginsDir() {
    String configured = System.getenv(ConfigConstants.ENV_FLINK_PLUGINS_DIR);
    if (configured == null || configured.isBlank()) {
      configured = System.getProperty("pqr.flink.plugins.dir");
    }
    if (configured != null && !configured.isBlank()) {
      return Files.isDirectory(Path.of(configured)) ? Path.of(configured) : null;
    }
    try {
      Path code = Path.of(PipelineLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path beside = code.getParent() == null ? null : code.getParent().resolve("plugins");
      return beside != null && Files.isDirectory(beside) ? beside : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** Builds and submits the pipeline on a local MiniCluster (with the web dashboard if asked). */
  public static Launched launch(PipelineSettings s, InputSource source, String mode, byte[] pseudonymKey,
      boolean webUi) throws Exception {
    return launch(localEnvironment(s, mode, webUi), s, source, mode, pseudonymKey);
  }

  /** A MiniCluster environment configured for the mode (checkpointing for streams). */
  public static StreamExecutionEnvironment localEnvironment(PipelineSettings s, String mode, boolean webUi) {
    return localEnvironment(s, mode, webUi, null);
  }

  /** A MiniCluster environment that restores the job from {@code savepoint} (a path; null = fresh start). */
  public static StreamExecutionEnvironment localEnvironment(PipelineSettings s, String mode, boolean webUi,
      String savepoint) {
    Configuration conf = flinkConfiguration(s, "stream".equals(mode), webUi);
    if (savepoint != null && !savepoint.isBlank()) {
      conf.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    }
    if (s.s3Warehouse()) {
      initializeFileSystems(conf);
    }
    return webUi
        ? StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf)
        : StreamExecutionEnvironment.createLocalEnvironment(conf);
  }

  /** Builds and submits the pipeline on the given environment (local, remote or cluster). */
  public static Launched launch(StreamExecutionEnvironment env, PipelineSettings s, InputSource source, String mode,
      byte[] pseudonymKey) throws Exception {
    return launch(env, s, source, mode, pseudonymKey, UnaryOperator.identity());
  }

  public static Launched launch(StreamExecutionEnvironment env, PipelineSettings s, InputSource source, String mode,
      byte[] pseudonymKey, UnaryOperator<DataStream<InputRecord>> inputDecorator) throws Exception {
    return launch(env, s, source, mode, pseudonymKey, inputDecorator, PqrPipeline.Layers.GOLD);
  }

  public static Launched launch(StreamExecutionEnvironment env, PipelineSettings s, InputSource source, String mode,
      byte[] pseudonymKey, UnaryOperator<DataStream<InputRecord>> inputDecorator, PqrPipeline.Layers layers)
      throws Exception {
    return launch(env, s, source, mode, pseudonymKey, inputDecorator, layers, MaintenanceSettings.defaults());
  }

  /** A stream on a MiniCluster with the given table maintenance (its interval zero: none). */
  public static Launched launch(PipelineSettings s, InputSource source, String mode, byte[] pseudonymKey,
      boolean webUi, MaintenanceSettings maintenance) throws Exception {
    return launch(localEnvironment(s, mode, webUi), s, source, mode, pseudonymKey, UnaryOperator.identity(),
        PqrPipeline.Layers.GOLD, maintenance);
  }

  /** As below with default maintenance and {@code customizer} applied to the pipeline before it is built (fault-injection tests). */
  public static Launched launch(StreamExecutionEnvironment env, PipelineSettings s, InputSource source, String mode,
      byte[] pseudonymKey, UnaryOperator<DataStream<InputRecord>> inputDecorator, PqrPipeline.Layers layers,
      UnaryOperator<PqrPipeline> customizer) throws Exception {
    return launch(env, s, source, mode, pseudonymKey, inputDecorator, layers, MaintenanceSettings.defaults(), customizer);
  }

  public static Launched launch(StreamExecutionEnvironment env, PipelineSettings s, InputSource source, String mode,
      byte[] pseudonymKey, UnaryOperator<DataStream<InputRecord>> inputDecorator, PqrPipeline.Layers layers,
      MaintenanceSettings maintenance) throws Exception {
    return launch(env, s, source, mode, pseudonymKey, inputDecorator, layers, maintenance, UnaryOperator.identity());
  }

  /**
   * Builds and submits the pipeline. A stream also runs table maintenance beside it
   * ({@code maintenance}; disabled when its interval is zero, but the per-table file gauges remain).
   */
  public static Launched launch(StreamExecutionEnvironment env, PipelineSettings s, InputSource source, String mode,
      byte[] pseudonymKey, UnaryOperator<DataStream<InputRecord>> inputDecorator, PqrPipeline.Layers layers,
      MaintenanceSettings maintenance, UnaryOperator<PqrPipeline> customizer) throws Exception {
    boolean streaming = "stream".equals(mode);
    env.setParallelism(s.parallelism());
    env.setRuntimeMode(streaming ? RuntimeExecutionMode.STREAMING : RuntimeExecutionMode.BATCH);
    String jobInstance = RunIds.newJobInstance(mode, Instant.now());
    String activeModel = ModelService.ensureActive(s, System.out);
    String shadowModel = ModelService.registry(s).versionWithStatus("shadow").orElse(null);
    customizer.apply(
        new PqrPipeline(s, source, mode, jobInstance, pseudonymKey, currentSilverSnapshot(s), activeModel, shadowModel)
            .withInputDecorator(inputDecorator)
            .withLayers(layers)
            .withMaintenance(streaming ? maintenance : null)
            .withWriteDistribution(PqrPipeline.WriteDistribution.valueOf(s.writeDistribution().toUpperCase(Locale.ROOT))))
        .build(env);
    JobClient client = env.executeAsync("pqr-" + mode + " " + source.describe());
    return new Launched(client, jobInstance);
  }

  static Long currentSilverSnapshot(PipelineSettings s) throws Exception {
    try (JdbcCatalog catalog = LakehouseCatalog.open(s.catalog())) {
      Snapshot snap = catalog.loadTable(LakehouseTables.SILVER).currentSnapshot();
      return snap == null ? null : snap.snapshotId();
    }
  }
}
