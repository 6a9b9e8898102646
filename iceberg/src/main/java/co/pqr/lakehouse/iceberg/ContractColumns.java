package co.pqr.lakehouse.iceberg;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Typed columns that event contract v2 adds to Bronze and Silver. They are not in {@link
 * LakehouseTables}' schemas: until a lakehouse promotes them ({@code pqr-lakehouse schema promote},
 * a recorded schema change) v2's fields live in Bronze's {@code extra_fields} JSON. Promotion appends
 * them as optional columns, so every row written before reads them as null. Writers fill a promoted
 * column from the next time they open (a restart, e.g. from a savepoint).
 */
public final class ContractColumns {
  public static final String ATTACHMENTS_COUNT = "attachments_count";
  public static final String PREFERRED_LANGUAGE = "preferred_language";

  /** One column a contract version adds. */
  public record Column(String name, Type type, int contractVersion, String doc) {
    public String describe() {
      return "add optional column " + name + " " + type + " (contract v" + contractVersion + ")";
    }
  }

  /** The promotable columns, in the order they are added. */
  public static final List<Column> V2 = List.of(
      new Column(ATTACHMENTS_COUNT, Types.IntegerType.get(), 2,
          "contract v2: number of files the citizen attached; null on rows written before promotion and on v1 events"),
      new Column(PREFERRED_LANGUAGE, Types.StringType.get(), 2,
          "contract v2: ISO 639-1 code of the language the citizen wants the answer in; null before promotion and on v1"));

  /** The tables that get the promoted columns. */
  public static final List<TableIdentifier> TABLES = List.of(LakehouseTables.BRONZE, LakehouseTables.SILVER);

  private ContractColumns() {}

  /** The v2 columns {@code schema} does not have yet. */
  public static List<Column> missing(Schema schema) {
    List<Column> out = new ArrayList<>();
    for (Column c : V2) {
      if (schema.findField(c.name()) == null) {
        out.add(c);
      }
    }
    return out;
  }

  /** Whether {@code table} has every v2 column. */
  public static boolean promoted(Table table) {
    return missing(table.schema()).isEmpty();
  }
}
