package co.pqr.lakehouse.evolution;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Jdbc;
import co.pqr.lakehouse.iceberg.ContractColumns;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Promotes contract v2's fields to typed Bronze and Silver columns: an Iceberg schema update per
 * table (optional columns appended, so older rows read null), each recorded in {@code
 * control.schema_changes} after it is committed. Idempotent: a table that has the columns is left
 * alone and gets no new row.
 *
 * <p>Safe beside a running stream (its writers keep writing files of the schema they opened with;
 * those rows have the v2 values in {@code extra_fields} only), but the documented upgrade stops the
 * stream with a savepoint first, so that every row after the restart has the typed columns filled.
 */
public final class SchemaPromotion {

  /** One committed schema change. */
  public record Change(String table, String change, int fromSchemaId, int toSchemaId, Instant at, String by) {}

  private SchemaPromotion() {}

  /** The tables that still lack some v2 column, with what is missing. */
  public static List<String> pending(PipelineSettings s) throws Exception {
    List<String> out = new ArrayList<>();
    try (JdbcCatalog catalog = LakehouseCatalog.open(s.catalog())) {
      for (TableIdentifier id : ContractColumns.TABLES) {
        List<ContractColumns.Column> missing = ContractColumns.missing(catalog.loadTable(id).schema());
        if (!missing.isEmpty()) {
          out.add(id + ": " + missing.stream().map(ContractColumns.Column::describe).collect(Collectors.joining(", ")));
        }
      }
    }
    return out;
  }

  /** Applies and records the promotion; returns the changes made (empty if already promoted). */
  public static List<Change> promote(PipelineSettings s, String by) throws Exception {
    List<Change> changes = new ArrayList<>();
    try (JdbcCatalog catalog = LakehouseCatalog.open(s.catalog())) {
      for (TableIdentifier id : ContractColumns.TABLES) {
        Table table = catalog.loadTable(id);
        List<ContractColumns.Column> missing = ContractColumns.missing(table.schema());
        if (missing.isEmpty()) {
          continue;
        }
        int from = table.schema().schemaId();
        UpdateSchema update = table.updateSchema();
        for (ContractColumns.Column c : missing) {
          update.addColumn(c.name(), c.type(), c.doc());
        }
        update.commit();
        table.refresh();
        String change = missing.stream().map(ContractColumns.Column::describe).collect(Collectors.joining("; "));
        Change done = new Change(id.toString(), change, from, table.schema().schemaId(), Instant.now(), by);
        record(s, done);
        changes.add(done);
      }
    }
    return changes;
  }

  private static void record(PipelineSettings s, Change c) throws Exception {
    try (Connection conn = Jdbc.connect(s.pgUrl(), s.pgUser(), s.pgPassword());
        PreparedStatement ps = conn.prepareStatement("INSERT INTO control.schema_changes"
            + " (table_name, change, from_schema_id, to_schema_id, changed_at, changed_by) VALUES (?,?,?,?,?,?)")) {
      ps.setString(1, c.table());
      ps.setString(2, c.change());
      ps.setInt(3, c.fromSchemaId());
      ps.setInt(4, c.toSchemaId());
      ps.setObject(5, c.at().atOffset(ZoneOffset.UTC));
      ps.setString(6, c.by());
      ps.executeUpdate();
    }
  }
}
