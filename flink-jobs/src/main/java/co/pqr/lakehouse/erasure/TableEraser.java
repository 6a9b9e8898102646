package co.pqr.lakehouse.erasure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * Copy-on-write removal of rows from an Iceberg table: every data file holding a row to remove is read
 * whole, written again without those rows, and swapped for its copy in one overwrite commit (a file left
 * empty is only dropped). No equality or position delete files: after the commit, no file of the current
 * snapshot holds the removed rows; older snapshots still do until {@link SnapshotPurge} expires them.
 *
 * <p>The overwrite validates from the snapshot the scan started at, so it fails rather than lose data if
 * another writer removed one of the replaced files meanwhile; files appended meanwhile are untouched (and
 * not examined: run erasure with the pipeline stopped, see the README).
 */
final class TableEraser {
  /** Summary property of the erasure's commits. */
  static final String ERASURE_PROPERTY = "pqr.erasure-id";

  /** Rows removed, files replaced by a filtered copy, files dropped because no row was left. */
  record Result(long rowsRemoved, int filesRewritten, int filesDropped) {
    static final Result NONE = new Result(0, 0, 0);
  }

  private TableEraser() {}

  static Result erase(Table table, Expression filter, Predicate<Record> remove, Consumer<Record> removed,
      String erasureId) {
    table.refresh();
    Snapshot start = table.currentSnapshot();
    if (start == null) {
      return Result.NONE;
    }
    List<DataFile> replaced = new ArrayList<>();
    List<DataFile> copies = new ArrayList<>();
    long rows = 0;
    Set<String> seen = new HashSet<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(start.snapshotId()).filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        if (!seen.add(file.location())) {
          continue;
        }
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException(table.name() + " has delete files; the lakehouse's tables are append-only"
              + " and erasure rewrites data files, it cannot erase rows hidden behind delete files");
        }
        List<Record> kept = new ArrayList<>();
        long removedHere = 0;
        for (Record r : read(table, file)) {
          if (remove.test(r)) {
            removedHere++;
            removed.accept(r);
          } else {
            kept.add(r);
          }
        }
        if (removedHere == 0) {
          continue;
        }
        rows += removedHere;
        replaced.add(file);
        if (!kept.isEmpty()) {
          copies.add(write(table, file, kept, erasureId));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plan the files of " + table.name(), e);
    }
    if (replaced.isEmpty()) {
      return Result.NONE;
    }
    OverwriteFiles overwrite = table.newOverwrite().validateFromSnapshot(start.snapshotId());
    replaced.forEach(overwrite::deleteFile);
    copies.forEach(overwrite::addFile);
    overwrite.set(ERASURE_PROPERTY, erasureId);
    overwrite.commit();
    return new Result(rows, copies.size(), replaced.size() - copies.size());
  }

  /** Every row of one data file of the table, with the table's current schema. */
  static List<Record> read(Table table, DataFile file) {
    return read(table, file.location(), file.format());
  }

  static List<Record> read(Table table, String location, FileFormat format) {
    if (format != FileFormat.PARQUET) {
      throw new IllegalStateException(location + " is " + format + "; erasure reads Parquet data files only");
    }
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> rows = Parquet.read(table.io().newInputFile(location))
        .project(table.schema())
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(table.schema(), fileSchema))
        .build()) {
      for (Record r : rows) {
        out.add(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location, e);
    }
    return out;
  }

  private static DataFile write(Table table, DataFile original, List<Record> rows, String erasureId) {
    PartitionSpec spec = table.specs().get(original.specId());
    String name = "erasure-" + erasureId + "-" + UUID.randomUUID() + ".parquet";
    String location = table.locationProvider().newDataLocation(spec, original.partition(), name);
    try {
      DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(location))
          .forTable(table)
          .withSpec(spec)
          .withPartition(original.partition())
          .createWriterFunc(GenericParquetWriter::create)
          .overwrite()
          .build();
      try (writer) {
        for (Record r : rows) {
          writer.write(r);
        }
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + location, e);
    }
  }
}
