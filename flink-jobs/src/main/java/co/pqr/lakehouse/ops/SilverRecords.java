package co.pqr.lakehouse.ops;

import co.pqr.lakehouse.silver.SilverEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.apache.iceberg.data.Record;

/** Silver rows read back from Iceberg (generic records) as the pipeline's {@link SilverEvent}s. */
public final class SilverRecords {
  private SilverRecords() {}

  public static SilverEvent toEvent(Record r) {
    SilverEvent s = new SilverEvent();
    s.eventId = str(r, "event_id");
    s.eventType = str(r, "event_type");
    s.eventTime = instant(r, "event_time");
    s.eventDate = (java.time.LocalDate) r.getField("event_date");
    s.tenantId = str(r, "tenant_id");
    s.pqrId = str(r, "pqr_id");
    s.channel = str(r, "channel");
    s.pqrType = str(r, "pqr_type");
    s.subject = str(r, "subject");
    s.description = str(r, "description");
    s.assignee = str(r, "assignee");
    s.response = str(r, "response");
    s.citizenToken = str(r, "citizen_token");
    s.citizenDocumentType = str(r, "citizen_document_type");
    s.daneCode = str(r, "dane_code");
    s.department = str(r, "department");
    s.city = str(r, "city");
    s.filedDate = (java.time.LocalDate) r.getField("filed_date");
    s.termBusinessDays = (Integer) r.getField("term_business_days");
    s.dueDate = (java.time.LocalDate) r.getField("due_date");
    s.sourceTopic = str(r, "source_topic");
    s.sourcePartition = (Integer) r.getField("source_partition");
    s.sourceOffset = (Long) r.getField("source_offset");
    s.runId = str(r, "run_id");
    s.processedAt = instant(r, "processed_at");
    s.inferredType = str(r, "inferred_type");
    s.category = str(r, "category");
    s.sentiment = str(r, "sentiment");
    s.urgency = str(r, "urgency");
    s.typeConfidence = (Double) r.getField("type_confidence");
    s.categoryConfidence = (Double) r.getField("category_confidence");
    s.sentimentConfidence = (Double) r.getField("sentiment_confidence");
    s.urgencyConfidence = (Double) r.getField("urgency_confidence");
    s.modelVersion = str(r, "model_version");
    s.shadowModelVersion = str(r, "shadow_model_version");
    s.shadowInferredType = str(r, "shadow_inferred_type");
    s.shadowCategory = str(r, "shadow_category");
    s.shadowSentiment = str(r, "shadow_sentiment");
    s.shadowUrgency = str(r, "shadow_urgency");
    return s;
  }

  private static String str(Record r, String field) {
    Object v = r.getField(field);
    return v == null ? null : v.toString();
  }

  private static Instant instant(Record r, String field) {
    Object v = r.getField(field);
    return v == null ? null : ((OffsetDateTime) v).toInstant();
  }
}
