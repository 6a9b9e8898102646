package co.pqr.lakehouse.maintenance;

/**
 * What one maintenance pass did to one table. {@code skipped} names why nothing was done (another
 * maintainer held the lock); {@code compactionSkipped} why compaction's commit was given up (a
 * conflicting commit), while expiry and orphan removal still ran.
 */
public record TableReport(
    String table,
    TableStats before,
    TableStats after,
    int filesRewritten,
    int filesWritten,
    int snapshotsExpired,
    int orphansRemoved,
    long durationMs,
    String skipped,
    String compactionSkipped) {

  static TableReport skipped(String table, String reason) {
    return new TableReport(table, TableStats.EMPTY, TableStats.EMPTY, 0, 0, 0, 0, 0, reason, null);
  }
}
