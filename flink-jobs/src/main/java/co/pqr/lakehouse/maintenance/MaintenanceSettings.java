package co.pqr.lakehouse.maintenance;

import co.pqr.lakehouse.iceberg.LakehouseTables;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What table maintenance does and when. Defaults are chosen for safety first:
 * <ul>
 *   <li>{@code expireOlderThan} (24 h): snapshots younger than this are kept, so time travel and replay by
 *       {@code run_id} reach back a day, and a stream restored from a checkpoint finds its commit keys
 *       (the committer's idempotency check reads snapshot summaries). Must be at least the time a
 *       checkpoint may be restored after its commit (the checkpoint retention).</li>
 *   <li>{@code retainLast} (10): the newest snapshots are always kept, however old.</li>
 *   <li>{@code orphansOlderThan} (24 h): only files older than this are orphan candidates, so files of a
 *       commit in progress — or of a checkpoint whose commit a restart will still make — are never deleted.</li>
 *   <li>{@code targetFileSize} (128 MiB, the writers' target) and {@code minInputFiles} (2): compaction
 *       packs data files smaller than 3/4 of the target, per partition, into files of about the target.</li>
 *   <li>{@code interval} (10 min; zero = off): how often the stream job runs maintenance.</li>
 * </ul>
 */
public record MaintenanceSettings(
    List<String> tables,
    Duration interval,
    Duration expireOlderThan,
    int retainLast,
    Duration orphansOlderThan,
    long targetFileSizeBytes,
    int minInputFiles)
    implements Serializable {

  public static final List<String> DEFAULT_TABLES = List.of(
      LakehouseTables.BRONZE.toString(), LakehouseTables.QUARANTINE.toString(), LakehouseTables.SILVER.toString());
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
  public static final Duration DEFAULT_EXPIRE_OLDER_THAN = Duration.ofHours(24);
  public static final int DEFAULT_RETAIN_LAST = 10;
  public static final Duration DEFAULT_ORPHANS_OLDER_THAN = Duration.ofHours(24);
  public static final long DEFAULT_TARGET_FILE_SIZE = 128L * 1024 * 1024;
  public static final int DEFAULT_MIN_INPUT_FILES = 2;

  public MaintenanceSettings {
    tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("maintenance needs at least one table");
    }
    requireNonNegative(interval, "--maintenance-interval");
    requireNonNegative(expireOlderThan, "--expire-older-than");
    requireNonNegative(orphansOlderThan, "--orphans-older-than");
    if (retainLast < 1) {
      throw new IllegalArgumentException("--retain-last must be at least 1, got " + retainLast);
    }
    if (targetFileSizeBytes < 1024) {
      throw new IllegalArgumentException("--target-file-size must be at least 1KB, got " + targetFileSizeBytes + " bytes");
    }
    if (minInputFiles < 2) {
      throw new IllegalArgumentException("minimum input files per compaction must be at least 2, got " + minInputFiles);
    }
  }

  public static MaintenanceSettings defaults() {
    return new MaintenanceSettings(DEFAULT_TABLES, DEFAULT_INTERVAL, DEFAULT_EXPIRE_OLDER_THAN, DEFAULT_RETAIN_LAST,
        DEFAULT_ORPHANS_OLDER_THAN, DEFAULT_TARGET_FILE_SIZE, DEFAULT_MIN_INPUT_FILES);
  }

  /** Whether the stream job runs maintenance at all. */
  public boolean enabled() {
    return !interval.isZero();
  }

  public MaintenanceSettings withTables(List<String> newTables) {
    return new MaintenanceSettings(newTables, interval, expireOlderThan, retainLast, orphansOlderThan,
        targetFileSizeBytes, minInputFiles);
  }

  public MaintenanceSettings withInterval(Duration newInterval) {
    return new MaintenanceSettings(tables, newInterval, expireOlderThan, retainLast, orphansOlderThan,
        targetFileSizeBytes, minInputFiles);
  }

  public MaintenanceSettings withExpiry(Duration olderThan, int last) {
    return new MaintenanceSettings(tables, interval, olderThan, last, orphansOlderThan, targetFileSizeBytes,
        minInputFiles);
  }

  public MaintenanceSettings withOrphansOlderThan(Duration olderThan) {
    return new MaintenanceSettings(tables, interval, expireOlderThan, retainLast, olderThan, targetFileSizeBytes,
        minInputFiles);
  }

  public MaintenanceSettings withTargetFileSize(long bytes) {
    return new MaintenanceSettings(tables, interval, expireOlderThan, retainLast, orphansOlderThan, bytes,
        minInputFiles);
  }

  private static void requireNonNegative(Duration d, String flag) {
    Objects.requireNonNull(d, flag);
    if (d.isNegative()) {
      throw new IllegalArgumentException(flag + " must not be negative, got " + d);
    }
  }
}
