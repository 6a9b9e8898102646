package co.pqr.lakehouse.silver;

import co.pqr.lakehouse.bronze.BronzeEvent;
import co.pqr.lakehouse.silver.privacy.Pseudonymizer;
import co.pqr.lakehouse.sla.DueDates;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Turns a Bronze event into its Silver form: trimmed text, personal data pseudonymised (document
 * number to a keyed token; name, e-mail and phone dropped; the same kinds of data typed into free
 * text redacted) and, for filings, the legal due date from the Colombian business-day calendar.
 */
public final class SilverNormalizer {
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private final Pseudonymizer pseudonymizer;

  public SilverNormalizer(Pseudonymizer pseudonymizer) {
    this.pseudonymizer = pseudonymizer;
  }

  public SilverEvent normalize(BronzeEvent b, Instant now) {
    SilverEvent s = new SilverEvent();
    s.eventId = b.eventId.trim();
    s.eventType = b.eventType;
    s.eventTime = b.eventTime;
    s.eventDate = DueDates.localDate(b.eventTime);
    s.tenantId = b.tenantId;
    s.pqrId = b.pqrId.trim();
    s.channel = b.channel;
    s.pqrType = b.pqrType;
    s.subject = pseudonymizer.redact(singleLine(b.subject), b.citizenName);
    s.description = pseudonymizer.redact(trim(b.description), b.citizenName);
    s.assignee = trim(b.assignee);
    s.response = pseudonymizer.redact(trim(b.response), b.citizenName);
    s.citizenDocumentType = b.citizenDocumentType;
    s.citizenToken = b.citizenDocumentNumber == null
        ? null : pseudonymizer.documentToken(b.citizenDocumentType, b.citizenDocumentNumber);
    s.daneCode = b.daneCode;
    s.department = trim(b.department);
    s.city = trim(b.city);
    if ("RADICADA".equals(b.eventType) && b.pqrType != null) {
      s.filedDate = s.eventDate;
      s.termBusinessDays = DueDates.termBusinessDays(b.pqrType);
      s.dueDate = DueDates.dueDate(b.eventTime, b.pqrType);
    }
    s.attachmentsCount = b.attachmentsCount;
    s.preferredLanguage = b.preferredLanguage;
    s.sourceTopic = b.sourceTopic;
    s.sourcePartition = b.sourcePartition;
    s.sourceOffset = b.sourceOffset;
    s.runId = b.runId;
    s.runSeq = b.runSeq;
    s.processedAt = now;
    s.sourceTimestamp = b.sourceTimestamp;
    return s;
  }

  private static String trim(String v) {
    return v == null ? null : v.strip();
  }

  private static String singleLine(String v) {
    return v == null ? null : SPACES.matcher(v.strip()).replaceAll(" ");
  }
}
