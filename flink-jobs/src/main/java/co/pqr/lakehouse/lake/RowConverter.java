package co.pqr.lakehouse.lake;

import java.io.Serializable;
import org.apache.flink.table.data.RowData;

/** Turns a pipeline record into the Iceberg table's row. */
@FunctionalInterface
public interface RowConverter<T> extends Serializable {
  RowData toRow(T record);
}
