package co.pqr.lakehouse.maintenance;

import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/** Data files of a table's current snapshot: how many and their total size (from the snapshot summary). */
public record TableStats(long dataFiles, long totalBytes) {
  public static final TableStats EMPTY = new TableStats(0, 0);

  public static TableStats of(Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return EMPTY;
    }
    Map<String, String> summary = current.summary();
    return new TableStats(
        Long.parseLong(summary.getOrDefault(SnapshotSummary.TOTAL_DATA_FILES_PROP, "0")),
        Long.parseLong(summary.getOrDefault(SnapshotSummary.TOTAL_FILE_SIZE_PROP, "0")));
  }

  /** Mean data-file size in bytes; 0 for a table without files. */
  public long averageFileBytes() {
    return dataFiles == 0 ? 0 : totalBytes / dataFiles;
  }
}
