package co.pqr.lakehouse.lake;

import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/**
 * Keeps Silver at one row per {@code event_id} across jobs. Each job's deduplicator knows only its
 * own events and the Silver of its submission, so a backfill beside the stream (or two backfills)
 * can both hold the same new event in their pending files. Silver commits are therefore serialised
 * across jobs by a Postgres advisory lock; under it, the committer looks at the Silver snapshots
 * other job instances committed since the last Silver snapshot it knows, and removes their event
 * ids from its own pending files before appending them. When no other job committed in between,
 * this costs one lock and one table refresh.
 */
public final class SilverArbitration {
  /** The advisory lock key of Silver commits (any constant shared by every job of a lakehouse). */
  static final long SILVER_COMMIT_LOCK = 0x5051_525F_5349_4CL;

  private SilverArbitration() {}

  /** What is left of the pending files once other jobs' events are removed, and the removed rows. */
  public record Filtered(List<DataFile> files, List<Record> removed) {}

  /** Holds the lakehouse-wide Silver commit lock until closed (a session-level advisory lock). */
  public static AutoCloseable lock(CatalogSettings settings) throws SQLException {
    Connection c = co.pqr.lakehouse.db.Jdbc.connect(settings.pgUrl(), settings.pgUser(), settings.pgPassword());
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
      ps.setLong(1, SILVER_COMMIT_LOCK);
      ps.execute();
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return () -> {
      try (c; PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        ps.setLong(1, SILVER_COMMIT_LOCK);
        ps.execute();
      }
    };
  }

  /**
   * The snapshots after {@code sinceSnapshotId} (exclusive; null: the whole history) on the current
   * branch that a job instance other than {@code jobInstance} committed, newest first.
   */
  public static List<Snapshot> foreignSnapshotsSince(Table silver, Long sinceSnapshotId, String jobInstance) {
    List<Snapshot> out = new ArrayList<>();
    Snapshot s = silver.currentSnapshot();
    while (s != null && !Objects.equals(s.snapshotId(), sinceSnapshotId)) {
      if (!jobInstance.equals(s.summary().get(LakehouseCommitter.JOB_INSTANCE_PROPERTY))) {
        out.add(s);
      }
      s = s.parentId() == null ? null : silver.snapshot(s.parentId());
    }
    return out;
  }

  /** The {@code event_id}s of the data files those snapshots added (only that column is read). */
  public static Set<String> eventIdsAddedBy(Table silver, List<Snapshot> snapshots) {
    Set<String> ids = new HashSet<>();
    for (Snapshot s : snapshots) {
      for (DataFile file : s.addedDataFiles(silver.io())) {
        ids.addAll(eventIds(silver, file));
      }
    }
    return ids;
  }

  /**
   * The pending files without the rows whose {@code event_id} is in {@code taken}: a file holding
   * none is kept as is; a file holding some is rewritten (a new Parquet file in the same partition,
   * the table's schema and write properties) without them, or dropped if nothing is left.
   */
  public static Filtered withoutEvents(Table silver, List<DataFile> pending, Set<String> taken) {
    List<DataFile> kept = new ArrayList<>();
    List<Record> removed = new ArrayList<>();
    if (taken.isEmpty()) {
      return new Filtered(new ArrayList<>(pending), removed);
    }
    for (DataFile file : pending) {
      boolean overlaps = false;
      for (String id : eventIds(silver, file)) {
        if (taken.contains(id)) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        kept.add(file);
        continue;
      }
      List<Record> survivors = new ArrayList<>();
      for (Record r : read(silver, file, silver.schema())) {
        (taken.contains((String) r.getField("event_id")) ? removed : survivors).add(r);
      }
      if (!survivors.isEmpty()) {
        kept.add(write(silver, file, survivors));
      }
    }
    return new Filtered(kept, removed);
  }

  private static Set<String> eventIds(Table silver, DataFile file) {
    Set<String> ids = new HashSet<>();
    for (Record r : read(silver, file, silver.schema().select("event_id"))) {
      ids.add((String) r.getField("event_id"));
    }
    return ids;
  }

  private static List<Record> read(Table table, DataFile file, Schema projection) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = Parquet.read(table.io().newInputFile(file.location()))
        .project(projection)
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(projection, fileSchema))
        .build()) {
      for (Record r : it) {
        rows.add(r.copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pending Silver file " + file.location(), e);
    }
    return rows;
  }

  private static DataFile write(Table table, DataFile original, List<Record> rows) {
    PartitionSpec spec = table.specs().get(original.specId());
    String name = "arbitrated-" + UUID.randomUUID() + ".parquet";
    OutputFile out = table.io().newOutputFile(table.locationProvider().newDataLocation(spec, original.partition(), name));
    GenericAppenderFactory factory = new GenericAppenderFactory(table.schema(), spec);
    factory.setAll(table.properties());
    DataWriter<Record> writer = factory.newDataWriter(
        EncryptedFiles.plainAsEncryptedOutput(out), FileFormat.PARQUET, original.partition());
    try (writer) {
      for (Record r : rows) {
        writer.write(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Silver file " + out.location(), e);
    }
    return writer.toDataFile();
  }

  /** Whether {@code table} is Silver (the only table arbitrated). */
  static boolean applies(String table) {
    return LakehouseTables.SILVER.toString().equals(table);
  }
}
