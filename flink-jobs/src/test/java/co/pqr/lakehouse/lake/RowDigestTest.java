package co.pqr.lakehouse.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.pqr.lakehouse.iceberg.LakehouseTables;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;

class RowDigestTest {
  private static final Instant T = Instant.parse("2026-11-02T15:04:05.123456Z");

  private static RowData silverRow(String eventId, String subject, String runId, Instant processedAt, long offset) {
    return new RowDataBuilder(LakehouseTables.SILVER_SCHEMA).row()
        .str("event_id", eventId).str("event_type", "RADICADA").ts("event_time", T).date("event_date", LocalDate.of(2026, 11, 2))
        .str("tenant_id", "t1").str("pqr_id", "P-1").str("subject", subject).str("source_topic", "pqr-events")
        .integer("source_partition", 0).bigint("source_offset", offset).str("run_id", runId).ts("processed_at", processedAt)
        .float64("type_confidence", 0.75).integer("term_business_days", 15)
        .build();
  }

  private static Record silverRecord(String eventId, String subject, String runId, Instant processedAt, long offset) {
    Record r = GenericRecord.create(LakehouseTables.SILVER_SCHEMA);
    r.setField("event_id", eventId);
    r.setField("event_type", "RADICADA");
    r.setField("event_time", T.atOffset(ZoneOffset.UTC));
    r.setField("event_date", LocalDate.of(2026, 11, 2));
    r.setField("tenant_id", "t1");
    r.setField("pqr_id", "P-1");
    r.setField("subject", subject);
    r.setField("source_topic", "pqr-events");
    r.setField("source_partition", 0);
    r.setField("source_offset", offset);
    r.setField("run_id", runId);
    r.setField("processed_at", processedAt.atOffset(ZoneOffset.UTC));
    r.setField("type_confidence", 0.75);
    r.setField("term_business_days", 15);
    return r;
  }

  @Test
  void flinkRowsAndIcebergRecordsOfTheSameContentHashAlike() {
    RowDigest d = RowDigest.forTable(LakehouseTables.SILVER);
    assertThat(d.row(silverRow("e1", "Queja por cobro", "r-1", T, 7)))
        .isEqualTo(d.row(silverRecord("e1", "Queja por cobro", "r-1", T, 7)));
  }

  @Test
  void runIdProcessingTimeAndSilverCoordinatesAreNotContent() {
    RowDigest d = RowDigest.forTable(LakehouseTables.SILVER);
    assertThat(d.row(silverRow("e1", "x", "r-1", T, 7)))
        .isEqualTo(d.row(silverRow("e1", "x", "replay-9", T.plusSeconds(3600), 99)));
    assertThat(d.columns()).doesNotContain("run_id", "processed_at", "source_offset").contains("event_id", "subject");
  }

  @Test
  void anyBusinessValueChangesTheHash() {
    RowDigest d = RowDigest.forTable(LakehouseTables.SILVER);
    assertThat(d.row(silverRow("e1", "x", "r", T, 0))).isNotEqualTo(d.row(silverRow("e1", "y", "r", T, 0)));
    assertThat(d.row(silverRow("e1", "x", "r", T, 0))).isNotEqualTo(d.row(silverRow("e2", "x", "r", T, 0)));
    // a value moved to another column is another row
    assertThat(d.row(silverRow("ab", null, "r", T, 0))).isNotEqualTo(d.row(silverRow("a", "b", "r", T, 0)));
  }

  @Test
  void bronzeKeepsSourceCoordinatesAndPayloadBytes() {
    RowDigest d = RowDigest.forTable(LakehouseTables.QUARANTINE);
    Record a = quarantine(5, "{bad".getBytes(StandardCharsets.UTF_8));
    Record b = quarantine(6, "{bad".getBytes(StandardCharsets.UTF_8));
    Record c = quarantine(5, "{bad}".getBytes(StandardCharsets.UTF_8));
    assertThat(d.row(a)).isNotEqualTo(d.row(b)).isNotEqualTo(d.row(c));
    Record later = quarantine(5, "{bad".getBytes(StandardCharsets.UTF_8));
    later.setField("quarantined_at", T.plusSeconds(60).atOffset(ZoneOffset.UTC));
    later.setField("run_id", "other");
    assertThat(d.row(later)).isEqualTo(d.row(a));
  }

  private static Record quarantine(long offset, byte[] payload) {
    Record r = GenericRecord.create(LakehouseTables.QUARANTINE_SCHEMA);
    r.setField("source_topic", "pqr-events");
    r.setField("source_partition", 1);
    r.setField("source_offset", offset);
    r.setField("source_timestamp", T.atOffset(ZoneOffset.UTC));
    r.setField("payload", ByteBuffer.wrap(payload));
    r.setField("reason_code", "NOT_JSON");
    r.setField("reason", "not JSON");
    r.setField("run_id", "r-1");
    r.setField("quarantined_at", T.atOffset(ZoneOffset.UTC));
    return r;
  }

  @Test
  void sumsIgnoreOrderAndRowsCanBeSubtracted() {
    RowDigest d = RowDigest.forTable(LakehouseTables.SILVER);
    RowDigest.Sum a = d.row(silverRow("e1", "x", "r", T, 0));
    RowDigest.Sum b = d.row(silverRow("e2", "y", "r", T, 0));
    RowDigest.Sum c = d.row(silverRow("e3", "z", "r", T, 0));
    RowDigest.Sum abc = RowDigest.Sum.ZERO.plus(a).plus(b).plus(c);
    assertThat(RowDigest.Sum.ZERO.plus(c).plus(a).plus(b)).isEqualTo(abc);
    assertThat(abc.minus(b)).isEqualTo(a.plus(c));
    assertThat(abc.minus(a).minus(b).minus(c)).isEqualTo(RowDigest.Sum.ZERO);
    // a duplicated row counts twice: a multiset, not a set
    assertThat(a.plus(a)).isNotEqualTo(a);
    assertThat(RowDigest.Sum.parse(abc.hex())).isEqualTo(abc);
  }

  @Test
  void carriesBetweenTheTwoHalves() {
    RowDigest.Sum max = new RowDigest.Sum(0, -1L);
    assertThat(max.plus(new RowDigest.Sum(0, 1))).isEqualTo(new RowDigest.Sum(1, 0));
    assertThat(new RowDigest.Sum(-1L, -1L).plus(new RowDigest.Sum(0, 1))).isEqualTo(RowDigest.Sum.ZERO);
    assertThat(new RowDigest.Sum(1, 0).minus(new RowDigest.Sum(0, 1))).isEqualTo(max);
    assertThatThrownBy(() -> RowDigest.Sum.parse("abc")).hasMessageContaining("32 hex digits");
  }
}
