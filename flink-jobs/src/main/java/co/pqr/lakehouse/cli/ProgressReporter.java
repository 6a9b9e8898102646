package co.pqr.lakehouse.cli;

import org.apache.iceberg.jdbc.JdbcCatalog;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints a progress line every few seconds: events/s per layer (committed to Iceberg), the run
 * being written, Gold rows and quarantined records.
 */
final class ProgressReporter implements AutoCloseable {
  private final PipelineSettings settings;
  private final PrintStream out;
  private final LongSupplier produced;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "progress");
    t.setDaemon(true);
    return t;
  });
  private JdbcCatalog catalog;
  private LakehouseStatus previous;
  private long previousProduced;
  private long previousAt;

  ProgressReporter(PipelineSettings settings, PrintStream out, LongSupplier produced) {
    this.settings = settings;
    this.out = out;
    this.produced = produced;
  }

  void start(long periodSeconds) {
    timer.scheduleAtFixedRate(this::report, periodSeconds, periodSeconds, TimeUnit.SECONDS);
  }

  private void report() {
    try {
      if (catalog == null) {
        catalog = LakehouseCatalog.open(settings.catalog());
      }
      LakehouseStatus now = LakehouseStatus.read(settings, catalog);
      long at = System.nanoTime();
      long prod = produced.getAsLong();
      if (previous != null) {
        double secs = (at - previousAt) / 1e9;
        out.printf("%s | run %s | produced %.0f ev/s | bronze %.0f ev/s (%d) | quarantine %d | silver %.0f ev/s (%d)"
                + " | gold kpi rows %d, backlog rows %d, open PQRs %d | runs closed %d%n",
            LocalTime.now().truncatedTo(ChronoUnit.SECONDS), now.latestRun(),
            (prod - previousProduced) / secs,
            (now.bronze() - previous.bronze()) / secs, now.bronze(), now.quarantine(),
            (now.silver() - previous.silver()) / secs, now.silver(), now.kpiRows(), now.backlogRows(), now.openCases(),
            now.runsClosed());
      }
      previous = now;
      previousProduced = prod;
      previousAt = at;
    } catch (Exception e) {
      out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " | progress unavailable: " + e.getMessage());
    }
  }

  @Override
  public void close() throws Exception {
    timer.shutdownNow();
    if (catalog != null) {
      catalog.close();
    }
  }
}
