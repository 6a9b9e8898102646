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
 * Gold's history in the lakehouse ({@code {warehouse}/gold/…}, namespace {@code gold}): at each
 * closed run, the whole of Postgres' {@code gold.pqr_kpi_daily}, {@code gold.pqr_backlog} and
 * {@code gold.pqr_topics_daily} is appended as one snapshot per table, every row tagged with that
 * {@code run_id} (also in the snapshot summary). Reading a run's Gold is {@code run_id = R}, or time
 * travel to the snapshot whose summary names R. Postgres stays the serving copy. {@code
 * gold.pqr_case} is not copied: it is per-case working state that grows with the case count, and
 * Silver already holds its history.
 */
public final class GoldTables {

  /** One Gold table: its Iceberg id, its Postgres table and the columns copied, in order. */
  public record Spec(TableIdentifier id, String postgresTable, Schema schema) {
    /** The copied Postgres columns: every column but the leading {@code run_id}. */
    public List<Types.NestedField> postgresColumns() {
      return schema.columns().subList(1, schema.columns().size());
    }
  }

  public static final Spec KPI_DAILY = new Spec(TableIdentifier.of("gold", "pqr_kpi_daily"), "gold.pqr_kpi_daily",
      new Schema(
          required(1, "run_id", Types.StringType.get()),
          required(2, "tenant_id", Types.StringType.get()),
          required(3, "day", Types.DateType.get()),
          required(4, "channel", Types.StringType.get()),
          required(5, "pqr_type", Types.StringType.get()),
          required(6, "received", Types.IntegerType.get()),
          required(7, "answered", Types.IntegerType.get()),
          required(8, "answered_on_time", Types.IntegerType.get()),
          optional(9, "avg_response_hours", Types.DoubleType.get()),
          required(10, "last_run_id", Types.StringType.get()),
          required(11, "updated_at", Types.TimestampType.withZone())));

  public static final Spec BACKLOG = new Spec(TableIdentifier.of("gold", "pqr_backlog"), "gold.pqr_backlog",
      new Schema(
          required(1, "run_id", Types.StringType.get()),
          required(2, "tenant_id", Types.StringType.get()),
          required(3, "as_of_date", Types.DateType.get()),
          required(4, "open", Types.IntegerType.get()),
          required(5, "overdue", Types.IntegerType.get()),
          required(6, "due_within_3_days", Types.IntegerType.get()),
          required(7, "open_high_urgency", Types.IntegerType.get()),
          required(8, "last_run_id", Types.StringType.get()),
          required(9, "updated_at", Types.TimestampType.withZone())));

  public static final Spec TOPICS_DAILY = new Spec(TableIdentifier.of("gold", "pqr_topics_daily"),
      "gold.pqr_topics_daily",
      new Schema(
          required(1, "run_id", Types.StringType.get()),
          required(2, "tenant_id", Types.StringType.get()),
          required(3, "day", Types.DateType.get()),
          required(4, "category", Types.StringType.get()),
          required(5, "received", Types.IntegerType.get()),
          required(6, "negative_sentiment", Types.IntegerType.get()),
          required(7, "high_urgency", Types.IntegerType.get()),
          required(8, "last_run_id", Types.StringType.get()),
          required(9, "updated_at", Types.TimestampType.withZone())));

  public static final List<Spec> ALL = List.of(KPI_DAILY, BACKLOG, TOPICS_DAILY);

  /** Snapshot summary value of {@link LakehouseTables#COMMIT_KEY_PROPERTY} for run {@code runId}. */
  public static String commitKey(String runId) {
    return "gold|" + runId;
  }

  private GoldTables() {}

  /** Creates the {@code gold} namespace and tables that do not exist yet; safe to call from several JVMs. */
  public static void ensureCreated(Catalog catalog, CatalogSettings settings) {
    Namespace ns = Namespace.of("gold");
    if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(ns)) {
      try {
        namespaces.createNamespace(ns);
      } catch (AlreadyExistsException raced) {
        // another process created it first
      }
    }
    for (Spec spec : ALL) {
      String location = settings.layerLocation("gold") + "/" + spec.id().name();
      if (catalog.tableExists(spec.id())) {
        Table existing = catalog.loadTable(spec.id());
        if (!existing.location().equals(location) && !existing.location().equals("file:" + location)) {
          throw new IllegalStateException("this database's Iceberg catalog already has " + spec.id() + " at "
              + existing.location() + ", but the configured warehouse puts it at " + location);
        }
        continue;
      }
      try {
        catalog.buildTable(spec.id(), spec.schema())
            .withPartitionSpec(PartitionSpec.unpartitioned())
            .withLocation(location)
            .withProperties(Map.of(
                TableProperties.FORMAT_VERSION, "2",
                TableProperties.DEFAULT_FILE_FORMAT, "parquet",
                TableProperties.PARQUET_COMPRESSION, "zstd"))
            .create();
      } catch (AlreadyExistsException raced) {
        // another process created it first
      }
    }
  }
}
