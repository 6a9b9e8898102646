package co.pqr.lakehouse.maintenance;

import co.pqr.lakehouse.iceberg.LocalFileIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Finds files under a table's location that no snapshot or metadata file of the table references:
 * data files of commits that never happened (a writer's files from a failed checkpoint), files a
 * compaction could not commit, metadata files that fell out of the metadata log. Only files older
 * than the given age are candidates, so files of a commit in progress are never touched.
 *
 * <p>Listing works on a local warehouse (java.nio) and on any FileIO with prefix listing (Iceberg's
 * S3FileIO). Referenced: every metadata file in the metadata log, the version hint, statistics files,
 * and for every live snapshot its manifest list, manifests and the data files they list.
 */
public final class OrphanFiles {
  private OrphanFiles() {}

  /** The files under {@code table.location()}, as (location, size, last modified). */
  public static List<FileInfo> list(Table table) {
    String root = table.location().endsWith("/") ? table.location() : table.location() + "/";
    FileIO io = table.io();
    if (io instanceof SupportsPrefixOperations prefixed) {
      List<FileInfo> files = new ArrayList<>();
      prefixed.listPrefix(root).forEach(files::add);
      return files;
    }
    if (!LocalFileIO.isLocal(root)) {
      throw new UnsupportedOperationException("orphan listing needs a local warehouse or a FileIO with prefix"
          + " listing (S3FileIO); " + io.getClass().getName() + " at " + root + " has neither");
    }
    Path dir = Path.of(normalize(root));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> {
        try {
          return new FileInfo(p.toString(), Files.size(p), Files.getLastModifiedTime(p).toMillis());
        } catch (IOException e) {
          // deleted while listing: not an orphan any more
          return null;
        }
      }).filter(java.util.Objects::nonNull).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** Every file location the table's metadata reaches, normalised with {@link #normalize}. */
  public static Set<String> referenced(Table table) {
    Set<String> refs = new HashSet<>();
    FileIO io = table.io();
    ReachableFileUtil.metadataFileLocations(table, true).forEach(l -> refs.add(normalize(l)));
    refs.add(normalize(ReachableFileUtil.versionHintLocation(table)));
    ReachableFileUtil.statisticsFilesLocations(table).forEach(l -> refs.add(normalize(l)));
    Set<String> manifestsSeen = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.manifestListLocation() != null) {
        refs.add(normalize(snapshot.manifestListLocation()));
      }
      for (ManifestFile manifest : snapshot.allManifests(io)) {
        String path = normalize(manifest.path());
        refs.add(path);
        if (!manifestsSeen.add(path)) {
          continue;
        }
        try (CloseableIterable<String> paths = ManifestFiles.readPaths(manifest, io)) {
          paths.forEach(p -> refs.add(normalize(p)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read manifest " + manifest.path(), e);
        }
      }
    }
    return refs;
  }

  /** The listed files that nothing references and that were last modified before {@code olderThanMs}. */
  public static List<FileInfo> orphans(List<FileInfo> listed, Set<String> referenced, long olderThanMs) {
    List<FileInfo> orphans = new ArrayList<>();
    for (FileInfo f : listed) {
      if (f.createdAtMillis() < olderThanMs && !referenced.contains(normalize(f.location()))) {
        orphans.add(f);
      }
    }
    return orphans;
  }

  /**
   * One spelling per file: {@code file:/x}, {@code file:///x} and {@code /x} are the same local file;
   * {@code s3a://} and {@code s3n://} are {@code s3://}.
   */
  public static String normalize(String location) {
    if (location == null) {
      return "";
    }
    if (location.startsWith("file:")) {
      return Path.of(URI.create(location.startsWith("file:///") || !location.startsWith("file:/")
          ? location : "file://" + location.substring("file:".length()))).normalize().toString();
    }
    if (location.startsWith("s3a://") || location.startsWith("s3n://")) {
      return "s3://" + location.substring(6);
    }
    if (location.startsWith("/")) {
      return Path.of(location).normalize().toString();
    }
    return location;
  }
}
