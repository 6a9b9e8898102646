package co.pqr.lakehouse.config;

import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.iceberg.S3Settings;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of the pipeline, in one immutable record. Values come from flags first, then the
 * environment ({@code PQR_*}), then the defaults below (see {@link #resolve}).
 */
public record PipelineSettings(
    String kafkaBootstrap,
    String topic,
    String groupId,
    String pgUrl,
    String pgUser,
    String pgPassword,
    String warehouse,
    Path dataDir,
    Duration checkpointInterval,
    Duration runWindow,
    int parallelism,
    int maxPayloadBytes,
    int webUiPort,
    int goldBatchSize,
    Duration goldFlushInterval,
    String metricsPort,
    S3Settings s3,
    String writeDistribution)
    implements Serializable {

  public static final String DEFAULT_TOPIC = "pqr-events";
  public static final String DEFAULT_GROUP_ID = "pqr-lakehouse";
  public static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/pqr";
  public static final String DEFAULT_PG_USER = "pqr";
  public static final String DEFAULT_PG_PASSWORD = "pqr";
  public static final Path DEFAULT_DATA_DIR = Path.of("pqr-data");
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RUN_WINDOW = Duration.ofMinutes(1);
  public static final int DEFAULT_PARALLELISM = 2;
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1_048_576;
  public static final int DEFAULT_WEB_UI_PORT = 8081;
  public static final int DEFAULT_GOLD_BATCH_SIZE = 5_000;
  public static final Duration DEFAULT_GOLD_FLUSH_INTERVAL = Duration.ofSeconds(2);
  /** Port (or range, e.g. 9249-9259) of Flink's Prometheus reporter. */
  public static final String DEFAULT_METRICS_PORT = "9249-9259";
  /**
   * How rows reach the Iceberg writers: {@code partition} (rows of one table partition go to one writer
   * subtask: one file per partition and checkpoint) or {@code none} (rows stay on the subtask that parsed
   * them: no shuffle). See {@code PqrPipeline.WriteDistribution}.
   */
  public static final String DEFAULT_WRITE_DISTRIBUTION = "partition";

  public PipelineSettings {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(pgUrl, "pg url");
    Objects.requireNonNull(warehouse, "warehouse");
    Objects.requireNonNull(dataDir, "data dir");
    if (!pgUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--pg-url / PQR_PG_URL must be a jdbc:postgresql: URL, got '" + pgUrl + "'");
    }
    if (checkpointInterval.toMillis() < 100) {
      throw new IllegalArgumentException("--checkpoint-interval must be at least 100ms, got " + checkpointInterval);
    }
    if (runWindow.compareTo(checkpointInterval) < 0) {
      throw new IllegalArgumentException(
          "--run-window (" + runWindow + ") must be at least the checkpoint interval (" + checkpointInterval + ")");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("--parallelism must be at least 1, got " + parallelism);
    }
    s3 = s3 == null ? S3Settings.DEFAULT : s3;
    writeDistribution = writeDistribution == null || writeDistribution.isBlank()
        ? DEFAULT_WRITE_DISTRIBUTION : writeDistribution.trim().toLowerCase(java.util.Locale.ROOT);
    if (!writeDistribution.equals("partition") && !writeDistribution.equals("none")) {
      throw new IllegalArgumentException(
          "--write-distribution / PQR_WRITE_DISTRIBUTION must be partition or none, got '" + writeDistribution + "'");
    }
  }

  /** Settings with the default write distribution. */
  public PipelineSettings(String kafkaBootstrap, String topic, String groupId, String pgUrl, String pgUser,
      String pgPassword, String warehouse, Path dataDir, Duration checkpointInterval, Duration runWindow,
      int parallelism, int maxPayloadBytes, int webUiPort, int goldBatchSize, Duration goldFlushInterval,
      String metricsPort, S3Settings s3) {
    this(kafkaBootstrap, topic, groupId, pgUrl, pgUser, pgPassword, warehouse, dataDir, checkpointInterval, runWindow,
        parallelism, maxPayloadBytes, webUiPort, goldBatchSize, goldFlushInterval, metricsPort, s3,
        DEFAULT_WRITE_DISTRIBUTION);
  }

  /** Settings without object-store options: a local warehouse, or S3 with the AWS defaults. */
  public PipelineSettings(String kafkaBootstrap, String topic, String groupId, String pgUrl, String pgUser,
      String pgPassword, String warehouse, Path dataDir, Duration checkpointInterval, Duration runWindow,
      int parallelism, int maxPayloadBytes, int webUiPort, int goldBatchSize, Duration goldFlushInterval,
      String metricsPort) {
    this(kafkaBootstrap, topic, groupId, pgUrl, pgUser, pgPassword, warehouse, dataDir, checkpointInterval, runWindow,
        parallelism, maxPayloadBytes, webUiPort, goldBatchSize, goldFlushInterval, metricsPort, S3Settings.DEFAULT,
        DEFAULT_WRITE_DISTRIBUTION);
  }

  /** How many checkpoints make one stream run. */
  public int checkpointsPerRun() {
    return (int) Math.max(1, runWindow.toMillis() / checkpointInterval.toMillis());
  }

  public CatalogSettings catalog() {
    return new CatalogSettings(pgUrl, pgUser, pgPassword, warehouse, s3);
  }

  public boolean embeddedKafka() {
    return kafkaBootstrap == null || kafkaBootstrap.isBlank();
  }

  public PipelineSettings withKafkaBootstrap(String bootstrap) {
    return new PipelineSettings(bootstrap, topic, groupId, pgUrl, pgUser, pgPassword, warehouse, dataDir,
        checkpointInterval, runWindow, parallelism, maxPayloadBytes, webUiPort, goldBatchSize, goldFlushInterval, metricsPort, s3, writeDistribution);
  }

  public PipelineSettings withTopic(String newTopic) {
    return new PipelineSettings(kafkaBootstrap, newTopic, groupId, pgUrl, pgUser, pgPassword, warehouse, dataDir,
        checkpointInterval, runWindow, parallelism, maxPayloadBytes, webUiPort, goldBatchSize, goldFlushInterval, metricsPort, s3, writeDistribution);
  }

  public PipelineSettings withGroupId(String newGroupId) {
    return new PipelineSettings(kafkaBootstrap, topic, newGroupId, pgUrl, pgUser, pgPassword, warehouse, dataDir,
        checkpointInterval, runWindow, parallelism, maxPayloadBytes, webUiPort, goldBatchSize, goldFlushInterval, metricsPort, s3, writeDistribution);
  }

  public PipelineSettings withTiming(Duration checkpoint, Duration window) {
    return new PipelineSettings(kafkaBootstrap, topic, groupId, pgUrl, pgUser, pgPassword, warehouse, dataDir,
        checkpoint, window, parallelism, maxPayloadBytes, webUiPort, goldBatchSize, goldFlushInterval, metricsPort, s3, writeDistribution);
  }

  public PipelineSettings withParallelism(int p) {
    return new PipelineSettings(kafkaBootstrap, topic, groupId, pgUrl, pgUser, pgPassword, warehouse, dataDir,
        checkpointInterval, runWindow, p, maxPayloadBytes, webUiPort, goldBatchSize, goldFlushInterval, metricsPort, s3, writeDistribution);
  }

  /** The same settings with Flink's Prometheus reporter on the given port or range (empty = off). */
  public PipelineSettings withMetricsPort(String port) {
    return new PipelineSettings(kafkaBootstrap, topic, groupId, pgUrl, pgUser, pgPassword, warehouse, dataDir,
        checkpointInterval, runWindow, parallelism, maxPayloadBytes, webUiPort, goldBatchSize, goldFlushInterval, port, s3, writeDistribution);
  }

  /** The same settings with another object store (S3 endpoint, path style, credentials, region). */
  public PipelineSettings withS3(S3Settings objectStore) {
    return new PipelineSettings(kafkaBootstrap, topic, groupId, pgUrl, pgUser, pgPassword, warehouse, dataDir,
        checkpointInterval, runWindow, parallelism, maxPayloadBytes, webUiPort, goldBatchSize, goldFlushInterval,
        metricsPort, objectStore, writeDistribution);
  }

  /** The same settings with another Iceberg write distribution ({@code partition} or {@code none}). */
  public PipelineSettings withWriteDistribution(String distribution) {
    return new PipelineSettings(kafkaBootstrap, topic, groupId, pgUrl, pgUser, pgPassword, warehouse, dataDir,
        checkpointInterval, runWindow, parallelism, maxPayloadBytes, webUiPort, goldBatchSize, goldFlushInterval,
        metricsPort, s3, distribution);
  }

  /**
   * The same settings connecting to Postgres as another role, e.g. the pipeline's writer {@code pqr_writer}
   * (README "Security"); a null user keeps these credentials.
   */
  public PipelineSettings withPgCredentials(String user, String password) {
    if (user == null || user.isBlank()) {
      return this;
    }
    return new PipelineSettings(kafkaBootstrap, topic, groupId, pgUrl, user, password, warehouse, dataDir,
        checkpointInterval, runWindow, parallelism, maxPayloadBytes, webUiPort, goldBatchSize, goldFlushInterval,
        metricsPort, s3, writeDistribution);
  }

  /** Never shows the Postgres password nor the S3 secret key (settings may end up in a log line or a message). */
  @Override
  public String toString() {
    return "PipelineSettings[kafkaBootstrap=" + kafkaBootstrap + ", topic=" + topic + ", groupId=" + groupId
        + ", pgUrl=" + pgUrl + ", pgUser=" + pgUser + ", pgPassword=" + (pgPassword == null ? "null" : "<hidden>")
        + ", warehouse=" + warehouse + ", dataDir=" + dataDir + ", parallelism=" + parallelism + ", s3=" + s3 + "]";
  }

  /** Whether the warehouse is on S3, where Raw and checkpoints go through Flink's S3 file system. */
  public boolean s3Warehouse() {
    return S3Settings.isS3(warehouse);
  }

  /** Flag values (null when not given) override the environment, which overrides the defaults. */
  public static PipelineSettings resolve(Overrides flags, Map<String, String> env) {
    Path dataDir = Path.of(first(flags.dataDir, env.get("PQR_DATA_DIR"), DEFAULT_DATA_DIR.toString()));
    String warehouse =
        first(flags.warehouse, env.get("PQR_WAREHOUSE"), dataDir.resolve("warehouse").toAbsolutePath().toString());
    return new PipelineSettings(
        first(flags.kafkaBootstrap, env.get("PQR_KAFKA_BOOTSTRAP"), null),
        first(flags.topic, env.get("PQR_TOPIC"), DEFAULT_TOPIC),
        first(flags.groupId, env.get("PQR_GROUP_ID"), DEFAULT_GROUP_ID),
        first(flags.pgUrl, env.get("PQR_PG_URL"), DEFAULT_PG_URL),
        first(flags.pgUser, env.get("PQR_PG_USER"), DEFAULT_PG_USER),
        first(flags.pgPassword, env.get("PQR_PG_PASSWORD"), DEFAULT_PG_PASSWORD),
        normaliseWarehouse(warehouse),
        dataDir,
        flags.checkpointInterval != null ? flags.checkpointInterval : DEFAULT_CHECKPOINT_INTERVAL,
        flags.runWindow != null ? flags.runWindow : DEFAULT_RUN_WINDOW,
        flags.parallelism != null ? flags.parallelism : DEFAULT_PARALLELISM,
        flags.maxPayloadBytes != null ? flags.maxPayloadBytes : DEFAULT_MAX_PAYLOAD_BYTES,
        flags.webUiPort != null ? flags.webUiPort : DEFAULT_WEB_UI_PORT,
        DEFAULT_GOLD_BATCH_SIZE,
        DEFAULT_GOLD_FLUSH_INTERVAL,
        first(flags.metricsPort, env.get("PQR_METRICS_PORT"), DEFAULT_METRICS_PORT),
        new S3Settings(
            first(flags.s3Endpoint, env.get("PQR_S3_ENDPOINT"), null),
            Boolean.parseBoolean(first(flags.s3PathStyle, env.get("PQR_S3_PATH_STYLE"),
                String.valueOf(first(flags.s3Endpoint, env.get("PQR_S3_ENDPOINT"), null) != null))),
            first(flags.s3AccessKey, env.get("PQR_S3_ACCESS_KEY"), null),
            first(flags.s3SecretKey, env.get("PQR_S3_SECRET_KEY"), null),
            first(flags.s3Region, env.get("PQR_S3_REGION"), S3Settings.DEFAULT_REGION)),
        first(flags.writeDistribution, env.get("PQR_WRITE_DISTRIBUTION"), DEFAULT_WRITE_DISTRIBUTION));
  }

  /** A local warehouse is made absolute; URIs such as s3://bucket/prefix are kept as given. */
  static String normaliseWarehouse(String warehouse) {
    if (warehouse.startsWith("file:")) {
      String path = warehouse.substring("file:".length()).replaceFirst("^//(?=/)", "");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("--warehouse file: URIs must be absolute (file:///path), got '" + warehouse + "'");
      }
      return Path.of(path).normalize().toString();
    }
    if (warehouse.contains("://")) {
      return warehouse;
    }
    return Path.of(warehouse).toAbsolutePath().normalize().toString();
  }

  private static String first(String flag, String env, String fallback) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    if (env != null && !env.isBlank()) {
      return env;
    }
    return fallback;
  }

  /** Values given on the command line; null means "not given". */
  public static final class Overrides {
    public String kafkaBootstrap;
    public String topic;
    public String groupId;
    public String pgUrl;
    public String pgUser;
    public String pgPassword;
    public String warehouse;
    public String dataDir;
    public Duration checkpointInterval;
    public Duration runWindow;
    public Integer parallelism;
    public Integer maxPayloadBytes;
    public Integer webUiPort;
    public String metricsPort;
    public String s3Endpoint;
    /** "true" or "false"; unset: path style whenever an endpoint is configured. */
    public String s3PathStyle;
    public String s3AccessKey;
    public String s3SecretKey;
    public String s3Region;
    public String writeDistribution;
  }
}
