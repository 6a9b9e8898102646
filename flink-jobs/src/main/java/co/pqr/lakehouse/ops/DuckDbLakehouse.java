package co.pqr.lakehouse.ops;

import co.pqr.lakehouse.iceberg.LocalFileIO;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A second engine over the lakehouse: an in-memory DuckDB whose views {@code bronze.pqr_events},
 * {@code bronze.pqr_quarantine} and {@code silver.pqr_events} read exactly the Parquet data files of
 * one snapshot per table (Iceberg plans the files; DuckDB reads them). The tables are append-only,
 * so the data files are the table (see {@link RunSnapshots#dataFiles}). Files of a local warehouse
 * are read in place; files on an object store are first copied through the table's Iceberg FileIO
 * into a temporary folder (DuckDB's S3 support is an extension it would download), which suits
 * modest snapshots. Columns are matched by name across files, so additive schema changes read as null.
 */
public final class DuckDbLakehouse implements AutoCloseable {
  private final Connection duck;
  private Path copies;

  /** The rows of a query: column names and each row's values rendered as text (null stays null). */
  public record Result(List<String> columns, List<List<String>> rows) {}

  private DuckDbLakehouse(Connection duck) {
    this.duck = duck;
  }

  /** DuckDB with one view per lakehouse table, each reading the given snapshot (null: an empty view). */
  public static DuckDbLakehouse open(Catalog catalog, Map<TableIdentifier, Long> snapshots) throws Exception {
    Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
    DuckDbLakehouse lake = new DuckDbLakehouse(c);
    try {
      try (Statement st = c.createStatement()) {
        // nothing is ever downloaded at query time
        st.execute("SET autoinstall_known_extensions = false");
        st.execute("SET autoload_known_extensions = false");
        try {
          st.execute("SET TimeZone = 'UTC'");
        } catch (SQLException noIcu) {
          // without ICU, timestamps with time zone print in UTC anyway
        }
      }
      for (Map.Entry<TableIdentifier, Long> e : snapshots.entrySet()) {
        lake.createView(catalog.loadTable(e.getKey()), e.getKey(), e.getValue());
      }
      return lake;
    } catch (Exception e) {
      lake.close();
      throw e;
    }
  }

  private void createView(Table table, TableIdentifier id, Long snapshotId) throws Exception {
    String schema = id.namespace().level(0);
    String view = quote(schema) + "." + quote(id.name());
    List<DataFile> files = RunSnapshots.dataFiles(table, snapshotId);
    String body;
    if (files.isEmpty()) {
      StringJoiner cols = new StringJoiner(", ");
      Schema s = RunSnapshots.schemaAt(table, snapshotId);
      for (Types.NestedField f : s.columns()) {
        cols.add("CAST(NULL AS " + duckType(f.type()) + ") AS " + quote(f.name()));
      }
      body = "SELECT " + cols + " WHERE false";
    } else {
      StringJoiner paths = new StringJoiner(", ", "[", "]");
      for (DataFile f : files) {
        paths.add("'" + localPath(table, f).replace("'", "''") + "'");
      }
      body = "SELECT * FROM read_parquet(" + paths + ", union_by_name = true)";
    }
    try (Statement st = duck.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
      st.execute("CREATE OR REPLACE VIEW " + view + " AS " + body);
    }
  }

  private String localPath(Table table, DataFile file) throws IOException {
    String location = file.location();
    if (LocalFileIO.isLocal(location)) {
      return location.startsWith("file:") ? java.net.URI.create(location).getPath() : location;
    }
    if (copies == null) {
      copies = Files.createTempDirectory("pqr-query-");
    }
    Path target = copies.resolve(Integer.toHexString(location.hashCode()) + "-" + location.substring(location.lastIndexOf('/') + 1));
    try (InputStream in = table.io().newInputFile(location).newStream()) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target.toString();
  }

  /** Runs one SQL statement and returns all its rows. */
  public Result query(String sql) throws SQLException {
    try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i));
      }
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns.size());
        for (int i = 1; i <= columns.size(); i++) {
          Object v = rs.getObject(i);
          row.add(v == null ? null : v instanceof java.sql.Blob blob ? text(blob.getBytes(1, (int) blob.length()))
              : v instanceof byte[] b ? text(b) : rs.getString(i));
        }
        rows.add(row);
      }
      return new Result(columns, rows);
    }
  }

  /** Bytes as text when they are UTF-8 (payloads are JSON as received), else as 0x-prefixed hex. */
  static String text(byte[] bytes) {
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException notText) {
      return "0x" + java.util.HexFormat.of().formatHex(bytes);
    }
  }

  /** A single number, e.g. {@code SELECT count(*) FROM silver.pqr_events}. */
  public long scalar(String sql) throws SQLException {
    try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String duckType(Type type) {
    return switch (type.typeId()) {
      case STRING, UUID -> "VARCHAR";
      case INTEGER -> "INTEGER";
      case LONG -> "BIGINT";
      case DOUBLE -> "DOUBLE";
      case FLOAT -> "FLOAT";
      case BOOLEAN -> "BOOLEAN";
      case DATE -> "DATE";
      case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? "TIMESTAMPTZ" : "TIMESTAMP";
      case BINARY, FIXED -> "BLOB";
      case DECIMAL -> "DECIMAL(" + ((Types.DecimalType) type).precision() + "," + ((Types.DecimalType) type).scale() + ")";
      default -> "VARCHAR";
    };
  }

  @Override
  public void close() throws SQLException {
    try {
      duck.close();
    } finally {
      if (copies != null) {
        try (var walk = Files.walk(copies)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
          // a temporary folder
        }
      }
    }
  }
}
