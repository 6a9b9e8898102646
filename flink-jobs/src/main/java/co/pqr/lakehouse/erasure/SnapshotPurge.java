package co.pqr.lakehouse.erasure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.data.Record;

/**
 * Makes an erasure final for one table: expires every snapshot but the current one, so that time travel
 * cannot reach the rows the erasure removed, lets Iceberg delete the files only those snapshots used, and
 * then removes what is left under the table's location that the current snapshot does not reference:
 *
 * <ul>
 *   <li>older metadata JSON files (the table's metadata log): they list the expired snapshots;
 *   <li>manifest lists and manifests (Avro) no snapshot references any more;
 *   <li>data files no snapshot references (left by a failed or cancelled job) that hold a row of the
 *       citizen, or that cannot be read at all (a write cut short). Other unreferenced data files are left
 *       alone: they may be files a stopped stream will commit when it restarts from its checkpoint.
 * </ul>
 *
 * Files written after {@code startedAtMillis} are never removed, except metadata files in the metadata
 * log (which by then have been superseded by a committed version), so a writer's in-flight commit is safe.
 */
final class SnapshotPurge {
  /** Snapshots expired and files removed. */
  record Result(int snapshotsExpired, int filesRemoved) {}

  private SnapshotPurge() {}

  static Result purge(Table table, long startedAtMillis, Predicate<Record> citizenRow) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return new Result(0, 0);
    }
    int expired = 0;
    for (Snapshot s : table.snapshots()) {
      if (s.snapshotId() != current.snapshotId()) {
        expired++;
      }
    }
    if (expired > 0) {
      table.expireSnapshots()
          .expireOlderThan(current.timestampMillis() + 1)
          .retainLast(1)
          .cleanExpiredFiles(true)
          .commit();
      table.refresh();
    }
    TableMetadata metadata = ((HasTableOperations) table).operations().current();
    Set<String> referenced = referenced(table, metadata);
    Set<String> superseded = new HashSet<>();
    metadata.previousFiles().forEach(f -> superseded.add(WarehouseFiles.normalize(f.file())));
    int removed = 0;
    for (WarehouseFiles.Entry f : WarehouseFiles.list(table.io(), table.location())) {
      String path = WarehouseFiles.normalize(f.location());
      if (referenced.contains(path)) {
        continue;
      }
      boolean remove;
      if (path.endsWith(".metadata.json")) {
        remove = superseded.contains(path) || f.lastModifiedMillis() < startedAtMillis;
      } else if (f.lastModifiedMillis() >= startedAtMillis) {
        remove = false;
      } else if (path.endsWith(".avro")) {
        remove = true;
      } else if (path.endsWith(".parquet")) {
        remove = unreadableOrHolds(table, f.location(), citizenRow);
      } else {
        remove = false;
      }
      if (remove) {
        table.io().deleteFile(f.location());
        removed++;
      }
    }
    return new Result(expired, removed);
  }

  private static boolean unreadableOrHolds(Table table, String location, Predicate<Record> citizenRow) {
    List<Record> rows;
    try {
      rows = TableEraser.read(table, location, FileFormat.PARQUET);
    } catch (RuntimeException unreadable) {
      return true;
    }
    return rows.stream().anyMatch(citizenRow);
  }

  /** Every file the table's current metadata references, normalised. */
  private static Set<String> referenced(Table table, TableMetadata metadata) {
    Set<String> out = new HashSet<>();
    out.add(WarehouseFiles.normalize(metadata.metadataFileLocation()));
    for (Snapshot s : table.snapshots()) {
      out.add(WarehouseFiles.normalize(s.manifestListLocation()));
      for (ManifestFile m : s.allManifests(table.io())) {
        out.add(WarehouseFiles.normalize(m.path()));
        for (String file : files(table, m)) {
          out.add(WarehouseFiles.normalize(file));
        }
      }
    }
    table.statisticsFiles().forEach(f -> out.add(WarehouseFiles.normalize(f.path())));
    table.partitionStatisticsFiles().forEach(f -> out.add(WarehouseFiles.normalize(f.path())));
    return out;
  }

  private static List<String> files(Table table, ManifestFile manifest) {
    List<String> out = new ArrayList<>();
    try {
      if (manifest.content() == ManifestContent.DATA) {
        try (ManifestReader<DataFile> reader = ManifestFiles.read(manifest, table.io(), table.specs())) {
          reader.forEach(f -> out.add(location(f)));
        }
      } else {
        try (ManifestReader<DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
          reader.forEach(f -> out.add(location(f)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + manifest.path(), e);
    }
    return out;
  }

  private static String location(ContentFile<?> f) {
    return f.location();
  }
}
