package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.pqr.lakehouse.local.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same jar on a real cluster: the shaded job jar ({@code flink-job-jar}) uploaded through the REST
 * API to a standalone session cluster of separate JVMs (a JobManager and two TaskManagers whose
 * classpath holds only Flink), with its warehouse on S3 (s3proxy) through the cluster's S3 file system
 * plugin and the jar's S3FileIO. A stream job runs until Gold equals the oracle and is cancelled; then a
 * backfill of the same Kafka range, a second job on the same TaskManagers (new user-code class loader),
 * runs to its end into a fresh lakehouse. Classloading and shading faults that a MiniCluster hides
 * (missing classes, duplicate Flink classes, service files, JDBC drivers across class loaders) fail
 * here.
 */
class SessionClusterIT {
  private static final String BUCKET = "pqr-cluster";

  private static EmbeddedKafka kafka;
  private static S3Server s3;

  @TempDir static Path shared;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    kafka = SharedKafka.broker();
    s3 = S3Server.start(shared.resolve("s3"));
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void shadedJarSubmittedThroughRestRunsAStreamAndABackfillOnASessionCluster() throws Exception {
    Path jar = Path.of(FlinkSessionCluster.required("pqr.job.jar"));
    assertThat(jar).as("the shaded job jar: build module flink-job-jar first (mvn install -DskipTests)").exists();

    List<Fixtures.In> input = new ArrayList<>(Fixtures.edgeCases());
    input.addAll(Fixtures.generated(61, 100));
    String topic = "it-cluster";
    kafka.createTopic(topic, 2);
    Produce.toKafka(kafka.bootstrapServers(), topic, input);
    GoldOracle oracle = new GoldOracle(Fixtures.validPayloads(input));

    Map<String, String> clusterConfig = new java.util.LinkedHashMap<>();
    s3.settings().flinkOptions().forEach(clusterConfig::put);
    Map<String, String> env = Map.of(
        "FLINK_PLUGINS_DIR", FlinkSessionCluster.required("pqr.flink.plugins.dir"),
        "PQR_PSEUDONYM_KEY", Base64.getEncoder().encodeToString(TestLakehouse.KEY),
        // secrets reach the submitted ClusterJob through its environment, never as program arguments
        "PQR_PG_PASSWORD", TestLakehouse.PASSWORD,
        "PQR_S3_SECRET_KEY", s3.settings().secretKey());
    List<String> jvm = List.of("-Daws.requestChecksumCalculation=WHEN_REQUIRED",
        "-Daws.responseChecksumValidation=WHEN_REQUIRED", "-Daws.java.v1.disableDeprecationAnnouncement=true");

    try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir.resolve("cluster"), 2, clusterConfig, env, jvm);
        TestLakehouse streamLake = new TestLakehouse(dir.resolve("stream"), kafka.bootstrapServers(), topic,
            "s3://" + BUCKET + "/stream", s3.settings());
        TestLakehouse backfillLake = new TestLakehouse(dir.resolve("backfill"), kafka.bootstrapServers(), topic,
            "s3://" + BUCKET + "/backfill", s3.settings())) {
      String jarId = cluster.uploadJar(jar);

      String streamJob = cluster.runJar(jarId, "co.pqr.lakehouse.ClusterJob", args(streamLake, "stream"));
      try {
        await("stream job result in Iceberg and Gold").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
            .failFast("the stream job ended", () -> isTerminal(cluster.jobState(streamJob)))
            .untilAsserted(() -> {
              assertThat(streamLake.bronze().size() + streamLake.quarantine().size()).isEqualTo(input.size());
              PipelineIT.assertGoldEquals(streamLake, Fixtures.validPayloads(input));
            });
      } catch (Throwable t) {
        throw new AssertionError("stream job " + streamJob + " (" + cluster.jobState(streamJob) + "):\n"
            + cluster.failures(streamJob) + "\n" + cluster.logTails(), t);
      }
      assertThat(cluster.get("/jobs/" + streamJob).path("vertices")).allSatisfy(v ->
          assertThat(v.path("parallelism").asInt()).isBetween(1, 2));
      cluster.cancel(streamJob);
      await().atMost(Duration.ofMinutes(1)).until(() -> "CANCELED".equals(cluster.jobState(streamJob)));
      assertThat(streamLake.silver()).hasSize(oracle.distinctEvents);

      List<String> backfillArgs = new ArrayList<>(args(backfillLake, "backfill"));
      backfillArgs.addAll(List.of("--kafka-from", "earliest", "--kafka-to", "latest"));
      String backfillJob = cluster.runJar(jarId, "co.pqr.lakehouse.ClusterJob", backfillArgs);
      await("backfill job finished").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
          .failFast("the backfill job failed: " + backfillJob,
              () -> isTerminal(cluster.jobState(backfillJob)) && !"FINISHED".equals(cluster.jobState(backfillJob)))
          .until(() -> "FINISHED".equals(cluster.jobState(backfillJob)));
      assertThat(backfillLake.bronze().size() + backfillLake.quarantine().size()).isEqualTo(input.size());
      assertThat(backfillLake.silver()).hasSize(oracle.distinctEvents);
      PipelineIT.assertGoldEquals(backfillLake, Fixtures.validPayloads(input));
      assertThat(backfillLake.scalar("SELECT count(*) FROM control.runs WHERE status = 'COMMITTED'")).isEqualTo(1);

      // Flink logs an INFO line when Hadoop is not on its own classpath (it is in the job jar): not a fault.
      // A cancelled job's Kafka admin thread in the JobManager may outlive its class loader and fail to load
      // Selector$CloseMode while closing (Kafka clients inside a job jar; harmless, after cancellation).
      assertThat(cluster.logLines("ClassNotFoundException|NoClassDefFoundError|LinkageError|No suitable driver"
          + "|switched from [A-Z]+ to FAILED"))
          .as("classloading faults and task failures in the cluster logs")
          .filteredOn(l -> !l.contains(" INFO ") && !l.contains("org/apache/kafka/common/network/Selector$CloseMode")
              && !l.contains("org.apache.kafka.common.network.Selector$CloseMode"))
          .isEmpty();
      assertThat(s3.keys(BUCKET, "stream/raw/pqr_events/")).isNotEmpty();
      assertThat(Files.list(dir.resolve("cluster")).map(p -> p.getFileName().toString()))
          .contains("jobmanager.log", "taskmanager-0.log", "taskmanager-1.log");
    }
  }

  /** The ClusterJob flags for a lakehouse (settings a deployment would give through PQR_* variables). */
  private static List<String> args(TestLakehouse lake, String mode) {
    var s = lake.settings;
    return new ArrayList<>(List.of(
        "--mode", mode,
        "--kafka-bootstrap", s.kafkaBootstrap(),
        "--topic", s.topic(),
        "--group-id", s.groupId(),
        "--pg-url", s.pgUrl(),
        "--pg-user", s.pgUser(),
        "--warehouse", s.warehouse(),
        "--s3-endpoint", s.s3().endpoint(),
        "--s3-access-key", s.s3().accessKey(),
        "--checkpoint-interval", "1s",
        "--run-window", "2s",
        "--parallelism", "2"));
  }

  private static boolean isTerminal(String state) {
    return List.of("FAILED", "CANCELED", "FINISHED", "SUSPENDED").contains(state);
  }
}
