package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.config.PipelineSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every command shares. Flags win over PQR_* environment variables, which win over defaults. */
public class CommonOptions {
  @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka/Redpanda bootstrap servers (env PQR_KAFKA_BOOTSTRAP). Unset: demo and stream start an embedded broker.")
  String kafkaBootstrap;

  @Option(names = "--topic", description = "Input topic (env PQR_TOPIC, default " + PipelineSettings.DEFAULT_TOPIC + ").")
  String topic;

  @Option(names = "--group-id", description = "Consumer group of the stream (env PQR_GROUP_ID, default " + PipelineSettings.DEFAULT_GROUP_ID + ").")
  String groupId;

  @Option(names = "--pg-url", description = "Postgres JDBC URL (env PQR_PG_URL, default " + PipelineSettings.DEFAULT_PG_URL + ").")
  String pgUrl;

  @Option(names = "--pg-user", description = "Postgres user (env PQR_PG_USER, default " + PipelineSettings.DEFAULT_PG_USER + ").")
  String pgUser;

  @Option(names = "--pg-password-file", paramLabel = "FILE",
      description = "File holding the Postgres password (env PQR_PG_PASSWORD_FILE, or the password itself in"
          + " PQR_PG_PASSWORD; default " + PipelineSettings.DEFAULT_PG_PASSWORD + " for the local demo)."
          + " Never on the command line.")
  Path pgPasswordFile;

  @Option(names = "--pg-writer-user", paramLabel = "ROLE",
      description = "Postgres role the running pipeline writes as, e.g. pqr_writer (env PQR_PG_WRITER_USER;"
          + " unset: the --pg-user owner, as in the demo). Migrations always run as --pg-user.")
  String pgWriterUser;

  @Option(names = "--pg-writer-password-file", paramLabel = "FILE",
      description = "File holding the writer's password (env PQR_PG_WRITER_PASSWORD_FILE or PQR_PG_WRITER_PASSWORD).")
  Path pgWriterPasswordFile;

  @Option(names = "--warehouse", description = "Lakehouse root: a folder or s3://bucket/prefix (env PQR_WAREHOUSE, default DATA_DIR/warehouse).")
  String warehouse;

  @Option(names = "--data-dir", description = "Local working folder: checkpoints, embedded broker, pseudonym key, logs (env PQR_DATA_DIR, default ./pqr-data).")
  String dataDir;

  @Option(names = "--checkpoint-interval", converter = DurationConverter.class,
      description = "Checkpoint interval, e.g. 10s (default 10s). Iceberg data becomes visible at each checkpoint.")
  Duration checkpointInterval;

  @Option(names = "--run-window", converter = DurationConverter.class,
      description = "Stream run length, a whole number of checkpoints, e.g. 1m (default 1m).")
  Duration runWindow;

  @Option(names = "--parallelism", description = "Flink parallelism (default 2).")
  Integer parallelism;

  @Option(names = "--write-distribution", paramLabel = "partition|none",
      description = "How rows reach the Iceberg writers (env PQR_WRITE_DISTRIBUTION, default partition): partition ="
          + " one writer per table partition (fewer files), none = no shuffle.")
  String writeDistribution;

  @Option(names = "--max-payload-bytes", description = "Records larger than this are quarantined as OVERSIZED (default 1048576).")
  Integer maxPayloadBytes;

  @Option(names = "--web-port", description = "Flink web dashboard port for demo and stream (default 8081).")
  Integer webPort;

  @Option(names = "--metrics-port", description = "Port or range of Flink's Prometheus reporter (env PQR_METRICS_PORT, default 9249-9259; empty = off).")
  String metricsPort;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "S3 API endpoint for an s3:// warehouse, e.g. http://rustfs:9000 (env PQR_S3_ENDPOINT; unset: AWS).")
  String s3Endpoint;

  @Option(names = "--s3-path-style", paramLabel = "true|false",
      description = "Path-style S3 requests (env PQR_S3_PATH_STYLE; default true when an endpoint is set).")
  String s3PathStyle;

  @Option(names = "--s3-access-key", description = "S3 access key (env PQR_S3_ACCESS_KEY; unset: AWS default credential chain).")
  String s3AccessKey;

  @Option(names = "--s3-secret-key-file", paramLabel = "FILE",
      description = "File holding the S3 secret key (env PQR_S3_SECRET_KEY_FILE, or the key itself in PQR_S3_SECRET_KEY).")
  Path s3SecretKeyFile;

  @Option(names = "--s3-region", description = "S3 signing region (env PQR_S3_REGION, default us-east-1).")
  String s3Region;

  @Option(names = "--connect-timeout", converter = DurationConverter.class,
      description = "How long a configured Kafka bootstrap may take to answer before the command gives up (default 10s).")
  Duration connectTimeout;

  /** {@code --connect-timeout}, or its default. */
  Duration connectTimeout() {
    return connectTimeout != null ? connectTimeout : Reachability.DEFAULT_TIMEOUT;
  }

  /** The settings these flags, the environment and the defaults give (flags first). */
  public PipelineSettings resolve() {
    PipelineSettings.Overrides o = new PipelineSettings.Overrides();
    o.kafkaBootstrap = kafkaBootstrap;
    o.topic = topic;
    o.groupId = groupId;
    o.pgUrl = pgUrl;
    o.pgUser = pgUser;
    o.pgPassword = Secrets.fromFileOrEnv("--pg-password-file", pgPasswordFile, "PQR_PG_PASSWORD", System.getenv());
    o.warehouse = warehouse;
    o.dataDir = dataDir;
    o.checkpointInterval = checkpointInterval;
    o.runWindow = runWindow;
    o.parallelism = parallelism;
    o.maxPayloadBytes = maxPayloadBytes;
    o.webUiPort = webPort;
    o.metricsPort = metricsPort;
    o.s3Endpoint = s3Endpoint;
    o.s3PathStyle = s3PathStyle;
    o.s3AccessKey = s3AccessKey;
    o.s3SecretKey = Secrets.fromFileOrEnv("--s3-secret-key-file", s3SecretKeyFile, "PQR_S3_SECRET_KEY", System.getenv());
    o.s3Region = s3Region;
    o.writeDistribution = writeDistribution;
    return PipelineSettings.resolve(o, System.getenv());
  }

  /**
   * The settings the running pipeline uses: {@code owner}'s, connecting as the writer role when one is configured
   * ({@code --pg-writer-user} / {@code PQR_PG_WRITER_USER}), else as the owner.
   */
  public PipelineSettings writer(PipelineSettings owner) {
    java.util.Map<String, String> env = System.getenv();
    String user = pgWriterUser != null && !pgWriterUser.isBlank() ? pgWriterUser : env.get("PQR_PG_WRITER_USER");
    if (user == null || user.isBlank()) {
      return owner;
    }
    return owner.withPgCredentials(user,
        Secrets.fromFileOrEnv("--pg-writer-password-file", pgWriterPasswordFile, "PQR_PG_WRITER_PASSWORD", env));
  }
}
