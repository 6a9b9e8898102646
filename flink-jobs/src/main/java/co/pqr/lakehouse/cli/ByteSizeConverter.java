package co.pqr.lakehouse.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Accepts a byte count with an optional binary unit: 1048576, 512KB, 64MB, 1GB (K/M/G, with or without B). */
public class ByteSizeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    String v = value.trim().toUpperCase(Locale.ROOT);
    if (v.endsWith("B")) {
      v = v.substring(0, v.length() - 1);
    }
    long unit = 1;
    if (!v.isEmpty()) {
      switch (v.charAt(v.length() - 1)) {
        case 'K' -> unit = 1L << 10;
        case 'M' -> unit = 1L << 20;
        case 'G' -> unit = 1L << 30;
        default -> unit = 1;
      }
    }
    if (unit > 1) {
      v = v.substring(0, v.length() - 1);
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (RuntimeException e) {
      throw new TypeConversionException("bad size '" + value + "': use e.g. 1048576, 512KB, 64MB, 1GB");
    }
  }

  /** 1536 -> "1.5 KiB": sizes as the maintain command prints them. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }
}
