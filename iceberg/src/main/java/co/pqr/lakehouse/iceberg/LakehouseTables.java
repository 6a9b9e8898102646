package co.pqr.lakehouse.iceberg;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;

/**
 * The lakehouse's Iceberg tables: their schemas, partitioning and locations under the stable
 * layout {@code {warehouse}/bronze/…} and {@code {warehouse}/silver/…}. All tables are format v2,
 * Parquet, append-only.
 */
public final class LakehouseTables {

  public static final TableIdentifier BRONZE = TableIdentifier.of("bronze", "pqr_events");
  public static final TableIdentifier QUARANTINE = TableIdentifier.of("bronze", "pqr_quarantine");
  public static final TableIdentifier SILVER = TableIdentifier.of("silver", "pqr_events");

  /** Snapshot summary property carrying the run that wrote a commit. */
  public static final String RUN_ID_PROPERTY = "pqr.run-id";
  /** Snapshot summary property that makes a commit idempotent across restarts. */
  public static final String COMMIT_KEY_PROPERTY = "pqr.commit-key";

  public static final Schema BRONZE_SCHEMA =
      new Schema(
          required(1, "event_id", Types.StringType.get()),
          required(2, "schema_version", Types.IntegerType.get()),
          required(3, "event_type", Types.StringType.get()),
          required(4, "event_time", Types.TimestampType.withZone()),
          required(5, "pqr_id", Types.StringType.get()),
          required(6, "tenant_id", Types.StringType.get()),
          optional(7, "channel", Types.StringType.get()),
          optional(8, "pqr_type", Types.StringType.get()),
          optional(9, "subject", Types.StringType.get()),
          optional(10, "description", Types.StringType.get()),
          optional(11, "citizen_document_type", Types.StringType.get()),
          optional(12, "citizen_document_number", Types.StringType.get()),
          optional(13, "citizen_name", Types.StringType.get()),
          optional(14, "citizen_email", Types.StringType.get()),
          optional(15, "citizen_phone", Types.StringType.get()),
          optional(16, "location_dane_code", Types.StringType.get()),
          optional(17, "location_department", Types.StringType.get()),
          optional(18, "location_city", Types.StringType.get()),
          optional(19, "assignee", Types.StringType.get()),
          optional(20, "response", Types.StringType.get()),
          optional(21, "extra_fields", Types.StringType.get()),
          required(22, "payload", Types.BinaryType.get()),
          required(23, "source_topic", Types.StringType.get()),
          required(24, "source_partition", Types.IntegerType.get()),
          required(25, "source_offset", Types.LongType.get()),
          required(26, "source_timestamp", Types.TimestampType.withZone()),
          required(27, "run_id", Types.StringType.get()),
          required(28, "ingested_at", Types.TimestampType.withZone()));

  public static final Schema QUARANTINE_SCHEMA =
      new Schema(
          required(1, "source_topic", Types.StringType.get()),
          required(2, "source_partition", Types.IntegerType.get()),
          required(3, "source_offset", Types.LongType.get()),
          required(4, "source_timestamp", Types.TimestampType.withZone()),
          optional(5, "record_key", Types.BinaryType.get()),
          required(6, "payload", Types.BinaryType.get()),
          required(7, "reason_code", Types.StringType.get()),
          required(8, "reason", Types.StringType.get()),
          required(9, "run_id", Types.StringType.get()),
          required(10, "quarantined_at", Types.TimestampType.withZone()));

  public static final Schema SILVER_SCHEMA =
      new Schema(
          required(1, "event_id", Types.StringType.get()),
          required(2, "event_type", Types.StringType.get()),
          required(3, "event_time", Types.TimestampType.withZone()),
          required(4, "event_date", Types.DateType.get()),
          required(5, "tenant_id", Types.StringType.get()),
          required(6, "pqr_id", Types.StringType.get()),
          optional(7, "channel", Types.StringType.get()),
          optional(8, "pqr_type", Types.StringType.get()),
          optional(9, "subject", Types.StringType.get()),
          optional(10, "description", Types.StringType.get()),
          optional(11, "assignee", Types.StringType.get()),
          optional(12, "response", Types.StringType.get()),
          optional(13, "citizen_token", Types.StringType.get()),
          optional(14, "citizen_document_type", Types.StringType.get()),
          optional(15, "dane_code", Types.StringType.get()),
          optional(16, "department", Types.StringType.get()),
          optional(17, "city", Types.StringType.get()),
          optional(18, "filed_date", Types.DateType.get()),
          optional(19, "term_business_days", Types.IntegerType.get()),
          optional(20, "due_date", Types.DateType.get()),
          required(21, "source_topic", Types.StringType.get()),
          required(22, "source_partition", Types.IntegerType.get()),
          required(23, "source_offset", Types.LongType.get()),
          required(24, "run_id", Types.StringType.get()),
          required(25, "processed_at", Types.TimestampType.withZone()),
          optional(26, "inferred_type", Types.StringType.get()),
          optional(27, "category", Types.StringType.get()),
          optional(28, "sentiment", Types.StringType.get()),
          optional(29, "urgency", Types.StringType.get()),
          optional(30, "type_confidence", Types.DoubleType.get()),
          optional(31, "category_confidence", Types.DoubleType.get()),
          optional(32, "sentiment_confidence", Types.DoubleType.get()),
          optional(33, "urgency_confidence", Types.DoubleType.get()),
          optional(34, "model_version", Types.StringType.get()),
          optional(35, "shadow_model_version", Types.StringType.get()),
          optional(36, "shadow_inferred_type", Types.StringType.get()),
          optional(37, "shadow_category", Types.StringType.get()),
          optional(38, "shadow_sentiment", Types.StringType.get()),
          optional(39, "shadow_urgency", Types.StringType.get()));

