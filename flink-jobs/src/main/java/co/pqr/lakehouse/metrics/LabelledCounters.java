package co.pqr.lakehouse.metrics;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counters of one metric split by one label (tenant, table, reason). With Flink's Prometheus
 * reporter, {@code pqr_<name>{<label>="value"}} appears under the operator's scope.
 */
public final class LabelledCounters {
  /** The metric group all pipeline metrics live under. */
  public static final String GROUP = "pqr";

  private final MetricGroup group;
  private final String label;
  private final String name;
  private final Map<String, Counter> counters = new HashMap<>();

  public LabelledCounters(MetricGroup operatorGroup, String label, String name) {
    this.group = operatorGroup.addGroup(GROUP);
    this.label = label;
    this.name = name;
  }

  public void inc(String value) {
    inc(value, 1);
  }

  public void inc(String value, long n) {
    String v = value == null ? "unknown" : value;
    counters.computeIfAbsent(v, k -> group.addGroup(label, k).counter(name)).inc(n);
  }
}
