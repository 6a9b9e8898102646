package co.pqr.lakehouse.silver;

import co.pqr.lakehouse.io.RunTagged;
import java.time.Instant;
import java.time.LocalDate;

/** A distinct, normalised, pseudonymised event with its legal-deadline fields. Holds no personal data. */
public class SilverEvent implements RunTagged {
  public String eventId;
  public String eventType;
  public Instant eventTime;
  public LocalDate eventDate;
  public String tenantId;
  public String pqrId;
  public String channel;
  public String pqrType;
  public String subject;
  public String description;
  public String assignee;
  public String response;
  public String citizenToken;
  public String citizenDocumentType;
  public String daneCode;
  public String department;
  public String city;
  public LocalDate filedDate;
  public Integer termBusinessDays;
  public LocalDate dueDate;
  public String sourceTopic;
  public int sourcePartition;
  public long sourceOffset;
  public String runId;
  public int runSeq;
  public Instant processedAt;
  public String inferredType;
  public String category;
  public String sentiment;
  public String urgency;
  public Double typeConfidence;
  public Double categoryConfidence;
  public Double sentimentConfidence;
  public Double urgencyConfidence;
  public String modelVersion;
  public String shadowModelVersion;
  public String shadowInferredType;
  public String shadowCategory;
  public String shadowSentiment;
  public String shadowUrgency;
  /** Contract v2 fields (null for v1 events); neither is personal data. */
  public Integer attachmentsCount;
  public String preferredLanguage;
  /** When the record reached the broker; for freshness metrics, not stored in Silver. */
  public Instant sourceTimestamp;

  public SilverEvent() {}

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public int runSeq() {
    return runSeq;
  }
}