  /**
   * Columns of personal data (or of the original bytes that contain it) whose values must not be copied
   * into Iceberg metadata. By default Iceberg stores each column's lower and upper bound (16-character
   * prefixes) in the manifests, and the Flink writers carry them in checkpoint state: for these columns
   * that would be names, e-mails and document numbers outside the data files, surviving a rewrite of the
   * files until the manifests go too. Free text and payloads are never used to prune a scan, so these
   * columns keep only value and null counts ({@code write.metadata.metrics.column.<col>=counts}).
   */
  static final Map<TableIdentifier, List<String>> COUNTS_ONLY_COLUMNS = Map.of(
      BRONZE, List.of("subject", "description", "citizen_document_number", "citizen_name", "citizen_email",
          "citizen_phone", "response", "extra_fields", "payload"),
      QUARANTINE, List.of("record_key", "payload"));

  private LakehouseTables() {}

  /** The table properties that keep personal data out of {@code id}'s column bounds. */
  static Map<String, String> metricsProperties(TableIdentifier id) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String column : COUNTS_ONLY_COLUMNS.getOrDefault(id, List.of())) {
      out.put(TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + column, "counts");
    }
    return out;
  }

  /** Sets the properties of {@link #metricsProperties} that an older table lacks. */
  static void addMissingMetricsProperties(Table table, TableIdentifier id) {
    org.apache.iceberg.UpdateProperties update = null;
    for (Map.Entry<String, String> p : metricsProperties(id).entrySet()) {
      if (!p.getValue().equals(table.properties().get(p.getKey()))) {
        if (update == null) {
          update = table.updateProperties();
        }
        update.set(p.getKey(), p.getValue());
      }
    }
    if (update != null) {
      update.commit();
    }
  }

  public static Schema schemaOf(TableIdentifier id) {
    if (id.equals(BRONZE)) {
      return BRONZE_SCHEMA;
    } else if (id.equals(QUARANTINE)) {
      return QUARANTINE_SCHEMA;
    } else if (id.equals(SILVER)) {
      return SILVER_SCHEMA;
    }
    throw new IllegalArgumentException("not a lakehouse table: " + id);
  }

  static PartitionSpec specOf(TableIdentifier id) {
    Schema schema = schemaOf(id);
    if (id.equals(QUARANTINE)) {
      return PartitionSpec.builderFor(schema).day("source_timestamp").build();
    }
    return PartitionSpec.builderFor(schema).identity("tenant_id").day("event_time").build();
  }

  /** Creates the namespaces and tables that do not exist yet; safe to call from several JVMs. */
  public static void ensureCreated(Catalog catalog, CatalogSettings settings) {
    for (TableIdentifier id : List.of(BRONZE, QUARANTINE, SILVER)) {
      Namespace ns = id.namespace();
      if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(ns)) {
        try {
          namespaces.createNamespace(ns);
        } catch (AlreadyExistsException raced) {
          // another process created it first
        }
      }
      if (catalog.tableExists(id)) {
        Table existing = catalog.loadTable(id);
        addMissingColumns(existing, schemaOf(id));
        addMissingMetricsProperties(existing, id);
        String location = existing.location();
        String expected = settings.layerLocation(ns.level(0)) + "/" + id.name();
        if (!location.equals(expected) && !location.equals("file:" + expected)) {
          throw new IllegalStateException("this database's Iceberg catalog already has " + id + " at " + location
              + ", but the configured warehouse puts it at " + expected
              + ": use the same --warehouse with this database, or a fresh --pg-url database");
        }
      } else {
        try {
          catalog
              .buildTable(id, schemaOf(id))
              .withPartitionSpec(specOf(id))
              .withLocation(settings.layerLocation(ns.level(0)) + "/" + id.name())
              .withProperties(
                  Map.of(
                      TableProperties.FORMAT_VERSION, "2",
                      TableProperties.DEFAULT_FILE_FORMAT, "parquet",
                      TableProperties.PARQUET_COMPRESSION, "zstd"))
              .withProperties(metricsProperties(id))
              .create();
        } catch (AlreadyExistsException raced) {
          // another process created it first
        }
      }
    }
  }

  /**
   * Additive schema evolution: columns of the current definition that an older table lacks are
   * appended as optional columns (old rows read them as null). Anything else is left alone.
   */
  static void addMissingColumns(Table table, Schema wanted) {
    org.apache.iceberg.UpdateSchema update = null;
    for (Types.NestedField f : wanted.columns()) {
      if (table.schema().findField(f.name()) == null) {
        if (update == null) {
          update = table.updateSchema();
        }
        update.addColumn(f.name(), f.type(), f.doc());
      }
    }
    if (update != null) {
      update.commit();
    }
  }

  public static Table load(Catalog catalog, TableIdentifier id) {
    return catalog.loadTable(id);
  }
}
