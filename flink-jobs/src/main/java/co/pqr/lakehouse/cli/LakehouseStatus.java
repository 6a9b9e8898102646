package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Database;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/** What the lakehouse holds right now, as committed: rows per layer, latest run, Gold rows. */
public record LakehouseStatus(long bronze, long quarantine, long silver, String latestRun, long kpiRows,
    long backlogRows, long openCases, long runsClosed) {

  public static LakehouseStatus read(PipelineSettings s, Catalog catalog) throws Exception {
    long bronze = total(catalog, LakehouseTables.BRONZE);
    long quarantine = total(catalog, LakehouseTables.QUARANTINE);
    long silver = total(catalog, LakehouseTables.SILVER);
    Table t = catalog.loadTable(LakehouseTables.BRONZE);
    Snapshot snap = t.currentSnapshot();
    String run = snap == null ? "-" : snap.summary().getOrDefault(LakehouseTables.RUN_ID_PROPERTY, "-");
    try (Connection c = Database.connect(s); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT (SELECT count(*) FROM gold.pqr_kpi_daily), (SELECT count(*) FROM gold.pqr_backlog),"
                + " (SELECT coalesce(sum(open), 0) FROM gold.pqr_backlog), (SELECT count(*) FROM control.runs)")) {
      rs.next();
      return new LakehouseStatus(bronze, quarantine, silver, run, rs.getLong(1), rs.getLong(2), rs.getLong(3),
          rs.getLong(4));
    }
  }

  private static long total(Catalog catalog, TableIdentifier id) {
    Snapshot snap = catalog.loadTable(id).currentSnapshot();
    return snap == null ? 0 : Long.parseLong(snap.summary().getOrDefault("total-records", "0"));
  }
}
