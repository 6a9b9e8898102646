package co.pqr.lakehouse.bronze;

import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.schema.PqrEventValidator;
import co.pqr.lakehouse.schema.ValidationOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Applies the PQR event contract (v1 or v2) to one input record. A record either becomes a
 * {@link BronzeEvent} or a {@link QuarantineRecord}; nothing is dropped and nothing throws.
 */
public final class BronzeParser {
  static final Set<String> KNOWN_FIELDS = Set.of(
      "schema_version", "event_id", "event_type", "event_time", "pqr_id", "tenant_id", "channel", "pqr_type",
      "subject", "description", "citizen", "location", "assignee", "response");

  private final PqrEventValidator validator;

  public BronzeParser(int maxPayloadBytes) {
    this.validator = new PqrEventValidator(maxPayloadBytes);
  }

  /** The outcome for one record: exactly one of the two fields is set. */
  public record Parsed(BronzeEvent event, QuarantineRecord quarantined) {}

  public Parsed parse(InputRecord in, Instant now) {
    Instant received = Instant.ofEpochMilli(in.timestampMs);
    ValidationOutcome outcome;
    try {
      outcome = validator.validate(in.value, received);
    } catch (RuntimeException unexpected) {
      outcome = ValidationOutcome.rejected(ValidationOutcome.SCHEMA, "the contract validator failed on this record: " + unexpected);
    }
    if (!outcome.valid()) {
      QuarantineRecord q = new QuarantineRecord();
      q.sourceTopic = in.topic;
      q.sourcePartition = in.partition;
      q.sourceOffset = in.offset;
      q.sourceTimestamp = received;
      q.recordKey = in.key;
      q.payload = in.value == null ? new byte[0] : in.value;
      q.reasonCode = outcome.code();
      q.reason = outcome.reason();
      q.runId = in.runId;
      q.runSeq = in.runSeq;
      q.quarantinedAt = now;
      return new Parsed(null, q);
    }
    JsonNode e = outcome.event();
    BronzeEvent b = new BronzeEvent();
    b.eventId = e.path("event_id").asText();
    b.schemaVersion = e.path("schema_version").asInt();
    b.eventType = e.path("event_type").asText();
    b.eventTime = OffsetDateTime.parse(e.path("event_time").asText()).toInstant();
    b.pqrId = e.path("pqr_id").asText();
    b.tenantId = e.path("tenant_id").asText();
    b.channel = text(e, "channel");
    b.pqrType = text(e, "pqr_type");
    b.subject = text(e, "subject");
    b.description = text(e, "description");
    JsonNode citizen = e.path("citizen");
    b.citizenDocumentType = text(citizen, "document_type");
    b.citizenDocumentNumber = text(citizen, "document_number");
    b.citizenName = text(citizen, "name");
    b.citizenEmail = text(citizen, "email");
    b.citizenPhone = text(citizen, "phone");
    JsonNode location = e.path("location");
    b.daneCode = text(location, "dane_code");
    b.department = text(location, "department");
    b.city = text(location, "city");
    b.assignee = text(e, "assignee");
    b.response = text(e, "response");
    if (b.schemaVersion >= 2) {
      // Declared (and type-checked) by v2 only: on a v1 event these names are unknown fields.
      JsonNode attachments = e.get("attachments_count");
      b.attachmentsCount = attachments == null || attachments.isNull() ? null : attachments.intValue();
      b.preferredLanguage = text(e, "preferred_language");
    }
    b.extraFields = extraFields(e);
    b.payload = in.value;
    b.sourceTopic = in.topic;
    b.sourcePartition = in.partition;
    b.sourceOffset = in.offset;
    b.sourceTimestamp = received;
    b.runId = in.runId;
    b.runSeq = in.runSeq;
    b.ingestedAt = now;
    return new Parsed(b, null);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String extraFields(JsonNode event) {
    ObjectNode extra = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!KNOWN_FIELDS.contains(field.getKey())) {
        if (extra == null) {
          extra = ((ObjectNode) event).objectNode();
        }
        extra.set(field.getKey(), field.getValue());
      }
    }
    return extra == null ? null : extra.toString();
  }
}
