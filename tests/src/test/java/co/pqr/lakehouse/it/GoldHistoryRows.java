package co.pqr.lakehouse.it;

import co.pqr.lakehouse.iceberg.GoldTables;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;

/** Gold rows as comparable text lines, read from Postgres and from the Iceberg Gold history. */
final class GoldHistoryRows {
  private GoldHistoryRows() {}

  /** Postgres' rows of one Gold table, sorted. */
  static List<String> postgres(TestLakehouse lake, GoldTables.Spec spec) throws Exception {
    List<Types.NestedField> columns = spec.postgresColumns();
    List<String> out = new ArrayList<>();
    try (Connection c = lake.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + columns.stream().map(Types.NestedField::name)
            .collect(Collectors.joining(", ")) + " FROM " + spec.postgresTable())) {
      while (rs.next()) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
          Object v = columns.get(i).type().typeId() == org.apache.iceberg.types.Type.TypeID.TIMESTAMP
              ? rs.getObject(i + 1, OffsetDateTime.class) : rs.getObject(i + 1);
          values.add(v);
        }
        out.add(line(values));
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  /** The rows tagged with {@code runId} in the table as of {@code snapshotId}, sorted. */
  static List<String> iceberg(TestLakehouse lake, GoldTables.Spec spec, long snapshotId, String runId) throws Exception {
    List<String> out = new ArrayList<>();
    try (JdbcCatalog catalog = LakehouseCatalog.open(lake.settings.catalog())) {
      Table table = catalog.loadTable(spec.id());
      try (CloseableIterable<Record> rows = IcebergGenerics.read(table).useSnapshot(snapshotId)
          .where(Expressions.equal("run_id", runId)).build()) {
        for (Record r : rows) {
          List<Object> values = new ArrayList<>();
          for (Types.NestedField f : spec.postgresColumns()) {
            values.add(r.getField(f.name()));
          }
          out.add(line(values));
        }
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  /** Every row of the table as of {@code snapshotId} (all runs), count only. */
  static long countAsOf(TestLakehouse lake, GoldTables.Spec spec, long snapshotId) throws Exception {
    try (JdbcCatalog catalog = LakehouseCatalog.open(lake.settings.catalog());
        CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(spec.id())).useSnapshot(snapshotId).build()) {
      long n = 0;
      for (Record ignored : rows) {
        n++;
      }
      return n;
    }
  }

  /** The table's snapshots in commit order, as (run id, snapshot id). */
  static List<Snapshot> snapshots(TestLakehouse lake, GoldTables.Spec spec) throws Exception {
    List<Snapshot> out = new ArrayList<>();
    lake.table(spec.id()).snapshots().forEach(out::add);
    return out;
  }

  static String runOf(Snapshot s) {
    return s.summary().get(LakehouseTables.RUN_ID_PROPERTY);
  }

  private static String line(List<Object> values) {
    StringBuilder sb = new StringBuilder();
    for (Object v : values) {
      if (v instanceof OffsetDateTime t) {
        v = t.toInstant();
      } else if (v instanceof java.sql.Date d) {
        v = d.toLocalDate();
      } else if (v instanceof Double d) {
        v = Math.round(d * 1e9) / 1e9;
      }
      sb.append(v).append('|');
    }
    return sb.toString();
  }
}
