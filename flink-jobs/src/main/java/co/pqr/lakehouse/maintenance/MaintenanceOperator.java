package co.pqr.lakehouse.maintenance;

import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.metrics.LabelledCounters;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table maintenance beside the stream (parallelism 1, after the lakehouse committer). Every
 * {@code interval} it runs a {@link TableMaintainer} pass over the configured tables on a thread of
 * its own, so the task thread — and with it checkpoints and the committer — never waits for it. A
 * failing pass is logged and counted ({@code pqr_maintenance_failures}) and never fails the job. Its
 * input (the ids of closed runs) is ignored; the operator has no state, so adding or removing it does
 * not affect a restore.
 *
 * <p>Metrics (labels as in the rest of the pipeline): per table {@code pqr_table_data_files},
 * {@code pqr_table_avg_data_file_bytes} (refreshed every 30 s or every pass, whichever is sooner),
 * {@code pqr_table_maintenance_files_rewritten}, {@code pqr_table_maintenance_snapshots_expired},
 * {@code pqr_table_maintenance_orphans_removed}; {@code pqr_maintenance_runs},
 * {@code pqr_maintenance_failures} and {@code pqr_maintenance_last_duration_ms}.
 */
public class MaintenanceOperator extends AbstractStreamOperator<Void> implements OneInputStreamOperator<String, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceOperator.class);
  private static final Duration STATS_INTERVAL = Duration.ofSeconds(30);

  private final CatalogSettings catalogSettings;
  private final MaintenanceSettings settings;

  private transient ScheduledExecutorService executor;
  private transient JdbcCatalog catalog;
  private transient Map<String, TableStats> stats;
  private transient Counter runs;
  private transient Counter failures;
  private transient volatile long lastDurationMs;
  private transient LabelledCounters rewritten;
  private transient LabelledCounters expired;
  private transient LabelledCounters orphans;

  public MaintenanceOperator(CatalogSettings catalogSettings, MaintenanceSettings settings) {
    this.catalogSettings = catalogSettings;
    this.settings = settings;
  }

  @Override
  public void open() throws Exception {
    super.open();
    stats = new ConcurrentHashMap<>();
    MetricGroup pqr = getMetricGroup().addGroup(LabelledCounters.GROUP);
    runs = pqr.counter("maintenance_runs");
    failures = pqr.counter("maintenance_failures");
    pqr.gauge("maintenance_last_duration_ms", () -> lastDurationMs);
    rewritten = new LabelledCounters(getMetricGroup(), "table", "maintenance_files_rewritten");
    expired = new LabelledCounters(getMetricGroup(), "table", "maintenance_snapshots_expired");
    orphans = new LabelledCounters(getMetricGroup(), "table", "maintenance_orphans_removed");
    for (String table : settings.tables()) {
      stats.put(table, TableStats.EMPTY);
      MetricGroup t = pqr.addGroup("table", table);
      t.gauge("data_files", () -> stats.get(table).dataFiles());
      t.gauge("avg_data_file_bytes", () -> stats.get(table).averageFileBytes());
      rewritten.inc(table, 0);
      expired.inc(table, 0);
      orphans.inc(table, 0);
    }
    catalog = LakehouseCatalog.open(catalogSettings);
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "table-maintenance");
      t.setDaemon(true);
      return t;
    });
    long statsMs = settings.enabled() ? Math.min(STATS_INTERVAL.toMillis(), settings.interval().toMillis())
        : STATS_INTERVAL.toMillis();
    executor.scheduleWithFixedDelay(this::refreshStats, 0, statsMs, TimeUnit.MILLISECONDS);
    if (settings.enabled()) {
      long ms = settings.interval().toMillis();
      executor.scheduleWithFixedDelay(this::maintain, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void processElement(StreamRecord<String> element) {
    // closed run ids: maintenance runs on its own schedule
  }

  private void refreshStats() {
    for (String table : settings.tables()) {
      try {
        stats.put(table, TableStats.of(catalog.loadTable(TableIdentifier.parse(table))));
      } catch (RuntimeException e) {
        LOG.warn("Cannot read the file statistics of {}: {}", table, e.toString());
      }
    }
  }

  private void maintain() {
    long started = System.currentTimeMillis();
    TableMaintainer maintainer = new TableMaintainer(catalog, catalogSettings, settings);
    boolean failed = false;
    for (String table : settings.tables()) {
      try {
        TableReport report = maintainer.run(table);
        rewritten.inc(table, report.filesRewritten());
        expired.inc(table, report.snapshotsExpired());
        orphans.inc(table, report.orphansRemoved());
        if (report.skipped() == null) {
          stats.put(table, report.after());
        }
      } catch (Throwable e) {
        // never fails the stream: counted, logged, tried again at the next pass
        failed = true;
        LOG.warn("Maintenance of {} failed; the stream goes on and the next pass tries again", table, e);
      }
    }
    runs.inc();
    if (failed) {
      failures.inc();
    }
    lastDurationMs = System.currentTimeMillis() - started;
  }

  @Override
  public void close() throws Exception {
    if (executor != null) {
      executor.shutdownNow();
      if (!executor.awaitTermination(20, TimeUnit.SECONDS)) {
        LOG.warn("A maintenance pass did not stop within 20 s of the operator closing");
      }
    }
    if (catalog != null) {
      catalog.close();
    }
    super.close();
  }
}
