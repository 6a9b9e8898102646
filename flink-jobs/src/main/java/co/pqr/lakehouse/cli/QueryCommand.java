package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.ops.DuckDbLakehouse;
import co.pqr.lakehouse.ops.RunRecord;
import co.pqr.lakehouse.ops.RunSnapshots;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Time travel: SQL over Bronze, quarantine and Silver as they were when a run committed (or now). */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Run SQL (DuckDB dialect) over bronze.pqr_events, bronze.pqr_quarantine and silver.pqr_events,"
        + " as of a run's commit (--as-of-run) or their current snapshots.",
        "Example: query --as-of-run stream-20261126T101500Z-3f2a-00004"
            + " \"SELECT tenant_id, count(*) FROM silver.pqr_events GROUP BY 1\""})
public final class QueryCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--as-of-run", paramLabel = "RUN_ID", description = "Read every table as of this run's commit.")
  String asOfRun;

  @Option(names = "--format", paramLabel = "table|csv", description = "Output format (default table).")
  String format = "table";

  @Parameters(index = "0", paramLabel = "SQL", description = "One SQL query.")
  String sql;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("table") && !format.equals("csv")) {
      throw new IllegalArgumentException("--format must be table or csv, got '" + format + "'");
    }
    PipelineSettings s = common.resolve();
    OpsDatabase.reachAndMigrate(s);
    try (JdbcCatalog catalog = LakehouseCatalog.open(s.catalog())) {
      Map<TableIdentifier, Long> snapshots = asOfRun == null ? RunSnapshots.current(catalog)
          : RunSnapshots.asOf(catalog, RunRecord.load(s, asOfRun));
      try (DuckDbLakehouse lake = DuckDbLakehouse.open(catalog, snapshots)) {
        DuckDbLakehouse.Result result;
        try {
          result = lake.query(sql);
        } catch (java.sql.SQLException e) {
          throw new IllegalArgumentException("the query failed: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (format.equals("csv")) {
          TablePrinter.csv(System.out, result.columns(), result.rows());
        } else {
          TablePrinter.aligned(System.out, result.columns(), result.rows());
        }
      }
    }
    return 0;
  }
}
