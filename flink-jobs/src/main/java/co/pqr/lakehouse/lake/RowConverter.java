package co.pqr.lakehouse.lake;

import java.io.Serializable;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.Schema;

/** Turns a pipeline record into the Iceberg table's row. */
@FunctionalInterface
public interface RowConverter<T> extends Serializable {
  RowData toRow(T record);

  /**
   * The converter for the table's schema as loaded when a writer opens: a promoted column (schema
   * change recorded in control.schema_changes) is filled from then on. By default the row layout is
   * the code's own schema.
   */
  default RowConverter<T> forSchema(Schema tableSchema) {
    return this;
  }
}
