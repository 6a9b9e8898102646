package co.pqr.lakehouse.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test view of a generator's output: records parsed, valid events deduplicated and grouped. */
final class Generated {

  static final Instant END = Instant.parse("2026-03-15T17:00:00Z");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A valid event as parsed from its bytes. */
  record Event(int sendIndex, JsonNode json, Instant time) {
    String type() {
      return json.get("event_type").asText();
    }

    String caseKey() {
      return json.get("tenant_id").asText() + "/" + json.get("pqr_id").asText();
    }

    String eventId() {
      return json.get("event_id").asText();
    }
  }

  final GeneratorConfig config;
  final List<ProducedRecord> records;
  /** First delivery of each valid event, in send order. */
  final List<Event> events = new ArrayList<>();
  /** Valid records whose bytes were already sent before. */
  int redeliveries;
  int malformed;

  Generated(GeneratorConfig config) {
    this.config = config;
    this.records = new PqrEventGenerator(config).generate();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < records.size(); i++) {
      ProducedRecord r = records.get(i);
      if (r.malformed()) {
        malformed++;
        continue;
      }
      if (!seen.add(Arrays.toString(r.value()))) {
        redeliveries++;
        continue;
      }
      JsonNode json = parse(r.value());
      events.add(new Event(i, json, OffsetDateTime.parse(json.get("event_time").asText()).toInstant()));
    }
  }

  static Generated of(int cases) {
    return new Generated(GeneratorConfig.builder().end(END).cases(cases).build());
  }

  /** Valid events grouped by (tenant_id, pqr_id), each group in send order. */
  Map<String, List<Event>> byCase() {
    Map<String, List<Event>> m = new LinkedHashMap<>();
    for (Event e : events) {
      m.computeIfAbsent(e.caseKey(), k -> new ArrayList<>()).add(e);
    }
    return m;
  }

  List<Event> ofType(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  static JsonNode parse(byte[] value) {
    try {
      return MAPPER.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
