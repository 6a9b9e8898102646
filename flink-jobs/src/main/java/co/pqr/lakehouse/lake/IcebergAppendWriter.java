package co.pqr.lakehouse.lake;

import org.apache.iceberg.jdbc.JdbcCatalog;

import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.io.RunTagged;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.RowDataTaskWriterFactory;
import org.apache.iceberg.io.TaskWriter;
import org.apache.iceberg.io.WriteResult;
import org.apache.flink.table.data.RowData;

/**
 * Writes one Iceberg table's Parquet data files from one parallel subtask. It never commits: at
 * each checkpoint barrier (and at the end of a bounded input) it closes its files and hands them,
 * tagged with their run, to the single {@link LakehouseCommitter}. All records between two barriers
 * belong to one run; should a record of another run arrive, the open files are handed over first.
 * Each hand-over carries the {@link RowDigest} sum of the rows in its files.
 */
public class IcebergAppendWriter<T extends RunTagged> extends AbstractStreamOperator<CommitPart>
    implements OneInputStreamOperator<T, CommitPart>, BoundedOneInput {

  private static final long TARGET_FILE_SIZE = 128L * 1024 * 1024;

  private final CatalogSettings catalogSettings;
  private final String tableName;
  private final RowConverter<T> converter;

  private transient JdbcCatalog catalog;
  private transient RowDataTaskWriterFactory writerFactory;
  private transient TaskWriter<RowData> writer;
  private transient RowConverter<T> rows;
  private transient String currentRunId;
  private transient int currentRunSeq;
  private transient long records;
  private transient RowDigest digest;
  private transient RowDigest.Sum contentDigest;
  private transient long lastBarrier;

  public IcebergAppendWriter(CatalogSettings catalogSettings, TableIdentifier table, RowConverter<T> converter) {
    this.catalogSettings = catalogSettings;
    this.tableName = table.toString();
    this.converter = converter;
  }

  @Override
  public void initializeState(org.apache.flink.runtime.state.StateInitializationContext context) throws Exception {
    super.initializeState(context);
    lastBarrier = context.getRestoredCheckpointId().orElse(0L);
  }

  @Override
  public void open() throws Exception {
    super.open();
    catalog = LakehouseCatalog.open(catalogSettings);
    Table table = catalog.loadTable(TableIdentifier.parse(tableName));
    digest = RowDigest.forTable(TableIdentifier.parse(tableName), table.schema());
    // Rows follow the table's schema as of now: columns promoted while the job was stopped are filled.
    rows = converter.forSchema(table.schema());
    writerFactory =
        new RowDataTaskWriterFactory(
            table,
            FlinkSchemaUtil.convert(table.schema()),
            TARGET_FILE_SIZE,
            FileFormat.PARQUET,
            Map.of(),
            List.of(),
            false);
    writerFactory.initialize(
        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
        getRuntimeContext().getTaskInfo().getAttemptNumber());
  }

  @Override
  public void processElement(StreamRecord<T> element) throws Exception {
    T record = element.getValue();
    if (writer != null && !record.runId().equals(currentRunId)) {
      // Mid-epoch hand-over: the files become safe to commit with the next checkpoint at the earliest.
      handOver(lastBarrier + 1);
    }
    if (writer == null) {
      writer = writerFactory.create();
      currentRunId = record.runId();
      currentRunSeq = record.runSeq();
      records = 0;
      contentDigest = RowDigest.Sum.ZERO;
    }
    RowData row = rows.toRow(record);
    contentDigest = contentDigest.plus(digest.row(row));
    writer.write(row);
    records++;
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    handOver(checkpointId);
    lastBarrier = checkpointId;
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() throws Exception {
    // Not END_OF_INPUT: when only this subtask's input ended (a bounded stream), later checkpoints
    // still complete and close runs; these files belong with the next one, like the records' stats.
    handOver(lastBarrier + 1);
  }

  private void handOver(long checkpointId) throws IOException {
    if (writer == null) {
      return;
    }
    WriteResult result = writer.complete();
    writer = null;
    CommitPart part = new CommitPart();
    part.table = tableName;
    part.runId = currentRunId;
    part.runSeq = currentRunSeq;
    part.checkpointId = checkpointId;
    part.subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    part.records = records;
    part.digestHi = contentDigest.hi();
    part.digestLo = contentDigest.lo();
    part.writeResult = InstantiationUtil.serializeObject(result);
    output.collect(new StreamRecord<>(part));
  }

  @Override
  public void close() throws Exception {
    if (writer != null) {
      writer.abort();
      writer = null;
    }
    if (catalog != null) {
      catalog.close();
    }
    super.close();
  }
}
