package co.pqr.lakehouse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code prometheus}, started by the demo when it is installed (scripts/ensure-prometheus.sh
 * installs it): it scrapes the local Flink reporter ports and loads the project's alert rules, so
 * the metrics and alerts can be watched during a demo. Data lives in {@code dataDir/prometheus}.
 */
public final class LocalPrometheus implements AutoCloseable {
  private final Process process;
  private final int port;

  private LocalPrometheus(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts Prometheus if the binary exists; empty otherwise. */
  public static Optional<LocalPrometheus> startIfInstalled(Path dataDir, String metricsPorts, Path rules, int port)
      throws IOException {
    Path binary = Path.of("/usr/bin/prometheus");
    if (!Files.isExecutable(binary)) {
      return Optional.empty();
    }
    Path dir = dataDir.resolve("prometheus").toAbsolutePath();
    Files.createDirectories(dir.resolve("data"));
    List<String> targets = new ArrayList<>();
    String[] range = metricsPorts.split("-");
    int first = Integer.parseInt(range[0].trim());
    int last = range.length > 1 ? Integer.parseInt(range[1].trim()) : first;
    for (int p = first; p <= Math.min(last, first + 3); p++) {
      targets.add("'127.0.0.1:" + p + "'");
    }
    StringBuilder yml = new StringBuilder();
    yml.append("global:\n  scrape_interval: 5s\n  evaluation_interval: 5s\n");
    if (rules != null && Files.isRegularFile(rules)) {
      yml.append("rule_files:\n  - '").append(rules.toAbsolutePath()).append("'\n");
    }
    yml.append("scrape_configs:\n  - job_name: flink\n    static_configs:\n      - targets: [")
        .append(String.join(", ", targets)).append("]\n");
    Files.writeString(dir.resolve("prometheus.yml"), yml.toString());
    Process process = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("prometheus.log").toFile()))
        .start();
    return Optional.of(new LocalPrometheus(process, port));
  }

  public String url() {
    return "http://localhost:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
