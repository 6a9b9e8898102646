package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.maintenance.MaintenanceSettings;
import co.pqr.lakehouse.maintenance.TableMaintainer;
import co.pqr.lakehouse.maintenance.TableReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One maintenance pass over the lakehouse tables, beside or without a running stream. */
@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = {"Compact small data files, expire old snapshots and remove orphan files of the lakehouse's"
        + " Iceberg tables, one table at a time under a Postgres lock (a table another maintainer holds is skipped).",
        "Prints per table: data files and average data-file size before -> after, files rewritten, snapshots"
            + " expired, orphan files removed."})
public final class MaintainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin MaintenanceOptions maintenance;

  @Option(names = "--table", paramLabel = "NAMESPACE.TABLE",
      description = "A table to maintain (repeatable; default: bronze.pqr_events, bronze.pqr_quarantine, silver.pqr_events).")
  List<String> tables;

  @Override
  public Integer call() throws Exception {
    PipelineSettings s = common.resolve();
    MaintenanceSettings m = maintenance.settings(tables, Duration.ZERO);
    try (JdbcCatalog catalog = LakehouseCatalog.open(s.catalog())) {
      for (String table : m.tables()) {
        if (!catalog.tableExists(TableIdentifier.parse(table))) {
          throw new IllegalArgumentException("no Iceberg table " + table + " in the catalog at " + s.pgUrl()
              + " (tables: " + String.join(", ", MaintenanceSettings.DEFAULT_TABLES) + ")");
        }
      }
      List<TableReport> reports = new TableMaintainer(catalog, s.catalog(), m).runAll();
      reports.forEach(r -> print(r, System.out));
    }
    return 0;
  }

  static void print(TableReport r, PrintStream out) {
    if (r.skipped() != null) {
      out.println(r.table() + ": skipped, " + r.skipped());
      return;
    }
    out.printf(Locale.ROOT, "%s: data files %d -> %d, average data file %s -> %s, rewrote %d files into %d,"
            + " snapshots expired %d, orphan files removed %d (%.1f s)%n",
        r.table(), r.before().dataFiles(), r.after().dataFiles(),
        ByteSizeConverter.format(r.before().averageFileBytes()), ByteSizeConverter.format(r.after().averageFileBytes()),
        r.filesRewritten(), r.filesWritten(), r.snapshotsExpired(), r.orphansRemoved(), r.durationMs() / 1000.0);
    if (r.compactionSkipped() != null) {
      out.println(r.table() + ": compaction skipped (tried again next time): " + r.compactionSkipped());
    }
  }
}
