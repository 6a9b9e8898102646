package co.pqr.lakehouse.erasure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Lists and compares file locations of the warehouse, on the local disk or through an Iceberg
 * {@link FileIO} that can list prefixes (S3FileIO). Local locations appear both as {@code /a/b} and
 * {@code file:/a/b}: {@link #normalize} makes them comparable.
 */
final class WarehouseFiles {
  /** A file, its size and when it was last written. */
  record Entry(String location, long size, long lastModifiedMillis) {}

  private WarehouseFiles() {}

  static boolean isLocal(String location) {
    return !location.contains("://") || location.startsWith("file:");
  }

  static String normalize(String location) {
    if (location.startsWith("file://")) {
      return location.substring("file://".length());
    }
    if (location.startsWith("file:")) {
      return location.substring("file:".length());
    }
    return location;
  }

  /** Every file under {@code location} (recursively); an absent folder has none. */
  static List<Entry> list(FileIO io, String location) {
    List<Entry> out = new ArrayList<>();
    if (isLocal(location)) {
      Path root = Paths.get(normalize(location));
      if (!Files.isDirectory(root)) {
        return out;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          out.add(new Entry(p.toString(), Files.size(p), Files.getLastModifiedTime(p).toMillis()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + root, e);
      }
      return out;
    }
    if (!(io instanceof SupportsPrefixOperations prefixes)) {
      throw new IllegalStateException("cannot list " + location + ": its FileIO (" + io.getClass().getName()
          + ") does not support prefix listing");
    }
    String prefix = location.endsWith("/") ? location : location + "/";
    prefixes.listPrefix(prefix).forEach(f -> out.add(new Entry(f.location(), f.size(), f.createdAtMillis())));
    return out;
  }

  /** The name of a file, without its folder. */
  static String name(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** The folder of a file, with no trailing slash. */
  static String parent(String location) {
    return location.substring(0, location.lastIndexOf('/'));
  }
}
