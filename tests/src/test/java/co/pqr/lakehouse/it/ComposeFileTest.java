package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production stack's {@code docker-compose.yml}, checked with Debian's {@code docker-compose}, which
 * validates and renders a file without a Docker daemon ({@code scripts/ensure-compose.sh} installs it),
 * and by reading the rendered configuration: the services of the platform, pinned images, named
 * volumes, health checks, no host {@code /tmp}, secrets only from {@code .env}.
 */
class ComposeFileTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> ONE_SHOT = Set.of("redpanda-init", "rustfs-volume-init", "bucket-init", "job-submitter");

  private static Path root;
  private static JsonNode services;

  @BeforeAll
  static void render() throws Exception {
    root = ObservabilityFiles.root();
    Result r = compose(root, ".env.example", "config");
    assertThat(r.exit()).as("docker-compose config:\n" + r.err()).isZero();
    services = YAML.readTree(r.out()).path("services");
  }

  @Test
  void composeFileValidatesWithTheExampleEnvironment() throws Exception {
    Result r = compose(root, ".env.example", "config", "-q");
    assertThat(r.exit()).as("docker-compose --env-file .env.example -f docker-compose.yml config -q\n" + r.err()).isZero();
  }

  @Test
  void stackHasEveryPartOfThePlatform() {
    assertThat(names(services)).contains("redpanda", "redpanda-init", "console", "rustfs", "bucket-init", "postgres",
        "jobmanager", "taskmanager", "job-submitter", "producer", "prometheus", "grafana");
    assertThat(services.path("console").path("environment").path("KAFKA_BROKERS").asText()).isEqualTo("redpanda:9092");
  }

  @Test
  void everyImageTagIsPinned() {
    for (String name : names(services)) {
      String image = services.path(name).path("image").asText();
      assertThat(image).as(name + " image").isNotBlank().matches("[^:]+(:\\d+)?(/[^:]+)*:[A-Za-z0-9._-]+")
          .doesNotEndWith(":latest").doesNotEndWith(":main").doesNotEndWith(":stable");
    }
  }

  @Test
  void statefulServicesUseNamedVolumesAndNothingMountsHostTmp() throws Exception {
    for (String name : names(services)) {
      for (Mount v : mounts(name)) {
        if (v.bind()) {
          assertThat(Path.of(v.source()).toAbsolutePath().normalize().toString()).as(name + " bind mount")
              .doesNotStartWith("/tmp").startsWith(root.toString());
        }
      }
    }
    Map<String, String> data = Map.of("redpanda", "/var/lib/redpanda/data", "rustfs", "/data",
        "postgres", "/var/lib/postgresql/data", "prometheus", "/prometheus", "grafana", "/var/lib/grafana");
    data.forEach((service, target) -> assertThat(mounts(service))
        .as(service + " keeps " + target + " in a named volume")
        .contains(new Mount(false, service.equals("postgres") ? "postgres-data" : service + "-data", target)));
    assertThat(compose(root, ".env.example", "config", "--volumes").out().lines().toList())
        .contains("redpanda-data", "rustfs-data", "postgres-data", "prometheus-data", "grafana-data");
  }

  @Test
  void longRunningServicesHaveHealthChecksAndOneShotsDoNotRestart() {
    for (String name : names(services)) {
      JsonNode s = services.path(name);
      if (ONE_SHOT.contains(name)) {
        assertThat(s.path("restart").asText()).as(name).isEqualTo("no");
      } else if (!name.equals("producer")) {
        assertThat(s.path("healthcheck").path("test")).as(name + " health check").isNotEmpty();
      }
    }
    assertThat(services.path("job-submitter").path("depends_on").path("taskmanager").path("condition").asText())
        .isEqualTo("service_healthy");
    assertThat(services.path("jobmanager").path("depends_on").path("bucket-init").path("condition").asText())
        .isEqualTo("service_completed_successfully");
  }

  @Test
  void flinkRunsTheOfficialImageWithTheS3PluginAndKeepsItsStateOnS3() throws Exception {
    String flinkVersion = pomProperty("flink.version");
    for (String name : List.of("jobmanager", "taskmanager")) {
      JsonNode s = services.path(name);
      assertThat(s.path("image").asText()).startsWith("flink:" + flinkVersion + "-");
      JsonNode env = s.path("environment");
      assertThat(env.path("ENABLE_BUILT_IN_PLUGINS").asText()).isEqualTo("flink-s3-fs-hadoop-" + flinkVersion + ".jar");
      Map<String, String> props = flinkProperties(env.path("FLINK_PROPERTIES").asText());
      assertThat(props.get("execution.checkpointing.dir")).startsWith("s3://");
      assertThat(props.get("execution.checkpointing.savepoint-dir")).startsWith("s3://");
      assertThat(props).containsEntry("s3.endpoint", "http://rustfs:9000").containsEntry("s3.path.style.access", "true")
          .containsEntry("metrics.reporter.prom.port", "9249").containsKey("s3.access-key");
      for (String line : env.path("FLINK_PROPERTIES").asText().split("\n")) {
        assertThat(line.replaceAll("\\s", "")).as("the image's entrypoint strips whitespace from: " + line)
            .isEqualTo(line.replace(": ", ":").strip());
      }
    }
    String dockerfile = Files.readString(root.resolve("deploy/docker/Dockerfile"));
    assertThat(dockerfile).contains("FROM " + services.path("jobmanager").path("image").asText() + "\n");
    assertThat(services.path("job-submitter").path("image").asText())
        .isEqualTo(services.path("producer").path("image").asText());
    assertThat(services.path("job-submitter").path("build").path("dockerfile").asText()).isEqualTo("deploy/docker/Dockerfile");
    assertThat(Files.readString(root.resolve("deploy/docker/submit-job.sh"))).contains("flink \"${args[@]}\" \"$jar\"");
  }

  @Test
  void prometheusScrapesFlinkAndGrafanaIsProvisionedFromTheRepository() throws Exception {
    assertThat(binds("prometheus")).containsEntry("/etc/prometheus", root.resolve("prometheus").toString());
    String scrape = Files.readString(root.resolve(ObservabilityFiles.PROMETHEUS_CONFIG));
    assertThat(scrape).contains("jobmanager:9249", "taskmanager:9249");
    assertThat(binds("grafana"))
        .containsEntry("/etc/grafana/provisioning", root.resolve("grafana/provisioning").toString())
        .containsEntry("/var/lib/grafana/dashboards", root.resolve("grafana/dashboards").toString());
    assertThat(Files.readString(root.resolve("grafana/provisioning/dashboards/dashboards.yml")))
        .contains("/var/lib/grafana/dashboards");
    assertThat(services.path("grafana").path("environment").path("PQR_GRAFANA_PASSWORD").asText()).isNotBlank();
    assertThat(binds("postgres")).containsValue(root.resolve("deploy/compose/postgres-init.sh").toString());
  }

  @Test
  void secretsComeOnlyFromAnUncommittedEnvFileWithACommittedExample() throws Exception {
    assertThat(Files.readAllLines(root.resolve(".gitignore"))).contains(".env");
    String compose = Files.readString(root.resolve("docker-compose.yml"));
    Set<String> required = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(compose);
    while (m.find()) {
      required.add(m.group(1));
    }
    assertThat(required).contains("POSTGRES_PASSWORD", "RUSTFS_SECRET_KEY", "PQR_PSEUDONYM_KEY", "GRAFANA_ADMIN_PASSWORD");
    Set<String> example = new LinkedHashSet<>();
    for (String line : Files.readAllLines(root.resolve(".env.example"))) {
      if (line.matches("[A-Z0-9_]+=.*")) {
        example.add(line.substring(0, line.indexOf('=')));
      }
    }
    assertThat(example).containsAll(required);
    Matcher any = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(compose);
    while (any.find()) {
      assertThat(example).as("every variable of docker-compose.yml is documented in .env.example").contains(any.group(1));
    }
    // without the secrets the stack refuses to render, naming the missing one
    Path empty = Files.createTempFile("pqr-empty", ".env");
    try {
      Result r = compose(root, empty.toString(), "config", "-q");
      assertThat(r.exit()).isNotZero();
      assertThat(r.err()).contains("in .env");
    } finally {
      Files.deleteIfExists(empty);
    }
    assertThat(compose).doesNotContainPattern("(?im)(password|secret|key)[A-Z_]*:\\s*['\"]?[a-z0-9-]{6,}['\"]?\\s*$");
  }

  @Test
  void readmeProductionSectionMatchesTheStack() throws Exception {
    String readme = Files.readString(root.resolve("README.md"));
    int start = readme.indexOf("\n## Production");
    assertThat(start).as("README has a Production section").isPositive();
    int end = readme.indexOf("\n## ", start + 5);
    String section = end < 0 ? readme.substring(start) : readme.substring(start, end);
    for (String name : List.of("jobmanager", "console", "grafana", "prometheus")) {
      for (JsonNode port : services.path(name).path("ports")) {
        assertThat(section).as("the README shows where the " + name + " UI is")
            .contains("localhost:" + port.path("published").asText());
      }
    }
    assertThat(section).contains("docker compose up", "cp .env.example .env", "flink stop", "--savepointPath",
        "PQR_RESUME_FROM", "--mode backfill", "PQR_PARALLELISM", "PQR_KAFKA_PARTITIONS", "PQR_WRITE_DISTRIBUTION",
        "--scale taskmanager", "deploy/kubernetes/pqr-lakehouse.yaml");
    assertThat(root.resolve("deploy/kubernetes/pqr-lakehouse.yaml")).exists();
  }

  // ---------------------------------------------------------------------------------------------

  record Result(int exit, String out, String err) {}

  /** Runs Debian's docker-compose on the repository's file with only PATH and HOME from this environment. */
  static Result compose(Path root, String envFile, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("docker-compose", "--env-file", envFile, "-f", "docker-compose.yml"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    Map<String, String> env = pb.environment();
    String path = env.get("PATH");
    String home = env.get("HOME");
    env.clear();
    env.put("PATH", path == null ? "/usr/bin:/bin" : path);
    if (home != null) {
      env.put("HOME", home);
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("docker-compose is not installed: run scripts/ensure-compose.sh", e);
    }
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("docker-compose did not finish");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  private static List<String> names(JsonNode services) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = services.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  record Mount(boolean bind, String source, String target) {}

  /** A service's volumes as rendered: short syntax {@code source:target[:mode]} or long syntax. */
  private static List<Mount> mounts(String service) {
    List<Mount> out = new ArrayList<>();
    for (JsonNode v : services.path(service).path("volumes")) {
      if (v.isTextual()) {
        String[] parts = v.asText().split(":");
        out.add(new Mount(parts[0].startsWith("/") || parts[0].startsWith("."), parts[0], parts[1]));
      } else {
        out.add(new Mount("bind".equals(v.path("type").asText()), v.path("source").asText(), v.path("target").asText()));
      }
    }
    return out;
  }

  /** Bind mounts of a service: target -> source. */
  private static Map<String, String> binds(String service) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Mount m : mounts(service)) {
      if (m.bind()) {
        out.put(m.target(), m.source());
      }
    }
    return out;
  }

  /** FLINK_PROPERTIES as the official image's entrypoint reads it: one "key: value" per line. */
  private static Map<String, String> flinkProperties(String text) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        int colon = line.indexOf(':');
        out.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    return out;
  }

  private static String pomProperty(String name) throws IOException {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(root.resolve("pom.xml")));
    assertThat(m.find()).as(name + " in the root pom").isTrue();
    return m.group(1);
  }
}
