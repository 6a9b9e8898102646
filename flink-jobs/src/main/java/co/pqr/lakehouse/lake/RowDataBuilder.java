package co.pqr.lakehouse.lake;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Fills Flink {@link GenericRowData} for an Iceberg schema by column name, converting Java values
 * to Flink's internal representation (StringData, TimestampData, epoch-day ints).
 */
public final class RowDataBuilder implements Serializable {
  private final Map<String, Integer> positions = new HashMap<>();
  private final int arity;

  public RowDataBuilder(Schema schema) {
    List<Types.NestedField> columns = schema.columns();
    for (int i = 0; i < columns.size(); i++) {
      positions.put(columns.get(i).name(), i);
    }
    this.arity = columns.size();
  }

  public Row row() {
    return new Row(new GenericRowData(arity));
  }

  /** A row under construction. */
  public final class Row {
    private final GenericRowData data;

    private Row(GenericRowData data) {
      this.data = data;
    }

    private int pos(String column) {
      Integer p = positions.get(column);
      if (p == null) {
        throw new IllegalArgumentException("no column '" + column + "' in " + positions.keySet());
      }
      return p;
    }

    /** Sets a column that only some tables have (promoted by a schema change); a no-op elsewhere. */
    public Row strIfPresent(String column, String value) {
      return positions.containsKey(column) ? str(column, value) : this;
    }

    /** Sets a column that only some tables have (promoted by a schema change); a no-op elsewhere. */
    public Row integerIfPresent(String column, Integer value) {
      return positions.containsKey(column) ? integer(column, value) : this;
    }

    public Row str(String column, String value) {
      data.setField(pos(column), value == null ? null : StringData.fromString(value));
      return this;
    }

    public Row ts(String column, Instant value) {
      data.setField(pos(column), value == null ? null : TimestampData.fromInstant(value));
      return this;
    }

    public Row date(String column, LocalDate value) {
      data.setField(pos(column), value == null ? null : (int) value.toEpochDay());
      return this;
    }

    public Row integer(String column, Integer value) {
      data.setField(pos(column), value);
      return this;
    }

    public Row bigint(String column, Long value) {
      data.setField(pos(column), value);
      return this;
    }

    public Row float64(String column, Double value) {
      data.setField(pos(column), value);
      return this;
    }

    public Row bytes(String column, byte[] value) {
      data.setField(pos(column), value);
      return this;
    }

    public GenericRowData build() {
      return data;
    }
  }
}
