package co.pqr.lakehouse.erasure;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import co.pqr.lakehouse.raw.RawArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * Erasure in the Raw archive ({@link RawArchive}): Raw files are immutable bytes for every reader, so
 * erasure is a documented rewrite of the affected files. A file holding a record of the citizen is read
 * whole, written again without those records (same columns, same name) and put in place of the original
 * (on a local disk through an atomic rename of a hidden temporary file, which Flink's file source never
 * reads; on S3 by a single PUT); a file left with no record is deleted.
 *
 * <p>Hidden files (a stream's unfinished part files) are examined too: a readable one is rewritten in
 * place like the others, so a restored stream still finds and commits it; an unreadable one is the
 * remains of a write cut short, which no reader can use, and is deleted.
 */
final class RawEraser {
  /** Raw's columns, as Iceberg reads them from the Flink-written files (matched by name). */
  static final Schema SCHEMA = new Schema(
      required(1, "topic", Types.StringType.get()),
      required(2, "kafka_partition", Types.IntegerType.get()),
      required(3, "kafka_offset", Types.LongType.get()),
      required(4, "kafka_timestamp_ms", Types.LongType.get()),
      optional(5, "record_key", Types.BinaryType.get()),
      required(6, "payload", Types.BinaryType.get()),
      required(7, "run_id", Types.StringType.get()));

  /** Records removed, files rewritten, files deleted. */
  record Result(long records, int filesRewritten, int filesDeleted) {}

  private RawEraser() {}

  /** Calls {@code payloads} with every payload of every readable Raw file. */
  static void forEachPayload(FileIO io, String warehouse, Consumer<byte[]> payloads) {
    for (WarehouseFiles.Entry f : WarehouseFiles.list(io, RawArchive.location(warehouse))) {
      List<Record> rows = readOrNull(io, f.location());
      if (rows != null) {
        rows.forEach(r -> payloads.accept(bytes(r.getField("payload"))));
      }
    }
  }

  static Result erase(FileIO io, String warehouse, CitizenMatcher citizen, long startedAtMillis) {
    long records = 0;
    int rewritten = 0;
    int deleted = 0;
    for (WarehouseFiles.Entry f : WarehouseFiles.list(io, RawArchive.location(warehouse))) {
      String name = WarehouseFiles.name(f.location());
      boolean hidden = name.startsWith(".") || name.startsWith("_");
      List<Record> rows = readOrNull(io, f.location());
      if (rows == null) {
        if (!hidden) {
          throw new IllegalStateException("cannot read Raw file " + f.location()
              + " as Parquet: erasure cannot tell whether it holds the citizen's records; move it aside and retry");
        }
        if (f.lastModifiedMillis() < startedAtMillis) {
          io.deleteFile(f.location());
          deleted++;
        }
        continue;
      }
      List<Record> kept = new ArrayList<>();
      for (Record r : rows) {
        if (!citizen.matchesPayload(bytes(r.getField("payload")))) {
          kept.add(r);
        }
      }
      if (kept.size() == rows.size()) {
        continue;
      }
      records += rows.size() - kept.size();
      if (kept.isEmpty()) {
        io.deleteFile(f.location());
        deleted++;
      } else {
        replace(io, f.location(), kept);
        rewritten++;
      }
    }
    return new Result(records, rewritten, deleted);
  }

  private static List<Record> readOrNull(FileIO io, String location) {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> rows = Parquet.read(io.newInputFile(location))
        .project(SCHEMA)
        .withNameMapping(MappingUtil.create(SCHEMA))
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(SCHEMA, fileSchema))
        .build()) {
      for (Record r : rows) {
        out.add(r);
      }
      return out;
    } catch (IOException | RuntimeException unreadable) {
      return null;
    }
  }

  private static void replace(FileIO io, String location, List<Record> rows) {
    boolean local = WarehouseFiles.isLocal(location);
    String target = local
        ? WarehouseFiles.parent(location) + "/." + WarehouseFiles.name(location) + ".erasure.tmp"
        : location;
    try {
      try (FileAppender<Record> out = Parquet.write(io.newOutputFile(target))
          .schema(SCHEMA)
          .createWriterFunc(GenericParquetWriter::create)
          .overwrite()
          .build()) {
        out.addAll(rows);
      }
      if (local) {
        Files.move(Paths.get(WarehouseFiles.normalize(target)), Paths.get(WarehouseFiles.normalize(location)),
            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite Raw file " + location, e);
    }
  }

  static byte[] bytes(Object value) {
    if (value == null) {
      return null;
    }
    ByteBuffer b = ((ByteBuffer) value).duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
