package co.pqr.lakehouse.lake;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.bronze.BronzeEvent;
import co.pqr.lakehouse.iceberg.ContractColumns;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.silver.SilverEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Rows follow the table's schema: promoted v2 columns are filled, an unpromoted table gets v1's layout. */
class TableRowsTest {

  /** The schema a table has after promotion: the code's columns, then the v2 columns with fresh ids. */
  private static Schema promoted(Schema base) {
    List<Types.NestedField> columns = new ArrayList<>(base.columns());
    int id = base.highestFieldId();
    for (ContractColumns.Column c : ContractColumns.V2) {
      columns.add(Types.NestedField.optional(++id, c.name(), c.type()));
    }
    return new Schema(columns);
  }

  private static BronzeEvent bronze() {
    BronzeEvent b = new BronzeEvent();
    b.eventId = "e";
    b.schemaVersion = 2;
    b.eventType = "RADICADA";
    b.eventTime = Instant.parse("2026-03-05T05:00:00Z");
    b.pqrId = "p";
    b.tenantId = "t";
    b.attachmentsCount = 4;
    b.preferredLanguage = "es";
    b.payload = new byte[] {1};
    b.sourceTopic = "pqr";
    b.sourceTimestamp = b.eventTime;
    b.runId = "r";
    b.ingestedAt = b.eventTime;
    return b;
  }

  @Test
  void bronzeRowsHaveTheV2ColumnsOnlyWhereTheTableHasThem() {
    RowConverter<BronzeEvent> v1 = TableRows.bronze();
    RowData unpromoted = v1.forSchema(LakehouseTables.BRONZE_SCHEMA).toRow(bronze());
    assertThat(unpromoted.getArity()).isEqualTo(LakehouseTables.BRONZE_SCHEMA.columns().size());

    Schema schema = promoted(LakehouseTables.BRONZE_SCHEMA);
    RowData row = v1.forSchema(schema).toRow(bronze());
    assertThat(row.getArity()).isEqualTo(schema.columns().size());
    int attachments = schema.columns().indexOf(schema.findField(ContractColumns.ATTACHMENTS_COUNT));
    int language = schema.columns().indexOf(schema.findField(ContractColumns.PREFERRED_LANGUAGE));
    assertThat(row.getInt(attachments)).isEqualTo(4);
    assertThat(row.getString(language).toString()).isEqualTo("es");

    BronzeEvent v1Event = bronze();
    v1Event.attachmentsCount = null;
    v1Event.preferredLanguage = null;
    RowData v1Row = v1.forSchema(schema).toRow(v1Event);
    assertThat(v1Row.isNullAt(attachments)).isTrue();
    assertThat(v1Row.isNullAt(language)).isTrue();
  }

  @Test
  void silverRowsHaveTheV2ColumnsAfterPromotion() {
    SilverEvent s = new SilverEvent();
    s.eventId = "e";
    s.eventType = "RADICADA";
    s.eventTime = Instant.parse("2026-03-05T05:00:00Z");
    s.eventDate = LocalDate.of(2026, 3, 5);
    s.tenantId = "t";
    s.pqrId = "p";
    s.sourceTopic = "pqr";
    s.runId = "r";
    s.processedAt = s.eventTime;
    s.attachmentsCount = 0;
    s.preferredLanguage = "en";
    Schema schema = promoted(LakehouseTables.SILVER_SCHEMA);
    RowData row = TableRows.silver().forSchema(schema).toRow(s);
    assertThat(row.getInt(schema.columns().indexOf(schema.findField(ContractColumns.ATTACHMENTS_COUNT)))).isZero();
    assertThat(row.getString(schema.columns().indexOf(schema.findField(ContractColumns.PREFERRED_LANGUAGE))).toString())
        .isEqualTo("en");
  }
}
