package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.maintenance.MaintenanceSettings;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Table maintenance beside {@code stream} and {@code demo}: how often, and its knobs. */
public class StreamMaintenance {
  @Option(names = "--maintenance-interval", converter = StreamMaintenance.IntervalConverter.class, paramLabel = "DURATION",
      description = "How often the stream compacts, expires snapshots and removes orphan files (default 10m; 0 = off).")
  Duration interval;

  @Mixin MaintenanceOptions options;

  /** A duration, or 0 / off for none. */
  public static final class IntervalConverter extends DurationConverter {
    @Override
    public Duration convert(String value) {
      String v = value.trim();
      return v.equals("0") || v.equalsIgnoreCase("off") ? Duration.ZERO : super.convert(value);
    }
  }

  MaintenanceSettings settings() {
    return options.settings(null, interval);
  }
}
