package co.pqr.lakehouse.bronze;

import co.pqr.lakehouse.io.RunTagged;
import java.time.Instant;

/** A record that passed the contract: its typed fields, its original bytes and where it came from. */
public class BronzeEvent implements RunTagged {
  public String eventId;
  public int schemaVersion;
  public String eventType;
  public Instant eventTime;
  public String pqrId;
  public String tenantId;
  public String channel;
  public String pqrType;
  public String subject;
  public String description;
  public String citizenDocumentType;
  public String citizenDocumentNumber;
  public String citizenName;
  public String citizenEmail;
  public String citizenPhone;
  public String daneCode;
  public String department;
  public String city;
  public String assignee;
  public String response;
  /** Contract v2: how many files the citizen attached; null on v1 events or when absent. */
  public Integer attachmentsCount;
  /** Contract v2: ISO 639-1 code of the language the citizen wants the answer in; null on v1 or when absent. */
  public String preferredLanguage;
  /**
   * Every top-level field outside v1's typed columns, as received, as a JSON object (schema
   * evolution), or null. v2's fields are in it too, also after they were promoted to typed columns,
   * so this column does not depend on when a lakehouse promoted them.
   */
  public String extraFields;
  public byte[] payload;
  public String sourceTopic;
  public int sourcePartition;
  public long sourceOffset;
  public Instant sourceTimestamp;
  public String runId;
  public int runSeq;
  public Instant ingestedAt;

  public BronzeEvent() {}

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public int runSeq() {
    return runSeq;
  }
}
