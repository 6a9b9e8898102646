package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus files under prometheus/ pass promtool (Debian's prometheus package, installed by
 * scripts/ensure-prometheus.sh): the rules and the scrape configuration are valid, the rules' unit
 * tests pass, and every alert is tested both firing and not firing.
 */
class PrometheusRulesTest {

  @Test
  void promtoolAcceptsTheAlertRules() throws Exception {
    ObservabilityFiles.Run run = ObservabilityFiles.run(ObservabilityFiles.root(),
        ObservabilityFiles.executable("promtool"), "check", "rules", ObservabilityFiles.RULES);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: " + ObservabilityFiles.alerts().size() + " rules found");
  }

  @Test
  void promtoolAcceptsTheScrapeConfigurationAndItLoadsTheRules() throws Exception {
    ObservabilityFiles.Run run = ObservabilityFiles.run(ObservabilityFiles.root(),
        ObservabilityFiles.executable("promtool"), "check", "config", ObservabilityFiles.PROMETHEUS_CONFIG);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: 1 rule files found",
        "SUCCESS: " + ObservabilityFiles.alerts().size() + " rules found");
    JsonNode targets = ObservabilityFiles.yaml(ObservabilityFiles.PROMETHEUS_CONFIG).path("scrape_configs");
    Set<String> scraped = new TreeSet<>();
    targets.forEach(job -> job.path("static_configs").forEach(sc -> sc.path("targets").forEach(t -> scraped.add(t.asText()))));
    assertThat(scraped).containsExactly("jobmanager:9249", "taskmanager:9249");
  }

  @Test
  void promtoolUnitTestsOfTheAlertRulesPass() throws Exception {
    ObservabilityFiles.Run run = ObservabilityFiles.run(ObservabilityFiles.root(),
        ObservabilityFiles.executable("promtool"), "test", "rules", ObservabilityFiles.RULE_TESTS);
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void everyAlertIsUnitTestedBothFiringAndNotFiring() throws Exception {
    Map<String, Set<String>> cases = new TreeMap<>();
    for (ObservabilityFiles.Alert alert : ObservabilityFiles.alerts()) {
      cases.put(alert.name(), new TreeSet<>());
    }
    Set<String> unknown = new TreeSet<>();
    for (JsonNode test : ObservabilityFiles.yaml(ObservabilityFiles.RULE_TESTS).path("tests")) {
      for (JsonNode t : test.path("alert_rule_test")) {
        String name = t.get("alertname").asText();
        Set<String> kinds = cases.get(name);
        if (kinds == null) {
          unknown.add(name);
          continue;
        }
        kinds.add(t.path("exp_alerts").isEmpty() ? "silent" : "fires");
      }
    }
    assertThat(unknown).as("alert_rule_test entries for alerts that do not exist").isEmpty();
    assertThat(cases).isNotEmpty();
    Map<String, Set<String>> expected = new TreeMap<>();
    cases.keySet().forEach(name -> expected.put(name, new TreeSet<>(Set.of("fires", "silent"))));
    assertThat(cases).isEqualTo(expected);
  }

  @Test
  void everyAlertHasARunbookASeverityAndANumericThreshold() throws Exception {
    List<ObservabilityFiles.Alert> alerts = ObservabilityFiles.alerts();
    assertThat(alerts).extracting(ObservabilityFiles.Alert::name).containsExactly(
        "PqrIcebergCommitStalled", "PqrConsumerLagGrowing", "PqrQuarantineShareHigh", "PqrCheckpointsFailing",
        "PqrJobRestarting", "PqrGoldFreshnessP95High", "PqrOverdueRising");
    for (ObservabilityFiles.Alert a : alerts) {
      assertThat(a.annotations().path("runbook").asText()).as(a.name() + " runbook").hasSizeGreaterThan(80);
      assertThat(a.annotations().path("summary").asText()).as(a.name() + " summary").isNotBlank();
      assertThat(a.labels().path("severity").asText()).as(a.name() + " severity").isIn("warning", "critical");
      // DashboardQueriesIT evaluates each alert's signal without its thresholds against a live pipeline.
      assertThat(ObservabilityFiles.withoutThresholds(a.expr())).as(a.name() + " has a numeric threshold")
          .isNotEqualTo(a.expr())
          .doesNotContain(" > ", " < ", ">=", "<=", "==", "!=");
      assertThat(a.expr()).as(a.name() + " has no fallback series").doesNotContain("vector(", "absent(");
    }
  }

  @Test
  void thresholdsAreStrippedButLabelMatchersAndRangesAreKept() {
    assertThat(ObservabilityFiles.withoutThresholds(
        "max by (job) (m{quantile=\"0.95\"}) > 60000 and on (job) rate(c[10m]) > 0.05 and x >= bool 1e3"))
        .isEqualTo("max by (job) (m{quantile=\"0.95\"}) and on (job) rate(c[10m]) and x");
  }
}
