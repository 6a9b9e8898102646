package co.pqr.lakehouse;

import co.pqr.lakehouse.cli.CommonOptions;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.ml.ModelService;
import co.pqr.lakehouse.io.InputSource;
import co.pqr.lakehouse.io.JsonlInput;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.io.RawInput;
import co.pqr.lakehouse.silver.privacy.PseudonymKey;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The pipeline as a job on a real Flink cluster (standalone session, docker-compose, Kubernetes
 * operator): the entry class of the shaded job jar. It is submitted the way users submit jobs, with
 * {@code flink run}, the REST API ({@code /jars/upload}, {@code /jars/{id}/run}) or a
 * {@code FlinkDeployment}; its {@code main} prepares storage, builds {@link PqrPipeline} through
 * {@link PipelineLauncher} on {@link StreamExecutionEnvironment#getExecutionEnvironment()} and
 * submits it to the cluster it runs against. It never calls {@code System.exit}: on a JobManager
 * that would stop the JobManager; failures are thrown.
 *
 * <p>Settings come from the same flags and {@code PQR_*} environment variables as the CLI. The
 * pseudonymisation key must come from {@code PQR_PSEUDONYM_KEY} (a secret of the deployment): a
 * key file on whichever machine runs {@code main} would differ between submissions.
 */
@Command(name = "pqr-cluster-job", mixinStandardHelpOptions = true,
    description = "Submit the PQR pipeline to the Flink cluster this program runs against (stream by default,"
        + " or a bounded backfill of a Kafka range, a Raw date range or a JSONL file readable by every TaskManager).")
public final class ClusterJob {

  @Mixin CommonOptions common;

  @Option(names = "--mode", paramLabel = "stream|backfill",
      description = "stream (default): unbounded from the consumer group's offsets; backfill: a bounded input.")
  String mode = "stream";

  @ArgGroup(exclusive = true)
  BackfillInput input;

  static final class BackfillInput {
    @Option(names = "--input", paramLabel = "FILE.jsonl", description = "Backfill: a JSONL file every TaskManager can read.")
    Path jsonl;

    @Option(names = "--from-raw", paramLabel = "DATE..DATE", description = "Backfill: ingestion dates (UTC) of the Raw archive.")
    String raw;

    @Option(names = "--kafka-from", paramLabel = "POSITION", description = "Backfill: start of a Kafka range (inclusive).")
    String kafkaFrom;
  }

  @Option(names = "--kafka-to", paramLabel = "POSITION", description = "Backfill: end of the Kafka range (exclusive; default latest).")
  String kafkaTo = "latest";

  @Option(names = "--await", description = "Wait for the job to finish (for a backfill submitted with an attached `flink run`).")
  boolean await;

  public static void main(String[] args) throws Exception {
    ClusterJob job = new ClusterJob();
    CommandLine cl = new CommandLine(job);
    cl.parseArgs(args);
    if (cl.isUsageHelpRequested()) {
      cl.usage(System.out);
      return;
    }
    job.submit(System.getenv());
  }

  /** Builds the pipeline on the current execution environment and submits it; returns the launch. */
  PipelineLauncher.Launched submit(Map<String, String> env) throws Exception {
    PipelineSettings s = common.resolve();
    boolean streaming = switch (mode) {
      case "stream" -> true;
      case "backfill" -> false;
      default -> throw new IllegalArgumentException("--mode must be stream or backfill, got '" + mode + "'");
    };
    InputSource source = source(s, streaming);
    String key = env.get(PseudonymKey.ENV_VAR);
    String keyFile = env.get(PseudonymKey.FILE_ENV_VAR);
    if ((key == null || key.isBlank()) && (keyFile == null || keyFile.isBlank())) {
      throw new IllegalArgumentException(PseudonymKey.ENV_VAR + " (or " + PseudonymKey.FILE_ENV_VAR + ") must be set"
          + " where the cluster job is submitted (a secret of the deployment, e.g. `openssl rand -base64 32`):"
          + " tokens must not depend on a key file on one machine");
    }
    byte[] pseudonymKey = PseudonymKey.resolve(env, null, false).key();

    PipelineLauncher.prepareStorage(s);
    ModelService.ensureActive(s, System.out);
    PipelineSettings writer = common.writer(s);
    StreamExecutionEnvironment flink =
        StreamExecutionEnvironment.getExecutionEnvironment(PipelineLauncher.flinkConfiguration(s, streaming, false));
    PipelineLauncher.Launched launched = PipelineLauncher.launch(flink, writer, source, mode, pseudonymKey);
    System.out.println("submitted pqr-" + mode + " " + source.describe() + " as job " + launched.client().getJobID()
        + " (runs " + launched.jobInstance() + "-NNNNN, parallelism " + s.parallelism() + ", warehouse "
        + s.warehouse() + ")");
    if (await) {
      launched.client().getJobExecutionResult().get();
      System.out.println("job " + launched.client().getJobID() + " finished");
    }
    return launched;
  }

  private InputSource source(PipelineSettings s, boolean streaming) throws Exception {
    if (streaming) {
      if (input != null) {
        throw new IllegalArgumentException("--input, --from-raw and --kafka-from need --mode backfill");
      }
      requireBootstrap(s);
      return KafkaInput.stream(s.kafkaBootstrap(), s.topic(), s.groupId());
    }
    if (input == null) {
      throw new IllegalArgumentException("--mode backfill needs one of --input, --from-raw or --kafka-from");
    }
    if (input.jsonl != null) {
      return new JsonlInput(input.jsonl);
    }
    if (input.raw != null) {
      return RawInput.parse(s.warehouse(), input.raw);
    }
    requireBootstrap(s);
    return KafkaInput.range(s.kafkaBootstrap(), s.topic(), s.groupId() + "-backfill", input.kafkaFrom, kafkaTo);
  }

  private static void requireBootstrap(PipelineSettings s) {
    if (s.embeddedKafka()) {
      throw new IllegalArgumentException("a cluster job needs --kafka-bootstrap or PQR_KAFKA_BOOTSTRAP");
    }
  }
}
