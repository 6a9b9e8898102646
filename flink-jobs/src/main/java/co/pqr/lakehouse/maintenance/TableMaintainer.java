package co.pqr.lakehouse.maintenance;

import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.lake.LakehouseCommitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintains Iceberg tables with Iceberg's core API: compaction (bin-pack per partition, rows copied
 * unchanged), snapshot expiry ({@link ExpiryPolicy}) and orphan-file removal ({@link OrphanFiles}),
 * one table at a time under its {@link MaintenanceLock}.
 *
 * <p>Beside a streaming writer: the writer only appends, and Iceberg lets a rewrite and appends
 * commit concurrently (a failed metadata swap is retried on the refreshed table; the rewrite
 * validates only that its input files are still there). If the compaction still cannot commit
 * (its files were removed meanwhile, or retries ran out), it is skipped, its new files deleted, and
 * tried again next time: maintenance never fails the writer, and the writer never waits for it.
 */
public final class TableMaintainer {
  private static final Logger LOG = LoggerFactory.getLogger(TableMaintainer.class);
  /** Snapshot summary property of maintenance commits. */
  public static final String MAINTENANCE_PROPERTY = "pqr.maintenance";

  private final Catalog catalog;
  private final CatalogSettings catalogSettings;
  private final MaintenanceSettings settings;

  public TableMaintainer(Catalog catalog, CatalogSettings catalogSettings, MaintenanceSettings settings) {
    this.catalog = catalog;
    this.catalogSettings = catalogSettings;
    this.settings = settings;
  }

  /** One pass over every configured table; a table another maintainer holds is reported as skipped. */
  public List<TableReport> runAll() throws Exception {
    List<TableReport> reports = new ArrayList<>();
    for (String table : settings.tables()) {
      reports.add(run(table));
    }
    return reports;
  }

  public TableReport run(String tableName) throws Exception {
    Optional<MaintenanceLock> lock = MaintenanceLock.tryAcquire(catalogSettings, tableName);
    if (lock.isEmpty()) {
      LOG.info("Maintenance of {} skipped: another maintainer holds its lock", tableName);
      return TableReport.skipped(tableName, "another maintainer holds the lock");
    }
    try (MaintenanceLock held = lock.get()) {
      return maintain(tableName);
    }
  }

  private TableReport maintain(String tableName) {
    long started = System.currentTimeMillis();
    Table table = catalog.loadTable(TableIdentifier.parse(tableName));
    TableStats before = TableStats.of(table);
    int[] rewritten = {0, 0};
    String compactionSkipped = compact(table, rewritten);
    table.refresh();
    int expired = expire(table, System.currentTimeMillis());
    int orphans = removeOrphans(table, System.currentTimeMillis());
    table.refresh();
    TableReport report = new TableReport(tableName, before, TableStats.of(table), rewritten[0], rewritten[1], expired,
        orphans, System.currentTimeMillis() - started, null, compactionSkipped);
    LOG.info("Maintenance of {}: data files {} -> {}, rewrote {} into {}, expired {} snapshots, removed {} orphans"
        + " in {} ms{}", tableName, before.dataFiles(), report.after().dataFiles(), rewritten[0], rewritten[1], expired,
        orphans, report.durationMs(), compactionSkipped == null ? "" : " (compaction skipped: " + compactionSkipped + ")");
    return report;
  }

