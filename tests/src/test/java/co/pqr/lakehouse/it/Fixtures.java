package co.pqr.lakehouse.it;

import co.pqr.lakehouse.producer.GeneratorConfig;
import co.pqr.lakehouse.producer.PqrEventGenerator;
import co.pqr.lakehouse.producer.ProducedRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Integration input: hand-written edge cases of the Gold rules plus generated realistic traffic.
 * Each record knows whether it satisfies the contract, so the tests can check the quarantine and
 * feed the oracle without asking production code.
 */
final class Fixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  record In(String key, byte[] value, boolean valid) {}

  private Fixtures() {}

  private static int counter;

  private static ObjectNode event(String tenant, String pqr, String type, String time) {
    ObjectNode e = JSON.createObjectNode();
    e.put("schema_version", 1);
    e.put("event_id", String.format("00000000-0000-4000-8000-%012d", ++counter));
    e.put("event_type", type);
    e.put("event_time", time);
    e.put("pqr_id", pqr);
    e.put("tenant_id", tenant);
    return e;
  }

  private static ObjectNode filing(String tenant, String pqr, String time, String channel, String pqrType) {
    ObjectNode e = event(tenant, pqr, "RADICADA", time);
    e.put("channel", channel);
    e.put("pqr_type", pqrType);
    e.put("subject", "Solicitud de revisión " + pqr);
    e.put("description", "Me comunico porque necesito respuesta. Escribanme a juan.perez@example.com o al 300 123 4567."
        + " Atentamente, Juan Pérez, C.C. 1.036.123.456");
    ObjectNode citizen = e.putObject("citizen");
    citizen.put("document_type", "CC");
    citizen.put("document_number", "1036123456");
    citizen.put("name", "Juan Pérez");
    citizen.put("email", "juan.perez@example.com");
    citizen.put("phone", "3001234567");
    return e;
  }

  private static In valid(ObjectNode e) {
    return new In(e.get("pqr_id").asText(), e.toString().getBytes(StandardCharsets.UTF_8), true);
  }

  private static In invalid(String raw) {
    return new In(null, raw.getBytes(StandardCharsets.UTF_8), false);
  }

  /** The hand-written edge cases, in send order. */
  static List<In> edgeCases() {
    counter = 0;
    List<In> out = new ArrayList<>();
    String t = "fixture-entidad";
    // Filed 23:30 in Bogotá (04:30 UTC the next day); answered on its due date (2026-03-26): on time.
    out.add(valid(filing(t, "R-LATE-EVENING", "2026-03-04T23:30:00-05:00", "WEB", "PETICION")));
    out.add(valid(event(t, "R-LATE-EVENING", "RESPONDIDA", "2026-03-26T16:00:00-05:00").put("response", "Respuesta")));
    // Filed the Friday before a holiday Monday (due 2026-09-07); answered the day after the due date: late.
    out.add(valid(filing(t, "R-LONG-WEEKEND", "2026-08-14T17:45:00-05:00", "EMAIL", "QUEJA")));
    out.add(valid(event(t, "R-LONG-WEEKEND", "ASIGNADA", "2026-08-18T09:00:00-05:00").put("assignee", "Atención al ciudadano")));
    out.add(valid(event(t, "R-LONG-WEEKEND", "RESPONDIDA", "2026-09-08T10:00:00Z").put("response", "Tarde")));
    // A second answer to the same PQR: only the first counts.
    out.add(valid(event(t, "R-LONG-WEEKEND", "RESPONDIDA", "2026-09-10T10:00:00Z").put("response", "Otra")));
    // Closed, reopened (open again), with the reopening before the closing in arrival order.
    out.add(valid(filing(t, "R-REOPEN", "2026-10-01T08:00:00-05:00", "TELEFONO", "RECLAMO")));
    out.add(valid(event(t, "R-REOPEN", "REABIERTA", "2026-10-20T08:00:00-05:00")));
    out.add(valid(event(t, "R-REOPEN", "CERRADA", "2026-10-10T08:00:00-05:00")));
    // Closed and reopened and closed again: closed.
    out.add(valid(filing(t, "R-CLOSED", "2026-10-02T08:00:00-05:00", "CHAT", "SOLICITUD_INFORMACION")));
    out.add(valid(event(t, "R-CLOSED", "CERRADA", "2026-10-05T08:00:00-05:00")));
    out.add(valid(event(t, "R-CLOSED", "REABIERTA", "2026-10-06T08:00:00-05:00")));
    out.add(valid(event(t, "R-CLOSED", "CERRADA", "2026-10-07T08:00:00-05:00")));
    // An answer for a PQR never filed.
    out.add(valid(event(t, "R-NEVER-FILED", "RESPONDIDA", "2026-10-15T10:00:00-05:00").put("response", "?")));
    // The answer arrives before its filing.
    ObjectNode earlyAnswer = event(t, "R-ANSWER-FIRST", "RESPONDIDA", "2026-10-22T10:00:00-05:00");
    out.add(valid(earlyAnswer));
    out.add(valid(filing(t, "R-ANSWER-FIRST", "2026-10-21T10:00:00-05:00", "APP", "CONSULTA")));
    // The same filing number in another tenant is another case.
    out.add(valid(filing("fixture-otra", "R-LATE-EVENING", "2026-10-30T07:00:00-05:00", "PRESENCIAL", "DENUNCIA")));
    // Filed just before Holy Week 2026 and still open.
    out.add(valid(filing("fixture-otra", "R-HOLY-WEEK", "2026-03-31T12:00:00-05:00", "REDES_SOCIALES", "PETICION")));
    // Exact redeliveries.
    out.add(out.get(0));
    out.add(out.get(4));
    // Malformed records.
    out.add(invalid("{\"schema_version\": 1, \"event_id\": \"truncated"));
    out.add(invalid("not json at all"));
    ObjectNode badEnum = filing(t, "R-BAD", "2026-10-01T08:00:00-05:00", "FAX", "PETICION");
    out.add(new In("R-BAD", badEnum.toString().getBytes(StandardCharsets.UTF_8), false));
    ObjectNode future = event(t, "R-FUTURE", "RADICADA", "9999-01-01T00:00:00Z");
    out.add(new In("R-FUTURE", future.toString().getBytes(StandardCharsets.UTF_8), false));
    out.add(new In("R-UTF8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, false));
    return out;
  }

  /** Generated traffic: realistic lifecycles, duplicates, out-of-order and malformed records. */
  static List<In> generated(long seed, int cases) {
    GeneratorConfig config = GeneratorConfig.builder()
        .seed(seed).cases(cases).window(Instant.parse("2026-11-20T17:00:00Z"), GeneratorConfig.DEFAULT_WINDOW).build();
    List<In> out = new ArrayList<>();
    for (ProducedRecord r : new PqrEventGenerator(config).generate()) {
      out.add(new In(r.key(), r.value(), !r.malformed()));
    }
    return out;
  }

  static List<byte[]> validPayloads(List<In> records) {
    List<byte[]> out = new ArrayList<>();
    for (In r : records) {
      if (r.valid()) {
        out.add(r.value());
      }
    }
    return out;
  }
}
