package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.io.KafkaInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.redpanda.RedpandaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The pipeline against the production stack's own broker and database: the Redpanda and Postgres images
 * pinned in {@code docker-compose.yml}, started by Testcontainers. A Kafka-range backfill lands every
 * record in Bronze or quarantine and Gold equals {@link GoldOracle}.
 *
 * <p>Where no Docker daemon is reachable (the project's development and CI machines have none) the test
 * is skipped with a message; it never fails for that reason, and it is not the only test of anything:
 * the same path runs against the embedded Kafka broker and local PostgreSQL in {@link PipelineIT}.
 */
class ContainerStackIT {
  @TempDir Path dir;


  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  @Test
  void kafkaRangeBackfillFromRedpandaIntoPostgresContainerMatchesTheOracle() throws Exception {
    assumeTrue(dockerAvailable(), "no Docker daemon reachable: skipping the Testcontainers check of the compose"
        + " images (PipelineIT covers the same path with the embedded broker and local PostgreSQL)");
    Map<String, String> images = composeImages();
    List<Fixtures.In> input = new ArrayList<>(Fixtures.edgeCases());
    input.addAll(Fixtures.generated(81, 200));
    try (RedpandaContainer redpanda = new RedpandaContainer(DockerImageName.parse(images.get("redpanda")));
        PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(
            DockerImageName.parse(images.get("postgres")).asCompatibleSubstituteFor("postgres"))) {
      redpanda.start();
      postgres.start();
      String topic = "it-containers";
      Properties admin = new Properties();
      admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, redpanda.getBootstrapServers());
      try (Admin a = Admin.create(admin)) {
        a.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
      }
      Produce.toKafka(redpanda.getBootstrapServers(), topic, input);

      PipelineSettings settings = new PipelineSettings(redpanda.getBootstrapServers(), topic, "it-containers",
          postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
          dir.resolve("warehouse").toString(), dir.resolve("data"), Duration.ofMillis(500), Duration.ofSeconds(2), 2,
          PipelineSettings.DEFAULT_MAX_PAYLOAD_BYTES, 0, 500, Duration.ofMillis(300), "");
      try (TestLakehouse lake = new TestLakehouse(settings)) {
        PipelineLauncher.launch(settings,
            KafkaInput.range(redpanda.getBootstrapServers(), topic, "it-containers", "earliest", "latest"),
            "backfill", TestLakehouse.KEY, false).client().getJobExecutionResult().get();
        assertThat(lake.bronze().size() + lake.quarantine().size()).isEqualTo(input.size());
        assertThat(lake.silver()).hasSize(new GoldOracle(Fixtures.validPayloads(input)).distinctEvents);
        PipelineIT.assertGoldEquals(lake, Fixtures.validPayloads(input));
      }
    }
  }

  /** service -> image, as pinned in docker-compose.yml (the tested images are the deployed ones). */
  private static Map<String, String> composeImages() throws Exception {
    String compose = java.nio.file.Files.readString(ObservabilityFiles.root().resolve("docker-compose.yml"));
    Map<String, String> images = new java.util.HashMap<>();
    for (String service : List.of("redpanda", "postgres")) {
      java.util.regex.Matcher m = java.util.regex.Pattern
          .compile("(?m)^  " + service + ":\\s*\\n    image:\\s*(\\S+)").matcher(compose);
      assertThat(m.find()).as(service + " image in docker-compose.yml").isTrue();
      images.put(service, m.group(1));
    }
    return images;
  }
}
