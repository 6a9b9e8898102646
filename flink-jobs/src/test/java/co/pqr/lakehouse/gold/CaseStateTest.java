package co.pqr.lakehouse.gold;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.silver.SilverEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseStateTest {
  private static final String TENANT = "alcaldia_medellin";
  private static final String PQR = "2026-ER-000123";

  // A case whose events can arrive in any order. The second filing is a later duplicate filing with
  // other attributes, so the test can tell which filing won.
  private static final SilverEvent FILED_FIRST = filing("a1", "2026-03-04T14:00:00Z", "WEB", "PETICION",
      "2026-03-04", "2026-03-26");
  private static final SilverEvent FILED_LATER = filing("a0", "2026-03-05T15:00:00Z", "EMAIL", "CONSULTA",
      "2026-03-05", "2026-04-21");
  private static final SilverEvent ANSWERED_FIRST = event("b2", "RESPONDIDA", "2026-03-10T04:30:00Z");
  private static final SilverEvent ANSWERED_AGAIN = event("b1", "RESPONDIDA", "2026-03-12T16:00:00Z");
  private static final SilverEvent CLOSED = event("c1", "CERRADA", "2026-03-13T17:00:00Z");
  private static final SilverEvent REOPENED = event("c0", "REABIERTA", "2026-03-16T13:00:00Z");

  @Test
  void caseMergesToEarliestFilingFirstResponseAndLatestStatus() {
    CaseState state = applyAll(List.of(FILED_FIRST, FILED_LATER, ANSWERED_FIRST, ANSWERED_AGAIN, CLOSED, REOPENED));

    assertThat(state).usingRecursiveComparison().isEqualTo(expected());
    assertThat(state.filed()).isTrue();
  }

  @Test
  void everyPermutationOfTheCaseGivesTheSameState() {
    List<List<SilverEvent>> orders = permutations(
        List.of(FILED_FIRST, FILED_LATER, ANSWERED_FIRST, ANSWERED_AGAIN, CLOSED, REOPENED));
    assertThat(orders).hasSize(720);

    for (List<SilverEvent> order : orders) {
      assertThat(applyAll(order)).as("order %s", ids(order)).usingRecursiveComparison().isEqualTo(expected());
    }
  }

  @Test
  void applyingEveryEventTwiceGivesTheSameState() {
    for (List<SilverEvent> order : permutations(
        List.of(FILED_FIRST, FILED_LATER, ANSWERED_FIRST, ANSWERED_AGAIN, CLOSED, REOPENED))) {
      List<SilverEvent> twice = new ArrayList<>(order);
      twice.addAll(order);
      List<SilverEvent> eachRepeated = new ArrayList<>();
      order.forEach(e -> {
        eachRepeated.add(e);
        eachRepeated.add(e);
      });

      assertThat(applyAll(twice)).as("order %s twice", ids(order)).usingRecursiveComparison().isEqualTo(expected());
      assertThat(applyAll(eachRepeated)).as("order %s each repeated", ids(order))
          .usingRecursiveComparison().isEqualTo(expected());
    }
  }

  @Test
  void filingsAtTheSameTimeAreDecidedBySmallerEventId() {
    SilverEvent smaller = filing("aaa", "2026-03-04T14:00:00Z", "WEB", "PETICION", "2026-03-04", "2026-03-26");
    SilverEvent larger = filing("bbb", "2026-03-04T14:00:00Z", "APP", "QUEJA", "2026-03-04", "2026-03-26");

    for (List<SilverEvent> order : List.of(List.of(smaller, larger), List.of(larger, smaller))) {
      CaseState state = applyAll(order);

      assertThat(state.filedEventId).isEqualTo("aaa");
      assertThat(state.channel).isEqualTo("WEB");
      assertThat(state.pqrType).isEqualTo("PETICION");
    }
  }

  @Test
  void firstResponseIsTheEarliestRespondida() {
    CaseState state = applyAll(List.of(ANSWERED_AGAIN, ANSWERED_FIRST));

    assertThat(state.firstResponseAt).isEqualTo(Instant.parse("2026-03-10T04:30:00Z"));
    // 04:30Z is still the 9th in Bogotá.
    assertThat(state.firstResponseDate).isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(state.filed()).isFalse();
  }

  @Test
  void statusIsTheLatestCloseOrReopen() {
    CaseState reopened = applyAll(List.of(REOPENED, CLOSED));
    CaseState closedAgain = applyAll(List.of(CLOSED, REOPENED, event("c9", "CERRADA", "2026-03-20T12:00:00Z")));

    assertThat(reopened.statusEventType).isEqualTo("REABIERTA");
    assertThat(reopened.statusEventId).isEqualTo("c0");
    assertThat(reopened.statusEventTime).isEqualTo(Instant.parse("2026-03-16T13:00:00Z"));
    assertThat(closedAgain.statusEventType).isEqualTo("CERRADA");
    assertThat(closedAgain.statusEventId).isEqualTo("c9");
    assertThat(closedAgain.statusEventTime).isEqualTo(Instant.parse("2026-03-20T12:00:00Z"));
  }

  @Test
  void closeAndReopenAtTheSameTimeAreDecidedByLargerEventId() {
    SilverEvent close = event("d2", "CERRADA", "2026-03-13T17:00:00Z");
    SilverEvent reopen = event("d1", "REABIERTA", "2026-03-13T17:00:00Z");

    for (List<SilverEvent> order : List.of(List.of(close, reopen), List.of(reopen, close))) {
      CaseState state = applyAll(order);

      assertThat(state.statusEventId).isEqualTo("d2");
      assertThat(state.statusEventType).isEqualTo("CERRADA");
    }
  }

  @Test
  void asignadaOnlyMovesLastEventTime() {
    CaseState base = applyAll(List.of(FILED_FIRST, ANSWERED_FIRST, CLOSED));
    CaseState withAssignment = applyAll(List.of(FILED_FIRST, ANSWERED_FIRST, CLOSED));
    SilverEvent assigned = event("e1", "ASIGNADA", "2026-03-30T15:00:00Z");
    assigned.channel = "APP";
    assigned.pqrType = "QUEJA";

    withAssignment.apply(assigned);

    assertThat(withAssignment).usingRecursiveComparison().ignoringFields("lastEventTime").isEqualTo(base);
    assertThat(withAssignment.lastEventTime).isEqualTo(Instant.parse("2026-03-30T15:00:00Z"));
  }

  @Test
  void earlierAsignadaChangesNothing() {
    CaseState base = applyAll(List.of(FILED_FIRST, CLOSED));
    CaseState withAssignment = applyAll(List.of(FILED_FIRST, CLOSED, event("e1", "ASIGNADA", "2026-03-05T15:00:00Z")));

    assertThat(withAssignment).usingRecursiveComparison().isEqualTo(base);
  }

  @Test
  void caseWithOnlyAnAssignmentIsNotFiled() {
    CaseState state = applyAll(List.of(event("e1", "ASIGNADA", "2026-03-05T15:00:00Z")));

    assertThat(state.filed()).isFalse();
    assertThat(state.lastEventTime).isEqualTo(Instant.parse("2026-03-05T15:00:00Z"));
    assertThat(state.firstResponseAt).isNull();
    assertThat(state.statusEventType).isNull();
  }

  private static CaseState expected() {
    CaseState s = new CaseState(TENANT, PQR);
    s.filedAt = Instant.parse("2026-03-04T14:00:00Z");
    s.filedEventId = "a1";
    s.channel = "WEB";
    s.pqrType = "PETICION";
    s.filedDate = LocalDate.of(2026, 3, 4);
    s.dueDate = LocalDate.of(2026, 3, 26);
    s.firstResponseAt = Instant.parse("2026-03-10T04:30:00Z");
    s.firstResponseDate = LocalDate.of(2026, 3, 9);
    s.statusEventTime = Instant.parse("2026-03-16T13:00:00Z");
    s.statusEventId = "c0";
    s.statusEventType = "REABIERTA";
    s.lastEventTime = Instant.parse("2026-03-16T13:00:00Z");
    return s;
  }

  private static CaseState applyAll(List<SilverEvent> events) {
    CaseState state = new CaseState(TENANT, PQR);
    events.forEach(state::apply);
    return state;
  }

  private static List<List<SilverEvent>> permutations(List<SilverEvent> events) {
    if (events.isEmpty()) {
      List<List<SilverEvent>> single = new ArrayList<>();
      single.add(new ArrayList<>());
      return single;
    }
    List<List<SilverEvent>> all = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      List<SilverEvent> rest = new ArrayList<>(events);
      SilverEvent head = rest.remove(i);
      for (List<SilverEvent> tail : permutations(rest)) {
        tail.add(0, head);
        all.add(tail);
      }
    }
    return all;
  }

  private static List<String> ids(List<SilverEvent> events) {
    return events.stream().map(e -> e.eventId).toList();
  }

  private static SilverEvent filing(String id, String time, String channel, String type, String filed, String due) {
    SilverEvent e = event(id, "RADICADA", time);
    e.channel = channel;
    e.pqrType = type;
    e.filedDate = LocalDate.parse(filed);
    e.termBusinessDays = "CONSULTA".equals(type) ? 30 : 15;
    e.dueDate = LocalDate.parse(due);
    return e;
  }

  private static SilverEvent event(String id, String type, String time) {
    SilverEvent e = new SilverEvent();
    e.eventId = id;
    e.eventType = type;
    e.eventTime = Instant.parse(time);
    e.tenantId = TENANT;
    e.pqrId = PQR;
    return e;
  }
}
