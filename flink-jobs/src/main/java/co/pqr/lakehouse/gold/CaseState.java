package co.pqr.lakehouse.gold;

import co.pqr.lakehouse.silver.SilverEvent;
import co.pqr.lakehouse.sla.DueDates;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The current state of one PQR case, as a merge of its events that does not depend on their order
 * or on repetitions: the earliest filing (by event time, then event id) gives channel, type and due
 * date; the earliest RESPONDIDA is the first response; the latest CERRADA/REABIERTA gives the status.
 */
public final class CaseState {
  public final String tenantId;
  public final String pqrId;
  public Instant filedAt;
  public String filedEventId;
  public String channel;
  public String pqrType;
  public LocalDate filedDate;
  public LocalDate dueDate;
  public Instant firstResponseAt;
  public LocalDate firstResponseDate;
  public Instant statusEventTime;
  public String statusEventId;
  public String statusEventType;
  public Instant lastEventTime;
  public String inferredType;
  public String category;
  public String sentiment;
  public String urgency;
  public String modelVersion;

  public CaseState(String tenantId, String pqrId) {
    this.tenantId = tenantId;
    this.pqrId = pqrId;
  }

  public void apply(SilverEvent e) {
    if (lastEventTime == null || e.eventTime.isAfter(lastEventTime)) {
      lastEventTime = e.eventTime;
    }
    switch (e.eventType) {
      case "RADICADA" -> {
        if (filedAt == null || before(e.eventTime, e.eventId, filedAt, filedEventId)) {
          filedAt = e.eventTime;
          filedEventId = e.eventId;
          channel = e.channel;
          pqrType = e.pqrType;
          filedDate = e.filedDate;
          dueDate = e.dueDate;
          inferredType = e.inferredType;
          category = e.category;
          sentiment = e.sentiment;
          urgency = e.urgency;
          modelVersion = e.modelVersion;
        }
      }
      case "RESPONDIDA" -> {
        if (firstResponseAt == null || e.eventTime.isBefore(firstResponseAt)) {
          firstResponseAt = e.eventTime;
          firstResponseDate = DueDates.localDate(e.eventTime);
        }
      }
      case "CERRADA", "REABIERTA" -> {
        if (statusEventTime == null || before(statusEventTime, statusEventId, e.eventTime, e.eventId)) {
          statusEventTime = e.eventTime;
          statusEventId = e.eventId;
          statusEventType = e.eventType;
        }
      }
      default -> {
        // ASIGNADA only moves the case's latest event time.
      }
    }
  }

  private static boolean before(Instant t1, String id1, Instant t2, String id2) {
    int c = t1.compareTo(t2);
    return c < 0 || (c == 0 && id1.compareTo(id2) < 0);
  }

  public boolean filed() {
    return filedAt != null;
  }
}
