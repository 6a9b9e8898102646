package co.pqr.lakehouse.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Accepts 500ms, 10s, 5m, 1h or ISO-8601 (PT10S). */
public class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase();
    try {
      if (v.startsWith("pt") || v.startsWith("p")) {
        return Duration.parse(value.trim().toUpperCase());
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new TypeConversionException("bad duration '" + value + "': use e.g. 500ms, 10s, 1m, 1h");
      };
    } catch (RuntimeException e) {
      throw new TypeConversionException("bad duration '" + value + "': use e.g. 500ms, 10s, 1m, 1h");
    }
  }
}
