package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.maintenance.MaintenanceSettings;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The maintenance knobs shared by {@code maintain}, {@code stream} and {@code demo}; unset = the defaults. */
public class MaintenanceOptions {
  @Option(names = "--expire-older-than", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Expire snapshots older than this (default 24h); keep it at least as long as a checkpoint may be"
          + " restored after its commit, and as far back as time travel by run_id must reach.")
  Duration expireOlderThan;

  @Option(names = "--retain-last", paramLabel = "N", description = "Always keep the newest N snapshots (default 10).")
  Integer retainLast;

  @Option(names = "--orphans-older-than", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Delete unreferenced files only when older than this (default 24h): longer than any commit can"
          + " take, including a stopped stream's pending checkpoint commit.")
  Duration orphansOlderThan;

  @Option(names = "--target-file-size", converter = ByteSizeConverter.class, paramLabel = "SIZE",
      description = "Compaction's target data-file size, e.g. 128MB (default); files under 3/4 of it are packed.")
  Long targetFileSize;

  /** The defaults with the given flags applied; {@code tables} null or empty = every lakehouse table. */
  MaintenanceSettings settings(List<String> tables, Duration interval) {
    MaintenanceSettings d = MaintenanceSettings.defaults();
    return new MaintenanceSettings(
        tables == null || tables.isEmpty() ? d.tables() : tables,
        interval == null ? d.interval() : interval,
        expireOlderThan == null ? d.expireOlderThan() : expireOlderThan,
        retainLast == null ? d.retainLast() : retainLast,
        orphansOlderThan == null ? d.orphansOlderThan() : orphansOlderThan,
        targetFileSize == null ? d.targetFileSizeBytes() : targetFileSize,
        d.minInputFiles());
  }
}
