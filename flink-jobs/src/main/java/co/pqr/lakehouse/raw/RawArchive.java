package co.pqr.lakehouse.raw;

import co.pqr.lakehouse.io.InputRecord;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.hadoop.conf.Configuration;

/**
 * The Raw layer: every input record's exact bytes with its source coordinates and run, as Parquet
 * files under {@code {warehouse}/raw/pqr_events/ingest_date=YYYY-MM-DD/} (the UTC date the record
 * reached the broker), written by Flink's file sink and rolled at every checkpoint. It can be read
 * back as an input for backfills.
 */
public final class RawArchive {
  public static final String TABLE_DIR = "raw/pqr_events";
  public static final String PARTITION_PREFIX = "ingest_date=";

  public static final RowType ROW_TYPE = RowType.of(
      new org.apache.flink.table.types.logical.LogicalType[] {
          new VarCharType(false, VarCharType.MAX_LENGTH),
          new IntType(false),
          new BigIntType(false),
          new BigIntType(false),
          new VarBinaryType(true, VarBinaryType.MAX_LENGTH),
          new VarBinaryType(false, VarBinaryType.MAX_LENGTH),
          new VarCharType(false, VarCharType.MAX_LENGTH)},
      new String[] {"topic", "kafka_partition", "kafka_offset", "kafka_timestamp_ms", "record_key", "payload", "run_id"});

  public static final TypeInformation<RowData> TYPE_INFO = InternalTypeInfo.of(ROW_TYPE);

  private RawArchive() {}

  public static String location(String warehouse) {
    return warehouse + "/" + TABLE_DIR;
  }

  public static RowData toRow(InputRecord r) {
    GenericRowData row = new GenericRowData(7);
    row.setField(0, StringData.fromString(r.topic));
    row.setField(1, r.partition);
    row.setField(2, r.offset);
    row.setField(3, r.timestampMs);
    row.setField(4, r.key);
    row.setField(5, r.value == null ? new byte[0] : r.value);
    row.setField(6, StringData.fromString(r.runId));
    return row;
  }

  public static InputRecord fromRow(RowData row) {
    return new InputRecord(
        row.getString(0).toString(),
        row.getInt(1),
        row.getLong(2),
        row.getLong(3),
        row.isNullAt(4) ? null : row.getBinary(4),
        row.getBinary(5));
  }

  public static FileSink<RowData> sink(String warehouse) {
    return FileSink.forBulkFormat(
            new Path(location(warehouse)),
            ParquetRowDataBuilder.createWriterFactory(ROW_TYPE, new Configuration(), true))
        .withBucketAssigner(new IngestDateAssigner())
        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("raw").withPartSuffix(".parquet").build())
        .build();
  }

  /** Reads the committed Raw files of the ingestion dates {@code from..to} (inclusive). */
  public static FileSource<RowData> source(String warehouse, LocalDate from, LocalDate to) throws IOException {
    List<Path> dirs = existingPartitions(warehouse, from, to);
    if (dirs.isEmpty()) {
      throw new IllegalArgumentException(
          "no Raw archive partitions between " + from + " and " + to + " under " + location(warehouse));
    }
    ParquetColumnarRowInputFormat<org.apache.flink.connector.file.src.FileSourceSplit> format =
        new ParquetColumnarRowInputFormat<>(new Configuration(), ROW_TYPE, TYPE_INFO, 2048, true, true);
    return FileSource.forBulkFileFormat(format, dirs.toArray(new Path[0])).build();
  }

  public static List<Path> existingPartitions(String warehouse, LocalDate from, LocalDate to) throws IOException {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("Raw date range is reversed: " + from + ".." + to);
    }
    List<Path> dirs = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      Path dir = new Path(location(warehouse) + "/" + PARTITION_PREFIX + d);
      FileSystem fs = dir.getFileSystem();
      if (fs.exists(dir)) {
        dirs.add(dir);
      }
    }
    return dirs;
  }

  /** Buckets records by the UTC date they reached the broker. */
  static final class IngestDateAssigner implements BucketAssigner<RowData, String> {
    @Override
    public String getBucketId(RowData element, Context context) {
      return PARTITION_PREFIX + Instant.ofEpochMilli(element.getLong(3)).atOffset(ZoneOffset.UTC).toLocalDate();
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
      return SimpleVersionedStringSerializer.INSTANCE;
    }
  }

}
