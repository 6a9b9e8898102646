package co.pqr.lakehouse.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Test support: searches a lakehouse for test citizens' identifiers, decoding every file through its
 * format (compressed pages and Avro blocks are never grepped as bytes).
 *
 * <ul>
 *   <li>Parquet files (Raw, and Iceberg data files of Bronze, quarantine and Silver): every value of every
 *       column and row (parquet-hadoop's example reader), the footer's column statistics (min/max), the
 *       page-level column indexes and the footer's key-value metadata.
 *   <li>Avro files (Iceberg manifest lists and manifests): every field of every record, with the
 *       {@code lower_bounds}/{@code upper_bounds} maps decoded per column type with Iceberg's
 *       {@link Conversions#fromByteBuffer} (the column types from the schema the manifest carries), and the
 *       file's metadata.
 *   <li>Metadata JSON files as text. Any other file fails the scan: nothing is left unread.
 *   <li>Postgres: every row of every table in the given schemas, every column as text (bytea as UTF-8).
 *   <li>Text (logs, command output).
 * </ul>
 *
 * Identifiers are matched loosely: document numbers and phones as digit runs whatever the separators
 * ("79.845.123", "315 777 8899", "+57 3157778899"); e-mails and their local part case-insensitively;
 * the full name and each surname case- and accent-insensitively.
 */
final class PersonalDataScanner {
  private static final Pattern DIGIT_RUN = Pattern.compile("\\d(?:[ .,\\-()]{0,2}\\d)*");
  private static final Pattern COMBINING = Pattern.compile("\\p{M}+");

  /** One test citizen's identifiers; {@code surnames} are searched on their own too. */
  record Citizen(String label, String documentNumber, String email, String phone, String name,
      List<String> surnames) {

    /** The identifiers {@code text} holds, by kind ("document", "email", "phone", "name"). */
    List<String> foundIn(Normalized text) {
      List<String> found = new ArrayList<>();
      if (documentNumber != null && text.digits.contains(documentNumber)) {
        found.add("document");
      }
      if (phone != null && text.digits.contains(phone)) {
        found.add("phone");
      }
      if (email != null && (text.lower.contains(email.toLowerCase(Locale.ROOT))
          || text.lower.contains(email.substring(0, email.indexOf('@')).toLowerCase(Locale.ROOT)))) {
        found.add("email");
      }
      if (name != null && (text.folded.contains(fold(name)) || surnames.stream().anyMatch(s -> text.folded.contains(fold(s))))) {
        found.add("name");
      }
      return found;
    }
  }

  /** A text in the three forms the identifiers are matched against, computed once. */
  record Normalized(String digits, String lower, String folded) {
    static Normalized of(String text) {
      return new Normalized(digitRuns(text), text.toLowerCase(Locale.ROOT), fold(text));
    }
  }

  /** Where an identifier was found. */
  record Hit(String citizen, String identifier, String layer, String kind, String column, String where) {
    @Override
    public String toString() {
      return citizen + " " + identifier + " in " + layer + " " + kind + (column == null ? "" : " column " + column)
          + " (" + where + ")";
    }
  }

  private static final Configuration LOCAL = new Configuration(false);

  static {
    LOCAL.set("fs.file.impl", RawLocalFileSystem.class.getName());
  }

  private final List<Citizen> citizens;
  private final List<Hit> hits = new ArrayList<>();
  private int filesRead;
  private final Map<String, Integer> filesPerLayer = new java.util.TreeMap<>();
  private long boundsDecoded;

  PersonalDataScanner(List<Citizen> citizens) {
    this.citizens = citizens;
  }

  List<Hit> hits() {
    return hits;
  }

  int filesRead() {
    return filesRead;
  }

  /** Files read per layer, e.g. {bronze=40, raw=6, ...}. */
  Map<String, Integer> filesPerLayer() {
    return filesPerLayer;
  }

  long boundsDecoded() {
    return boundsDecoded;
  }

  /** Hits of one citizen in one layer, optionally of one kind. */
  List<Hit> hits(String citizen, String layer, String kind) {
    return hits.stream().filter(h -> h.citizen().equals(citizen) && h.layer().equals(layer)
        && (kind == null || h.kind().equals(kind))).toList();
  }

  List<Hit> hitsOf(String citizen) {
    return hits.stream().filter(h -> h.citizen().equals(citizen)).toList();
  }

  // ------------------------------------------------------------------------------------ warehouse

  /** Reads every file under the warehouse folder. */
  PersonalDataScanner scanWarehouse(Path warehouse) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(warehouse)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String rel = warehouse.relativize(file).toString().replace('\\', '/');
      String layer = layer(rel);
      String name = file.getFileName().toString();
      filesRead++;
      filesPerLayer.merge(layer, 1, Integer::sum);
      if (name.endsWith(".metadata.json")) {
        search(Files.readString(file, StandardCharsets.UTF_8), layer, "metadata-json", null, rel);
      } else if (name.endsWith(".avro")) {
        scanAvro(file, layer, rel);
      } else if (name.contains(".parquet")) {
        scanParquet(file, layer, rel);
      } else {
        throw new IllegalStateException("the scanner cannot decode " + rel + ": teach it this format");
      }
    }
    return this;
  }

  static String layer(String relative) {
    if (relative.startsWith("raw/")) {
      return "raw";
    } else if (relative.startsWith("bronze/pqr_events/")) {
      return "bronze";
    } else if (relative.startsWith("bronze/pqr_quarantine/")) {
      return "quarantine";
    } else if (relative.startsWith("silver/")) {
      return "silver";
    }
    return "other:" + relative.substring(0, Math.max(0, relative.indexOf('/')));
  }

  private void scanParquet(Path file, String layer, String where) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), LOCAL))) {
      for (Map.Entry<String, String> kv : reader.getFooter().getFileMetaData().getKeyValueMetaData().entrySet()) {
        search(kv.getValue(), layer, "parquet-footer", kv.getKey(), where);
      }
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      for (BlockMetaData block : reader.getFooter().getBlocks()) {
        for (ColumnChunkMetaData column : block.getColumns()) {
          String col = column.getPath().toDotString();
          Statistics<?> stats = column.getStatistics();
          if (stats != null && stats.hasNonNullValue()) {
            search(text(stats.getMinBytes()), layer, "parquet-stats", col, where);
            search(text(stats.getMaxBytes()), layer, "parquet-stats", col, where);
          }
          ColumnIndex index = reader.readColumnIndex(column);
          if (index != null) {
            for (ByteBuffer b : index.getMinValues()) {
              search(text(b), layer, "column-index", col, where);
            }
            for (ByteBuffer b : index.getMaxValues()) {
              search(text(b), layer, "column-index", col, where);
            }
          }
        }
      }
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          scanGroup(records.read(), "", layer, where);
        }
      }
    }
  }

  private void scanGroup(Group g, String prefix, String layer, String where) {
    GroupType type = g.getType();
    for (int f = 0; f < type.getFieldCount(); f++) {
      String col = prefix + type.getFieldName(f);
      for (int r = 0; r < g.getFieldRepetitionCount(f); r++) {
        if (type.getType(f).isPrimitive()) {
          PrimitiveType p = type.getType(f).asPrimitiveType();
          String value = switch (p.getPrimitiveTypeName()) {
            case BINARY, FIXED_LEN_BYTE_ARRAY -> new String(g.getBinary(f, r).getBytes(), StandardCharsets.UTF_8);
            default -> g.getValueToString(f, r);
          };
          search(value, layer, "data", col, where);
        } else {
          scanGroup(g.getGroup(f, r), col + ".", layer, where);
        }
      }
    }
  }

  private void scanAvro(Path file, String layer, String where) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        DataFileStream<GenericRecord> stream = new DataFileStream<>(in, new GenericDatumReader<>())) {
      Schema tableSchema = null;
      for (String key : stream.getMetaKeys()) {
        String value = new String(stream.getMeta(key), StandardCharsets.UTF_8);
        search(value, layer, "avro-metadata", key, where);
        if (key.equals("schema")) {
          tableSchema = SchemaParser.fromJson(value);
        }
      }
      String kind = tableSchema == null ? "manifest-list" : "manifest";
      for (GenericRecord record : stream) {
        scanAvroValue(record, "", tableSchema, layer, kind, where);
      }
    }
  }

  private void scanAvroValue(Object value, String path, Schema tableSchema, String layer, String kind, String where) {
    if (value == null) {
      return;
    }
    if (value instanceof GenericRecord r) {
      for (org.apache.avro.Schema.Field f : r.getSchema().getFields()) {
        Object v = r.get(f.pos());
        if ((f.name().equals("lower_bounds") || f.name().equals("upper_bounds")) && v instanceof List<?> bounds) {
          for (Object entry : bounds) {
            GenericRecord kv = (GenericRecord) entry;
            int fieldId = (Integer) kv.get("key");
            ByteBuffer bytes = (ByteBuffer) kv.get("value");
            Type type = tableSchema == null ? null : tableSchema.findType(fieldId);
            String column = tableSchema == null ? "field " + fieldId : tableSchema.findColumnName(fieldId);
            String decoded = type == null ? text(bytes) : String.valueOf(decode(type, bytes));
            boundsDecoded++;
            search(decoded, layer, "manifest-bounds", column, where);
          }
        } else {
          scanAvroValue(v, path + f.name() + ".", tableSchema, layer, kind, where);
        }
      }
    } else if (value instanceof List<?> list) {
      list.forEach(v -> scanAvroValue(v, path, tableSchema, layer, kind, where));
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        search(String.valueOf(k), layer, kind, path, where);
        scanAvroValue(v, path, tableSchema, layer, kind, where);
      });
    } else if (value instanceof ByteBuffer b) {
      search(text(b), layer, kind, path, where);
    } else {
      search(String.valueOf(value), layer, kind, path, where);
    }
  }

  private static Object decode(Type type, ByteBuffer bytes) {
    Object v = Conversions.fromByteBuffer(type, bytes.duplicate());
    return v instanceof ByteBuffer b ? text(b) : v;
  }

  // ------------------------------------------------------------------------------------ Postgres and text

  /** Every row of every table in {@code schemas}; returns the number of rows read. */
  long scanPostgres(Connection c, String... schemas) throws SQLException {
    long rows = 0;
    List<String> tables = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables"
            + " WHERE table_type = 'BASE TABLE' AND table_schema = ANY(ARRAY['" + String.join("','", schemas) + "'])")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    for (String table : tables) {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          rows++;
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            String text = v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v == null ? null : v.toString();
            search(text, "postgres", table, meta.getColumnName(i), table);
          }
        }
      }
    }
    return rows;
  }

  PersonalDataScanner scanText(String text, String layer, String where) {
    search(text, layer, "text", null, where);
    return this;
  }

  // ------------------------------------------------------------------------------------ matching

  private void search(String text, String layer, String kind, String column, String where) {
    if (text == null || text.isEmpty()) {
      return;
    }
    Normalized normalized = Normalized.of(text);
    for (Citizen c : citizens) {
      for (String identifier : c.foundIn(normalized)) {
        hits.add(new Hit(c.label(), identifier, layer, kind, column, where));
      }
    }
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static String text(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Every digit run with its separators removed, each between bars: "|79845123|3157778899|". */
  static String digitRuns(String text) {
    StringBuilder out = new StringBuilder("|");
    Matcher m = DIGIT_RUN.matcher(text);
    while (m.find()) {
      out.append(m.group().replaceAll("[^0-9]", "")).append('|');
    }
    return out.toString();
  }

  static String fold(String value) {
    return COMBINING.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
  }
}
