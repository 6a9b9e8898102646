package co.pqr.lakehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The repository's observability files as the tests see them: the alert rules, the promtool unit
 * tests and every query target of the provisioned Grafana dashboards.
 */
final class ObservabilityFiles {
  static final String RULES = "prometheus/rules/pqr-alerts.yml";
  static final String RULE_TESTS = "prometheus/tests/pqr-alerts-test.yml";
  static final String PROMETHEUS_CONFIG = "prometheus/prometheus.yml";
  static final List<String> DASHBOARDS = List.of("grafana/dashboards/pqr-kpis.json", "grafana/dashboards/pipeline-health.json");

  static final String POSTGRES_DATASOURCE = "grafana-postgresql-datasource";
  static final String PROMETHEUS_DATASOURCE = "prometheus";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A comparison with a plain number: how every alert threshold is written (see the rules file). */
  private static final Pattern THRESHOLD =
      Pattern.compile("\\s*(?:>=|<=|==|!=|>|<)\\s*(?:bool\\s+)?-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");

  record Alert(String name, String expr, JsonNode labels, JsonNode annotations) {}

  /** One query of a dashboard: a panel target (SQL or PromQL) or a templating variable's query. */
  record Query(String dashboard, String panel, String refId, String datasourceType, String text, String format) {
    @Override
    public String toString() {
      return dashboard + " / " + panel + " / " + refId;
    }
  }

  private ObservabilityFiles() {}

  /** The repository root: the nearest folder above the working directory with the rules file. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(RULES)) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("no repository root with " + RULES + " above " + dir);
  }

  static JsonNode yaml(String relative) throws IOException {
    return YAML.readTree(root().resolve(relative).toFile());
  }

  static List<Alert> alerts() throws IOException {
    List<Alert> out = new ArrayList<>();
    for (JsonNode group : yaml(RULES).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          out.add(new Alert(rule.get("alert").asText(), rule.get("expr").asText(), rule.path("labels"),
              rule.path("annotations")));
        }
      }
    }
    return out;
  }

  /** An alert's signal: its expression with every numeric threshold removed. */
  static String withoutThresholds(String expr) {
    return THRESHOLD.matcher(expr).replaceAll("");
  }

  /** Every query of every dashboard, in file order: templating variables first, then panel targets. */
  static List<Query> dashboardQueries() throws IOException {
    List<Query> out = new ArrayList<>();
    for (String file : DASHBOARDS) {
      JsonNode d = JSON.readTree(root().resolve(file).toFile());
      String title = d.get("title").asText();
      for (JsonNode v : d.path("templating").path("list")) {
        if ("query".equals(v.path("type").asText())) {
          String q = v.get("query").isTextual() ? v.get("query").asText() : v.get("query").path("query").asText();
          out.add(new Query(title, "variable " + v.get("name").asText(), "-", v.path("datasource").path("type").asText(),
              q, "table"));
        }
      }
      collectPanels(title, d.path("panels"), out);
    }
    return out;
  }

  private static void collectPanels(String dashboard, JsonNode panels, List<Query> out) {
    for (JsonNode p : panels) {
      String panelType = p.path("datasource").path("type").asText();
      for (JsonNode t : p.path("targets")) {
        String type = t.path("datasource").path("type").asText(panelType);
        String text = t.has("rawSql") ? t.get("rawSql").asText() : t.path("expr").asText();
        out.add(new Query(dashboard, p.get("title").asText(), t.path("refId").asText(), type, text,
            t.path("format").asText("time_series")));
      }
      collectPanels(dashboard, p.path("panels"), out);
    }
  }

  /** The outcome of a command: exit code and merged stdout/stderr. */
  record Run(int exitCode, String output) {}

  static Run run(Path workDir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish within 2 minutes");
    }
    return new Run(p.exitValue(), output);
  }

  /** The path of an executable on the PATH, or a failure that says how to install it. */
  static String executable(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(name + " is not on the PATH: run scripts/ensure-prometheus.sh"
        + " (Debian's prometheus package, as root)");
  }
}
