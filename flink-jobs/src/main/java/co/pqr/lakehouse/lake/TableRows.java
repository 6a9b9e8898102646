package co.pqr.lakehouse.lake;

import co.pqr.lakehouse.bronze.BronzeEvent;
import co.pqr.lakehouse.bronze.QuarantineRecord;
import co.pqr.lakehouse.iceberg.ContractColumns;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.silver.SilverEvent;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.Schema;

/** How each pipeline record becomes a row of its Iceberg table. */
public final class TableRows {
  private TableRows() {}

  public static RowConverter<BronzeEvent> bronze() {
    return bronze(LakehouseTables.BRONZE_SCHEMA);
  }

  /** Bronze rows for {@code schema}: v1's columns, plus the v2 columns where the table has them. */
  static RowConverter<BronzeEvent> bronze(Schema schema) {
    RowDataBuilder rows = new RowDataBuilder(schema);
    return new RowConverter<>() {
      @Override
      public RowData toRow(BronzeEvent b) {
        return bronzeRow(rows, b);
      }

      @Override
      public RowConverter<BronzeEvent> forSchema(Schema tableSchema) {
        return bronze(tableSchema);
      }
    };
  }

  private static RowData bronzeRow(RowDataBuilder rows, BronzeEvent b) {
    return rows.row()
        .str("event_id", b.eventId)
        .integer("schema_version", b.schemaVersion)
        .str("event_type", b.eventType)
        .ts("event_time", b.eventTime)
        .str("pqr_id", b.pqrId)
        .str("tenant_id", b.tenantId)
        .str("channel", b.channel)
        .str("pqr_type", b.pqrType)
        .str("subject", b.subject)
        .str("description", b.description)
        .str("citizen_document_type", b.citizenDocumentType)
        .str("citizen_document_number", b.citizenDocumentNumber)
        .str("citizen_name", b.citizenName)
        .str("citizen_email", b.citizenEmail)
        .str("citizen_phone", b.citizenPhone)
        .str("location_dane_code", b.daneCode)
        .str("location_department", b.department)
        .str("location_city", b.city)
        .str("assignee", b.assignee)
        .str("response", b.response)
        .str("extra_fields", b.extraFields)
        .bytes("payload", b.payload)
        .str("source_topic", b.sourceTopic)
        .integer("source_partition", b.sourcePartition)
        .bigint("source_offset", b.sourceOffset)
        .ts("source_timestamp", b.sourceTimestamp)
        .str("run_id", b.runId)
        .ts("ingested_at", b.ingestedAt)
        .integerIfPresent(ContractColumns.ATTACHMENTS_COUNT, b.attachmentsCount)
        .strIfPresent(ContractColumns.PREFERRED_LANGUAGE, b.preferredLanguage)
        .build();
  }

  public static RowConverter<QuarantineRecord> quarantine() {
    RowDataBuilder rows = new RowDataBuilder(LakehouseTables.QUARANTINE_SCHEMA);
    return q -> rows.row()
        .str("source_topic", q.sourceTopic)
        .integer("source_partition", q.sourcePartition)
        .bigint("source_offset", q.sourceOffset)
        .ts("source_timestamp", q.sourceTimestamp)
        .bytes("record_key", q.recordKey)
        .bytes("payload", q.payload)
        .str("reason_code", q.reasonCode)
        .str("reason", q.reason)
        .str("run_id", q.runId)
        .ts("quarantined_at", q.quarantinedAt)
        .build();
  }

  public static RowConverter<SilverEvent> silver() {
    return silver(LakehouseTables.SILVER_SCHEMA);
  }

  /** Silver rows for {@code schema}: the code's columns, plus the v2 columns where the table has them. */
  static RowConverter<SilverEvent> silver(Schema schema) {
    RowDataBuilder rows = new RowDataBuilder(schema);
    return new RowConverter<>() {
      @Override
      public RowData toRow(SilverEvent s) {
        return silverRow(rows, s);
      }

      @Override
      public RowConverter<SilverEvent> forSchema(Schema tableSchema) {
        return silver(tableSchema);
      }
    };
  }

  private static RowData silverRow(RowDataBuilder rows, SilverEvent s) {
    return rows.row()
        .str("event_id", s.eventId)
        .str("event_type", s.eventType)
        .ts("event_time", s.eventTime)
        .date("event_date", s.eventDate)
        .str("tenant_id", s.tenantId)
        .str("pqr_id", s.pqrId)
        .str("channel", s.channel)
        .str("pqr_type", s.pqrType)
        .str("subject", s.subject)
        .str("description", s.description)
        .str("assignee", s.assignee)
        .str("response", s.response)
        .str("citizen_token", s.citizenToken)
        .str("citizen_document_type", s.citizenDocumentType)
        .str("dane_code", s.daneCode)
        .str("department", s.department)
        .str("city", s.city)
        .date("filed_date", s.filedDate)
        .integer("term_business_days", s.termBusinessDays)
        .date("due_date", s.dueDate)
        .str("source_topic", s.sourceTopic)
        .integer("source_partition", s.sourcePartition)
        .bigint("source_offset", s.sourceOffset)
        .str("run_id", s.runId)
        .ts("processed_at", s.processedAt)
        .str("inferred_type", s.inferredType)
        .str("category", s.category)
        .str("sentiment", s.sentiment)
        .str("urgency", s.urgency)
        .float64("type_confidence", s.typeConfidence)
        .float64("category_confidence", s.categoryConfidence)
        .float64("sentiment_confidence", s.sentimentConfidence)
        .float64("urgency_confidence", s.urgencyConfidence)
        .str("model_version", s.modelVersion)
        .str("shadow_model_version", s.shadowModelVersion)
        .str("shadow_inferred_type", s.shadowInferredType)
        .str("shadow_category", s.shadowCategory)
        .str("shadow_sentiment", s.shadowSentiment)
        .str("shadow_urgency", s.shadowUrgency)
        .integerIfPresent(ContractColumns.ATTACHMENTS_COUNT, s.attachmentsCount)
        .strIfPresent(ContractColumns.PREFERRED_LANGUAGE, s.preferredLanguage)
        .build();
  }
}
