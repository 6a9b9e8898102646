package co.pqr.lakehouse.lake;

import co.pqr.lakehouse.iceberg.LakehouseTables;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The content digest of a lakehouse table's rows: the business columns of each row (run id and
 * processing timestamps excluded) are encoded canonically and hashed with SHA-256, and the first
 * 128 bits of the row hashes are added modulo 2^128. The sum does not depend on row order, on how
 * rows are split into files, or on the engine that reads them ({@link #row(RowData)} for the
 * writers' Flink rows, {@link #row(Record)} for Iceberg generic records), and a row can be
 * subtracted again (e.g. by a commit-time filter that drops rows already written).
 *
 * <p>Only non-null columns are encoded, each with its name: a column added later, which old rows
 * read as null, leaves the digest of old rows unchanged.
 *
 * <p>Not thread-safe (one {@link MessageDigest} per instance).
 */
public final class RowDigest {
  /** Processing columns: they differ between a run and its replay by design. */
  public static final Set<String> PROCESSING_COLUMNS = Set.of("run_id", "ingested_at", "processed_at", "quarantined_at");

  /**
   * Silver also leaves out the source coordinates: of the exact redeliveries of one event, which
   * copy reaches Silver first depends on arrival order, not on content.
   */
  public static final Set<String> SILVER_COORDINATES = Set.of("source_topic", "source_partition", "source_offset",
      "source_timestamp");

  private record Column(int position, String name, Type.TypeID type, byte[] nameBytes) {}

  private final List<Column> columns = new ArrayList<>();
  private final MessageDigest sha256;
  private byte[] buffer = new byte[4096];
  private int length;

  private RowDigest(Schema schema, Set<String> excluded) {
    List<Types.NestedField> fields = schema.columns();
    for (int i = 0; i < fields.size(); i++) {
      Types.NestedField f = fields.get(i);
      if (!excluded.contains(f.name())) {
        columns.add(new Column(i, f.name(), f.type().typeId(), f.name().getBytes(StandardCharsets.UTF_8)));
      }
    }
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** The digest of one of the lakehouse tables, over the columns of its current definition. */
  public static RowDigest forTable(TableIdentifier table) {
    return forTable(table, LakehouseTables.schemaOf(table));
  }

  /** The digest of a lakehouse table whose rows have the given schema. */
  public static RowDigest forTable(TableIdentifier table, Schema schema) {
    if (table.equals(LakehouseTables.SILVER)) {
      java.util.Set<String> excluded = new java.util.HashSet<>(PROCESSING_COLUMNS);
      excluded.addAll(SILVER_COORDINATES);
      return new RowDigest(schema, excluded);
    }
    return new RowDigest(schema, PROCESSING_COLUMNS);
  }

  /** The names of the columns this digest covers, in encoding order. */
  public List<String> columns() {
    return columns.stream().map(Column::name).toList();
  }

  /** The 128-bit hash of a Flink row laid out in the schema's column order (as the writers build them). */
  public Sum row(RowData row) {
    length = 0;
    for (Column c : columns) {
      if (row.isNullAt(c.position)) {
        continue;
      }
      switch (c.type) {
        case STRING -> put(c, row.getString(c.position).toBytes());
        case INTEGER, DATE -> putInt(c, row.getInt(c.position));
        case LONG -> putLong(c, row.getLong(c.position));
        case DOUBLE -> putLong(c, Double.doubleToLongBits(row.getDouble(c.position)));
        case FLOAT -> putInt(c, Float.floatToIntBits(row.getFloat(c.position)));
        case BOOLEAN -> putInt(c, row.getBoolean(c.position) ? 1 : 0);
        case TIMESTAMP -> putLong(c, micros(row.getTimestamp(c.position, 6).toInstant()));
        case BINARY -> put(c, row.getBinary(c.position));
        default -> throw new IllegalArgumentException("no digest encoding for column " + c.name + " of type " + c.type);
      }
    }
    return finish();
  }

  /** The 128-bit hash of an Iceberg generic record (fields looked up by name). */
  public Sum row(Record record) {
    length = 0;
    for (Column c : columns) {
      Object v = record.getField(c.name);
      if (v == null) {
        continue;
      }
      switch (c.type) {
        case STRING -> put(c, v.toString().getBytes(StandardCharsets.UTF_8));
        case INTEGER -> putInt(c, (Integer) v);
        case DATE -> putInt(c, (int) ((LocalDate) v).toEpochDay());
        case LONG -> putLong(c, (Long) v);
        case DOUBLE -> putLong(c, Double.doubleToLongBits((Double) v));
        case FLOAT -> putInt(c, Float.floatToIntBits((Float) v));
        case BOOLEAN -> putInt(c, ((Boolean) v) ? 1 : 0);
        case TIMESTAMP -> putLong(c, micros(v instanceof OffsetDateTime o ? o.toInstant()
            : ((java.time.LocalDateTime) v).toInstant(java.time.ZoneOffset.UTC)));
        case BINARY -> {
          ByteBuffer b = ((ByteBuffer) v).duplicate();
          byte[] bytes = new byte[b.remaining()];
          b.get(bytes);
          put(c, bytes);
        }
        default -> throw new IllegalArgumentException("no digest encoding for column " + c.name + " of type " + c.type);
      }
    }
    return finish();
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private void putInt(Column c, int v) {
    put(c, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }

  private void putLong(Column c, long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    put(c, b);
  }

  /** name, 0, type ordinal, 4-byte length, value: unambiguous for any column values. */
  private void put(Column c, byte[] value) {
    ensure(c.nameBytes.length + 6 + value.length);
    System.arraycopy(c.nameBytes, 0, buffer, length, c.nameBytes.length);
    length += c.nameBytes.length;
    buffer[length++] = 0;
    buffer[length++] = (byte) c.type.ordinal();
    int n = value.length;
    buffer[length++] = (byte) (n >>> 24);
    buffer[length++] = (byte) (n >>> 16);
    buffer[length++] = (byte) (n >>> 8);
    buffer[length++] = (byte) n;
    System.arraycopy(value, 0, buffer, length, n);
    length += n;
  }

  private void ensure(int extra) {
    if (length + extra > buffer.length) {
      buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
    }
  }

  private Sum finish() {
    sha256.reset();
    sha256.update(buffer, 0, length);
    byte[] h = sha256.digest();
    ByteBuffer b = ByteBuffer.wrap(h);
    return new Sum(b.getLong(), b.getLong());
  }

  /** An unsigned 128-bit value; sums wrap modulo 2^128. Immutable. */
  public record Sum(long hi, long lo) {
    public static final Sum ZERO = new Sum(0, 0);

    public Sum plus(Sum o) {
      long l = lo + o.lo;
      long carry = Long.compareUnsigned(l, lo) < 0 ? 1 : 0;
      return new Sum(hi + o.hi + carry, l);
    }

    public Sum negate() {
      long l = ~lo + 1;
      long h = ~hi + (l == 0 ? 1 : 0);
      return new Sum(h, l);
    }

    public Sum minus(Sum o) {
      return plus(o.negate());
    }

    /** 32 lowercase hex digits. */
    public String hex() {
      return String.format(Locale.ROOT, "%016x%016x", hi, lo);
    }

    public static Sum parse(String hex) {
      if (hex == null || hex.length() != 32) {
        throw new IllegalArgumentException("a content digest is 32 hex digits, got '" + hex + "'");
      }
      return new Sum(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    @Override
    public String toString() {
      return hex();
    }
  }
}
