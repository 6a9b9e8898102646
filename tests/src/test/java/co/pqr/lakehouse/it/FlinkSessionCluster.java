package co.pqr.lakehouse.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real Flink standalone session cluster as separate JVM processes, the way Flink's own scripts start
 * one, but with the classpath from Maven instead of a downloaded distribution: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and N TaskManagers ({@code TaskManagerRunner}).
 *
 * <p>The classpath is exactly the job jar's {@code provided} dependencies (Flink and its logging: what a
 * distribution's {@code lib/} holds, written by module {@code flink-job-jar} to
 * {@code target/flink-cluster.classpath}); none of the project's classes or connectors are on it, so a
 * job only runs if its jar carries what it needs. Memory settings come from Flink's
 * {@code BashJavaUtils}, as in {@code bin/taskmanager.sh}. Jobs are submitted through the REST API.
 */
final class FlinkSessionCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final int restPort;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private FlinkSessionCluster(Path dir, int restPort) {
    this.dir = dir;
    this.restPort = restPort;
  }

  /**
   * Starts a JobManager and {@code taskManagers} TaskManagers (one slot each) and waits until every
   * TaskManager has registered.
   *
   * @param config extra cluster configuration (flattened keys), e.g. the {@code s3.*} options
   * @param env extra environment of every process (e.g. {@code FLINK_PLUGINS_DIR})
   * @param jvmOptions extra JVM options of every process
   */
  static FlinkSessionCluster start(Path dir, int taskManagers, Map<String, String> config, Map<String, String> env,
      List<String> jvmOptions) throws Exception {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    int restPort = freePort();
    Map<String, String> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", "localhost");
    c.put("jobmanager.rpc.port", String.valueOf(freePort()));
    c.put("jobmanager.bind-host", "localhost");
    c.put("jobmanager.memory.process.size", "1600m");
    c.put("taskmanager.host", "localhost");
    c.put("taskmanager.bind-host", "localhost");
    c.put("taskmanager.numberOfTaskSlots", "1");
    c.put("taskmanager.memory.process.size", "2048m");
    c.put("taskmanager.memory.managed.fraction", "0.2");
    c.put("rest.address", "localhost");
    c.put("rest.bind-address", "localhost");
    c.put("rest.port", String.valueOf(restPort));
    // the shaded job jar is larger than the default 100 MiB upload limit
    c.put("rest.server.max-content-length", "524288000");
    c.put("rest.client.max-content-length", "524288000");
    c.put("web.upload.dir", Files.createDirectories(dir.resolve("uploads")).toString());
    c.put("io.tmp.dirs", Files.createDirectories(dir.resolve("tmp")).toString());
    c.put("blob.storage.directory", Files.createDirectories(dir.resolve("blobs")).toString());
    c.putAll(config);
    StringBuilder yaml = new StringBuilder();
    c.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
    Files.writeString(conf.resolve("config.yaml"), yaml);
    Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.file.ref = file",
        "appender.file.type = File",
        "appender.file.name = file",
        "appender.file.fileName = ${sys:log.file}",
        "appender.file.layout.type = PatternLayout",
        "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p [%t] %c{1} - %m%n",
        "logger.pekko.name = org.apache.pekko",
        "logger.pekko.level = WARN",
        ""));

    String classpath = Files.readString(Path.of(required("pqr.flink.cluster.classpath"))).trim();
    FlinkSessionCluster cluster = new FlinkSessionCluster(dir, restPort);
    try {
      List<String> jm = resourceParams(classpath, conf, "GET_JM_RESOURCE_PARAMS");
      cluster.launch("jobmanager", classpath, conf, jm.get(0), jm.get(1),
          "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", env, jvmOptions);
      List<String> tm = resourceParams(classpath, conf, "GET_TM_RESOURCE_PARAMS");
      for (int i = 0; i < taskManagers; i++) {
        cluster.launch("taskmanager-" + i, classpath, conf, tm.get(0), tm.get(1),
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", env, jvmOptions);
      }
      await("TaskManagers registered").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .failFast("a cluster process exited", () -> cluster.processes.stream().anyMatch(p -> !p.isAlive()))
          .until(() -> cluster.get("/overview").path("taskmanagers").asInt() == taskManagers);
      return cluster;
    } catch (Throwable t) {
      cluster.close();
      throw new IllegalStateException("the session cluster did not start:\n" + cluster.logTails(), t);
    }
  }

  /** JVM parameters and dynamic configuration, computed by Flink's BashJavaUtils like bin/taskmanager.sh does. */
  private static List<String> resourceParams(String classpath, Path conf, String command) throws Exception {
    Process p = new ProcessBuilder(javaBin(), "-cp", classpath, "org.apache.flink.runtime.util.bash.BashJavaUtils",
        command, "--configDir", conf.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + out);
    }
    List<String> results = out.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
        .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
    if (results.size() != 2) {
      throw new IllegalStateException("unexpected BashJavaUtils output:\n" + out);
    }
    return results;
  }

  private void launch(String name, String classpath, Path conf, String jvmParams, String dynamicConfig,
      String mainClass, Map<String, String> env, List<String> jvmOptions) throws IOException {
    Path log = dir.resolve(name + ".log");
    logs.add(log);
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin());
    cmd.addAll(Arrays.asList(jvmParams.trim().split("\\s+")));
    cmd.addAll(Arrays.asList(required("pqr.flink.add-opens").trim().split("\\s+")));
    cmd.addAll(jvmOptions);
    cmd.add("-Dlog.file=" + log);
    cmd.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.add("--configDir");
    cmd.add(conf.toString());
    cmd.addAll(Arrays.asList(dynamicConfig.trim().split("\\s+")));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile());
    pb.environment().putAll(env);
    processes.add(pb.start());
  }

  String restUrl() {
    return "http://localhost:" + restPort;
  }

  JsonNode get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl() + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** POST /jars/upload (multipart, as the web UI and curl -F do); returns the jar id. */
  String uploadJar(Path jar) throws Exception {
    String boundary = "pqr-" + UUID.randomUUID();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
        .timeout(Duration.ofMinutes(5))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head),
            HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofString(tail)))
        .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalStateException("jar upload failed: " + r.statusCode() + " " + r.body());
    }
    String filename = body.path("filename").asText();
    return filename.substring(filename.lastIndexOf('/') + 1);
  }

  /** POST /jars/{id}/run: runs the jar's main in the JobManager; returns the submitted job's id. */
  String runJar(String jarId, String entryClass, List<String> args) throws Exception {
    String json = JSON.writeValueAsString(Map.of("entryClass", entryClass, "programArgsList", args));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl() + "/jars/" + jarId + "/run"))
        .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("jar run failed: " + r.statusCode() + " " + r.body() + "\n" + logTails());
    }
    return JSON.readTree(r.body()).path("jobid").asText();
  }

  String jobState(String jobId) throws Exception {
    return get("/jobs/" + jobId).path("state").asText();
  }

  /** PATCH /jobs/{id}?mode=cancel. */
  void cancel(String jobId) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
        .timeout(Duration.ofSeconds(30)).method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException("cancel failed: " + r.statusCode() + " " + r.body());
    }
  }

  /** The job's root exception and recent failures, for assertion messages. */
  String failures(String jobId) {
    try {
      JsonNode ex = get("/jobs/" + jobId + "/exceptions");
      return ex.toPrettyString();
    } catch (Exception e) {
      return "(no exceptions: " + e.getMessage() + ")";
    }
  }

  /** Every cluster log line matching {@code regex}. */
  List<String> logLines(String regex) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path log : logs) {
      if (Files.exists(log)) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
          lines.filter(l -> l.matches(".*(" + regex + ").*")).forEach(l -> out.add(log.getFileName() + ": " + l));
        }
      }
    }
    return out;
  }

  String logTails() {
    StringBuilder sb = new StringBuilder();
    for (Path log : logs) {
      for (Path f : List.of(log, Path.of(log.toString().replace(".log", ".out")))) {
        try {
          List<String> lines = Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
          sb.append("==== ").append(f.getFileName()).append(" (last 40 lines)\n");
          lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> sb.append(l).append('\n'));
        } catch (IOException e) {
          sb.append("==== ").append(f).append(": ").append(e.getMessage()).append('\n');
        }
      }
    }
    return sb.toString();
  }

  /** Stops every process and keeps the logs under target/session-cluster-logs for a look after the build. */
  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    try {
      Path keep = Files.createDirectories(Path.of("target", "session-cluster-logs"));
      for (Path log : logs) {
        for (Path f : List.of(log, Path.of(log.toString().replace(".log", ".out")))) {
          if (Files.exists(f)) {
            Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      // the logs are a convenience
    }
  }

  static String required(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("system property " + property + " is not set (failsafe sets it: run through Maven)");
    }
    return v;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
