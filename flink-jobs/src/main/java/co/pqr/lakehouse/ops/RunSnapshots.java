package co.pqr.lakehouse.ops;

import co.pqr.lakehouse.iceberg.LakehouseTables;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;

/**
 * "As of run R": the snapshot of every lakehouse table when R committed. The committer records in
 * {@code control.runs.snapshot_ids} the run's own snapshot of each table it wrote and the then
 * current snapshot of the others (JSON null: the table was still empty). For runs recorded before
 * that, a missing table falls back to its last snapshot committed at or before the run's commit time.
 */
public final class RunSnapshots {
  public static final List<TableIdentifier> TABLES =
      List.of(LakehouseTables.BRONZE, LakehouseTables.QUARANTINE, LakehouseTables.SILVER);

  private RunSnapshots() {}

  /** table -> snapshot id as of the run (null: the table was empty). */
  public static Map<TableIdentifier, Long> asOf(Catalog catalog, RunRecord run) {
    Map<TableIdentifier, Long> out = new LinkedHashMap<>();
    for (TableIdentifier id : TABLES) {
      Table table = catalog.loadTable(id);
      JsonNode recorded = run.snapshotIds().get(id.toString());
      Long snapshotId;
      if (recorded != null) {
        snapshotId = recorded.isNull() ? null : recorded.asLong();
      } else {
        snapshotId = null;
        long committed = run.committedAt().toEpochMilli();
        for (Snapshot s : table.snapshots()) {
          if (s.timestampMillis() <= committed) {
            snapshotId = s.snapshotId();
          }
        }
      }
      if (snapshotId != null && table.snapshot(snapshotId) == null) {
        throw new IllegalStateException("snapshot " + snapshotId + " of " + id + " (as of run " + run.runId()
            + ") no longer exists: it has been expired by table maintenance");
      }
      out.put(id, snapshotId);
    }
    return out;
  }

  /** table -> current snapshot id (null: the table is empty). */
  public static Map<TableIdentifier, Long> current(Catalog catalog) {
    Map<TableIdentifier, Long> out = new LinkedHashMap<>();
    for (TableIdentifier id : TABLES) {
      Snapshot s = catalog.loadTable(id).currentSnapshot();
      out.put(id, s == null ? null : s.snapshotId());
    }
    return out;
  }

  /** The table's schema as of the snapshot (the current schema for an empty table). */
  public static Schema schemaAt(Table table, Long snapshotId) {
    if (snapshotId == null) {
      return table.schema();
    }
    Integer schemaId = table.snapshot(snapshotId).schemaId();
    return schemaId == null ? table.schema() : table.schemas().get(schemaId);
  }

  /**
   * The data files of the snapshot. The lakehouse tables are append-only: a scan that needs delete
   * files is refused, since reading the data files alone would return deleted rows.
   */
  public static List<DataFile> dataFiles(Table table, Long snapshotId) throws java.io.IOException {
    List<DataFile> files = new ArrayList<>();
    if (snapshotId == null) {
      return files;
    }
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException(table.name() + " has delete files in snapshot " + snapshotId
              + " (e.g. " + task.deletes().get(0).location() + "): the lakehouse tables are append-only, and reading"
              + " their data files alone would return deleted rows");
        }
        files.add(task.file());
      }
    }
    return files;
  }
}