  /** Compacts small files; returns why the commit was skipped, or null. counts[0] files in, counts[1] files out. */
  String compact(Table table, int[] counts) {
    Snapshot start = table.currentSnapshot();
    if (start == null) {
      return null;
    }
    List<BinPacker.Candidate<DataFile>> candidates = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(start.snapshotId()).planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          continue; // the lakehouse is append-only; a file with deletes is left to a delete-aware rewrite
        }
        DataFile file = task.file().copyWithoutStats();
        PartitionSpec spec = table.specs().get(file.specId());
        candidates.add(new BinPacker.Candidate<>(file, file.specId() + "/" + spec.partitionToPath(file.partition()),
            file.fileSizeInBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plan the files of " + table.name(), e);
    }
    List<List<DataFile>> groups = BinPacker.plan(candidates, settings.targetFileSizeBytes(), settings.minInputFiles());
    if (groups.isEmpty()) {
      return null;
    }
    List<DataFile> removed = new ArrayList<>();
    List<DataFile> added = new ArrayList<>();
    String operation = "compact-" + UUID.randomUUID();
    AtomicInteger taskId = new AtomicInteger();
    try {
      for (List<DataFile> group : groups) {
        added.addAll(rewrite(table, group, operation, taskId.getAndIncrement()));
        removed.addAll(group);
      }
      RewriteFiles rewrite = table.newRewrite()
          .validateFromSnapshot(start.snapshotId())
          .dataSequenceNumber(start.sequenceNumber());
      removed.forEach(rewrite::deleteFile);
      added.forEach(rewrite::addFile);
      rewrite.set(MAINTENANCE_PROPERTY, "compaction");
      rewrite.commit();
    } catch (ValidationException | CommitFailedException e) {
      LOG.warn("Compaction of {} skipped, to be tried again next time: {}", table.name(), e.getMessage());
      added.forEach(f -> table.io().deleteFile(f.location()));
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (CommitStateUnknownException e) {
      // the commit may have succeeded: its files must stay (orphan removal takes them if it did not)
      throw e;
    } catch (RuntimeException e) {
      added.forEach(f -> table.io().deleteFile(f.location()));
      throw e;
    }
    counts[0] = removed.size();
    counts[1] = added.size();
    return null;
  }

  /** Copies the rows of one group's files into new files of about the target size, in the group's partition. */
  private List<DataFile> rewrite(Table table, List<DataFile> group, String operation, int taskId) {
    DataFile first = group.get(0);
    PartitionSpec spec = table.specs().get(first.specId());
    Schema schema = table.schema();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 0, taskId)
        .format(FileFormat.PARQUET).operationId(operation).defaultSpec(spec).build();
    GenericAppenderFactory appenders = new GenericAppenderFactory(schema, spec);
    appenders.setAll(table.properties());
    List<DataFile> written = new ArrayList<>();
    DataWriter<Record> writer = null;
    long rows = 0;
    try {
      for (DataFile input : group) {
        try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(input.location()))
            .project(schema)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
            .build()) {
          for (Record record : records) {
            if (writer == null) {
              writer = appenders.newDataWriter(files.newOutputFile(spec, first.partition()), FileFormat.PARQUET,
                  first.partition());
            }
            writer.write(record);
            if (++rows % 1000 == 0 && writer.length() >= settings.targetFileSizeBytes()) {
              writer.close();
              written.add(writer.toDataFile());
              writer = null;
            }
          }
        }
      }
      if (writer != null) {
        writer.close();
        written.add(writer.toDataFile());
      }
    } catch (IOException e) {
      written.forEach(f -> table.io().deleteFile(f.location()));
      throw new UncheckedIOException("cannot rewrite files of " + table.name(), e);
    }
    return written;
  }

  /** Expires the snapshots {@link ExpiryPolicy} releases (and the files only they reference); returns how many. */
  int expire(Table table, long nowMs) {
    List<ExpiryPolicy.SnapshotFacts> facts = new ArrayList<>();
    for (Snapshot s : table.snapshots()) {
      facts.add(new ExpiryPolicy.SnapshotFacts(s.snapshotId(), s.timestampMillis(),
          s.summary().get(LakehouseCommitter.JOB_INSTANCE_PROPERTY)));
    }
    Snapshot current = table.currentSnapshot();
    Set<Long> ids = ExpiryPolicy.toExpire(facts, current == null ? null : current.snapshotId(), nowMs,
        settings.expireOlderThan().toMillis(), settings.retainLast());
    if (ids.isEmpty()) {
      return 0;
    }
    // Iceberg also expires by age on its own (table default: 5 days): anchor its age limit at the oldest
    // snapshot the policy keeps, so that exactly the listed snapshots go.
    long oldestKept = facts.stream().filter(f -> !ids.contains(f.id()))
        .mapToLong(ExpiryPolicy.SnapshotFacts::timestampMs).min().orElse(nowMs);
    ExpireSnapshots expire = table.expireSnapshots().expireOlderThan(oldestKept).retainLast(1);
    ids.forEach(expire::expireSnapshotId);
    int expired = expire.apply().size();
    expire.commit();
    return expired;
  }

  /** Deletes files under the table's location that nothing references and that are older than the orphan age. */
  int removeOrphans(Table table, long nowMs) {
    // List first, then read the references: a file committed between the two is then seen as referenced.
    List<FileInfo> listed = OrphanFiles.list(table);
    table.refresh();
    Set<String> referenced = OrphanFiles.referenced(table);
    List<FileInfo> orphans = OrphanFiles.orphans(listed, referenced, nowMs - settings.orphansOlderThan().toMillis());
    for (FileInfo orphan : orphans) {
      LOG.info("Removing orphan file {} of {} ({} bytes)", orphan.location(), table.name(), orphan.size());
      table.io().deleteFile(orphan.location());
    }
    return orphans.size();
  }
}
