package co.pqr.lakehouse.silver;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.bronze.BronzeEvent;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Deduplicator} without a Silver snapshot at start, so only its keyed state decides.
 *
 * <p>Dedup state is kept on purpose, with no TTL and no cleanup timer: Silver promises one row per
 * event_id, so a redelivery must be caught however late it arrives. Each test therefore asserts one
 * keyed-state entry per distinct event id and no timers.
 */
class DeduplicatorHarnessTest {
  private static final String ID_A = "7d2c9a10-3b4e-4f8a-8c2d-1e5f6a7b8c9d";
  private static final String ID_B = "0b6f3f4e-6a1d-4c55-9a51-0e6f6f2a9c01";

  private KeyedOneInputStreamOperatorTestHarness<String, BronzeEvent, BronzeEvent> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new Deduplicator(null, null), e -> e.eventId, Types.STRING);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void firstOccurrencePasses() throws Exception {
    harness.processElement(event(ID_A, 10), 1L);

    assertThat(harness.extractOutputValues()).extracting(e -> e.eventId).containsExactly(ID_A);
    assertThat(harness.extractOutputValues().get(0).sourceOffset).isEqualTo(10L);
    assertKeptStateFor(1);
  }

  @Test
  void exactRedeliveryIsDropped() throws Exception {
    harness.processElement(event(ID_A, 10), 1L);
    harness.processElement(event(ID_A, 10), 2L);

    assertThat(harness.extractOutputValues()).extracting(e -> e.sourceOffset).containsExactly(10L);
    assertKeptStateFor(1);
  }

  @Test
  void redeliveryAtAnotherOffsetIsDropped() throws Exception {
    harness.processElement(event(ID_A, 10), 1L);
    harness.processElement(event(ID_A, 99), 2L);

    assertThat(harness.extractOutputValues()).extracting(e -> e.sourceOffset).containsExactly(10L);
    assertKeptStateFor(1);
  }

  @Test
  void twoDifferentIdsBothPass() throws Exception {
    harness.processElement(event(ID_A, 10), 1L);
    harness.processElement(event(ID_B, 11), 2L);

    assertThat(harness.extractOutputValues()).extracting(e -> e.eventId).containsExactly(ID_A, ID_B);
    assertKeptStateFor(2);
  }

  @Test
  void redeliveryAfterRestoreIsStillDropped() throws Exception {
    harness.processElement(event(ID_A, 10), 1L);
    harness.processElement(event(ID_B, 11), 2L);
    OperatorSubtaskState snapshot = harness.snapshot(1, 3L);

    try (KeyedOneInputStreamOperatorTestHarness<String, BronzeEvent, BronzeEvent> restored =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new Deduplicator(null, null)), e -> e.eventId, Types.STRING)) {
      restored.initializeState(snapshot);
      restored.open();

      assertThat(restored.numKeyedStateEntries()).isEqualTo(2);

      String idC = "3e4f5a6b-7c8d-49e0-a1b2-c3d4e5f6a7b8";
      restored.processElement(event(ID_A, 40), 4L);
      restored.processElement(event(idC, 41), 5L);
      restored.processElement(event(ID_B, 42), 6L);

      assertThat(restored.extractOutputValues()).extracting(e -> e.eventId).containsExactly(idC);
      assertThat(restored.numKeyedStateEntries()).isEqualTo(3);
      assertThat(restored.numEventTimeTimers()).isZero();
      assertThat(restored.numProcessingTimeTimers()).isZero();
    }
  }

  @Test
  void stateIsNotExpiredByTimePassing() throws Exception {
    harness.processElement(event(ID_A, 10), 1L);
    harness.setProcessingTime(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
    harness.processWatermark(Long.MAX_VALUE - 1);
    harness.processElement(event(ID_A, 11), 2L);

    assertThat(harness.extractOutputValues()).extracting(e -> e.sourceOffset).containsExactly(10L);
    assertKeptStateFor(1);
  }

  /** One deliberately kept entry per distinct event id, and no timer that would clear it. */
  private void assertKeptStateFor(int distinctIds) {
    assertThat(harness.numKeyedStateEntries()).isEqualTo(distinctIds);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  private static BronzeEvent event(String eventId, long offset) {
    BronzeEvent e = new BronzeEvent();
    e.eventId = eventId;
    e.schemaVersion = 1;
    e.eventType = "RADICADA";
    e.eventTime = Instant.parse("2026-03-05T04:30:00Z");
    e.pqrId = "EPM-2026-0009876";
    e.tenantId = "epm";
    e.payload = new byte[] {'{', '}'};
    e.sourceTopic = "pqr-events";
    e.sourcePartition = 0;
    e.sourceOffset = offset;
    e.sourceTimestamp = Instant.parse("2026-03-05T05:00:00Z");
    e.runId = "stream-20261126T104000Z-3fa2-00000";
    return e;
  }
}
