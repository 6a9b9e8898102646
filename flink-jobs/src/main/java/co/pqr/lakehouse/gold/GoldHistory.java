package co.pqr.lakehouse.gold;

import co.pqr.lakehouse.iceberg.GoldTables;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.lake.RowDataBuilder;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.RowDataTaskWriterFactory;
import org.apache.iceberg.io.TaskWriter;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Appends Postgres Gold, as it is now, to the Iceberg {@link GoldTables} as one snapshot per table
 * tagged with a run id. The three tables are read in one repeatable-read transaction, so the
 * snapshots agree with each other. Idempotent per run: a table whose history already has a snapshot
 * with the run's commit key is skipped (a run close replayed after a restart adds nothing).
 */
public final class GoldHistory {
  private static final long TARGET_FILE_SIZE = 128L * 1024 * 1024;

  private GoldHistory() {}

  /** The Postgres Gold a job copies from (serializable: it travels with the operators that copy). */
  public record Target(String pgUrl, String pgUser, String pgPassword) implements java.io.Serializable {
    /** Appends run {@code runId}'s Gold history; rows appended per table. */
    public Map<String, Integer> append(Catalog catalog, String runId, int attempt) throws SQLException, IOException {
      try (Connection pg = co.pqr.lakehouse.db.Jdbc.connect(pgUrl, pgUser, pgPassword)) {
        return GoldHistory.append(pg, catalog, runId, attempt);
      }
    }

    @Override
    public String toString() {
      return "GoldHistory.Target[" + pgUrl + " as " + pgUser + ", password <hidden>]";
    }
  }

  /** Rows appended per table (0 where the run's snapshot existed already). */
  public static Map<String, Integer> append(Connection pg, Catalog catalog, String runId, int attempt)
      throws SQLException, IOException {
    Map<GoldTables.Spec, Table> todo = new LinkedHashMap<>();
    Map<String, Integer> appended = new LinkedHashMap<>();
    for (GoldTables.Spec spec : GoldTables.ALL) {
      Table table = catalog.loadTable(spec.id());
      appended.put(spec.id().toString(), 0);
      if (snapshotOf(table, runId) == null) {
        todo.put(spec, table);
      }
    }
    if (todo.isEmpty()) {
      return appended;
    }
    Map<GoldTables.Spec, List<RowData>> rows = read(pg, todo.keySet(), runId);
    for (Map.Entry<GoldTables.Spec, Table> e : todo.entrySet()) {
      List<RowData> tableRows = rows.get(e.getKey());
      commit(e.getValue(), tableRows, runId, attempt);
      appended.put(e.getKey().id().toString(), tableRows.size());
    }
    return appended;
  }

  /** The snapshot of {@code table} that holds run {@code runId}'s Gold, or null. */
  public static Snapshot snapshotOf(Table table, String runId) {
    String key = GoldTables.commitKey(runId);
    for (Snapshot s : table.snapshots()) {
      if (key.equals(s.summary().get(LakehouseTables.COMMIT_KEY_PROPERTY))) {
        return s;
      }
    }
    return null;
  }

  private static Map<GoldTables.Spec, List<RowData>> read(Connection pg, Iterable<GoldTables.Spec> specs, String runId)
      throws SQLException {
    boolean autoCommit = pg.getAutoCommit();
    int isolation = pg.getTransactionIsolation();
    pg.setAutoCommit(false);
    pg.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    Map<GoldTables.Spec, List<RowData>> out = new LinkedHashMap<>();
    try (Statement st = pg.createStatement()) {
      for (GoldTables.Spec spec : specs) {
        List<Types.NestedField> columns = spec.postgresColumns();
        RowDataBuilder builder = new RowDataBuilder(spec.schema());
        List<RowData> rows = new ArrayList<>();
        String sql = "SELECT " + columns.stream().map(Types.NestedField::name).collect(Collectors.joining(", "))
            + " FROM " + spec.postgresTable();
        try (ResultSet rs = st.executeQuery(sql)) {
          while (rs.next()) {
            RowDataBuilder.Row row = builder.row().str("run_id", runId);
            for (int i = 0; i < columns.size(); i++) {
              set(row, columns.get(i), rs, i + 1);
            }
            rows.add(row.build());
          }
        }
        out.put(spec, rows);
      }
      pg.commit();
    } catch (SQLException e) {
      pg.rollback();
      throw e;
    } finally {
      pg.setTransactionIsolation(isolation);
      pg.setAutoCommit(autoCommit);
    }
    return out;
  }

  private static void set(RowDataBuilder.Row row, Types.NestedField column, ResultSet rs, int index)
      throws SQLException {
    String name = column.name();
    Type.TypeID type = column.type().typeId();
    switch (type) {
      case STRING -> row.str(name, rs.getString(index));
      case DATE -> row.date(name, rs.getObject(index, LocalDate.class));
      case TIMESTAMP -> {
        OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
        row.ts(name, t == null ? null : t.toInstant());
      }
      case INTEGER -> {
        int v = rs.getInt(index);
        row.integer(name, rs.wasNull() ? null : v);
      }
      case DOUBLE -> {
        double v = rs.getDouble(index);
        row.float64(name, rs.wasNull() ? null : v);
      }
      default -> throw new IllegalStateException("no Gold history mapping for " + name + " of type " + type);
    }
  }

  private static void commit(Table table, List<RowData> rows, String runId, int attempt) throws IOException {
    AppendFiles append = table.newAppend();
    if (!rows.isEmpty()) {
      RowDataTaskWriterFactory factory = new RowDataTaskWriterFactory(table, FlinkSchemaUtil.convert(table.schema()),
          TARGET_FILE_SIZE, FileFormat.PARQUET, Map.of(), List.of(), false);
      factory.initialize(0, attempt);
      TaskWriter<RowData> writer = factory.create();
      try {
        for (RowData row : rows) {
          writer.write(row);
        }
      } catch (IOException | RuntimeException e) {
        writer.abort();
        throw e;
      }
      for (DataFile file : writer.complete().dataFiles()) {
        append.appendFile(file);
      }
    }
    // An empty Gold still gets its (empty) snapshot: one snapshot per closed run, always.
    append.set(LakehouseTables.RUN_ID_PROPERTY, runId);
    append.set(LakehouseTables.COMMIT_KEY_PROPERTY, GoldTables.commitKey(runId));
    append.commit();
  }
}
