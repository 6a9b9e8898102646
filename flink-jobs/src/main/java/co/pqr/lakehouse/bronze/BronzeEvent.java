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
  /** Unknown top-level fields as a JSON object (schema evolution), or null. */
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
