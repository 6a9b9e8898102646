package co.pqr.lakehouse.run;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.lake.CommitPart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.TaskStateSnapshot;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.TestTaskStateManager;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RunStamper} in an operator harness. The stamper keeps no state of its own: the run position
 * after a restore comes only from the id of the restored checkpoint.
 */
class RunStamperHarnessTest {
  private static final String INSTANCE = "stream-20261126T104000Z-3fa2";
  private static final String TOPIC = "pqr-events";

  private OneInputStreamOperatorTestHarness<InputRecord, InputRecord> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = new OneInputStreamOperatorTestHarness<>(new RunStamper(INSTANCE, 3));
    harness.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void recordsBeforeAnyCheckpointBelongToRunZero() throws Exception {
    harness.processElement(record(0, 10), 1_000L);
    harness.processElement(record(1, 3), 1_001L);

    List<InputRecord> out = harness.extractOutputValues();
    assertThat(out).extracting(r -> r.runSeq).containsExactly(0, 0);
    assertThat(out).extracting(r -> r.runId).containsExactly(INSTANCE + "-00000", INSTANCE + "-00000");
  }

  @Test
  void stampedRecordKeepsItsCoordinatesBytesAndTimestamp() throws Exception {
    InputRecord in = record(2, 41);
    harness.processElement(in, 1_234L);

    @SuppressWarnings("unchecked")
    StreamRecord<InputRecord> out = (StreamRecord<InputRecord>) harness.getOutput().poll();
    assertThat(out.getTimestamp()).isEqualTo(1_234L);
    InputRecord r = out.getValue();
    assertThat(r.topic).isEqualTo(TOPIC);
    assertThat(r.partition).isEqualTo(2);
    assertThat(r.offset).isEqualTo(41L);
    assertThat(r.timestampMs).isEqualTo(1_700_000_000_041L);
    assertThat(r.key).isEqualTo("case-41".getBytes(StandardCharsets.UTF_8));
    assertThat(r.value).isEqualTo("{\"n\":41}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void recordsAfterTheThirdBarrierBelongToTheNextRun() throws Exception {
    harness.processElement(record(0, 0), 1L);
    harness.prepareSnapshotPreBarrier(1);
    harness.processElement(record(0, 1), 2L);
    harness.prepareSnapshotPreBarrier(2);
    harness.processElement(record(0, 2), 3L);
    harness.prepareSnapshotPreBarrier(3);
    harness.processElement(record(0, 3), 4L);
    harness.processElement(record(0, 4), 5L);

    List<InputRecord> out = harness.extractOutputValues();
    assertThat(out).extracting(r -> r.runSeq).containsExactly(0, 0, 0, 1, 1);
    assertThat(out).extracting(r -> r.runId).containsExactly(
        INSTANCE + "-00000", INSTANCE + "-00000", INSTANCE + "-00000", INSTANCE + "-00001", INSTANCE + "-00001");
  }

  @Test
  void eachBarrierEmitsTheCountAndOffsetRangePerPartitionSinceThePreviousOne() throws Exception {
    long before = System.currentTimeMillis();
    harness.processElement(record(0, 12), 1L);
    harness.processElement(record(0, 10), 2L);
    harness.processElement(record(1, 7), 3L);
    harness.processElement(record(0, 11), 4L);
    harness.processElement(record(1, 5), 5L);
    harness.prepareSnapshotPreBarrier(1);
    long after = System.currentTimeMillis();
    harness.processElement(record(1, 8), 6L);
    harness.prepareSnapshotPreBarrier(2);

    List<CommitPart> stats = stats();
    assertThat(stats).hasSize(2);

    CommitPart first = stats.get(0);
    assertThat(first.isStats()).isTrue();
    assertThat(first.table).isEqualTo(CommitPart.STATS);
    assertThat(first.checkpointId).isEqualTo(1L);
    assertThat(first.runId).isEqualTo(INSTANCE + "-00000");
    assertThat(first.runSeq).isZero();
    assertThat(first.subtask).isZero();
    assertThat(first.records).isEqualTo(5L);
    assertThat(first.fromOffsets).isEqualTo(Map.of(TOPIC + "/0", 10L, TOPIC + "/1", 5L));
    assertThat(first.toOffsets).isEqualTo(Map.of(TOPIC + "/0", 12L, TOPIC + "/1", 7L));
    assertThat(first.writeResult).isNull();
    assertThat(first.firstSeenMs).isBetween(before, after);

    CommitPart second = stats.get(1);
    assertThat(second.checkpointId).isEqualTo(2L);
    assertThat(second.runId).isEqualTo(INSTANCE + "-00000");
    assertThat(second.records).isEqualTo(1L);
    assertThat(second.fromOffsets).isEqualTo(Map.of(TOPIC + "/1", 8L));
    assertThat(second.toOffsets).isEqualTo(Map.of(TOPIC + "/1", 8L));
  }

  @Test
  void statsCarryTheRunOfTheirRecords() throws Exception {
    for (long barrier = 1; barrier <= 4; barrier++) {
      harness.processElement(record(0, barrier), barrier);
      harness.prepareSnapshotPreBarrier(barrier);
    }

    assertThat(stats()).extracting(p -> p.checkpointId).containsExactly(1L, 2L, 3L, 4L);
    assertThat(stats()).extracting(p -> p.runSeq).containsExactly(0, 0, 0, 1);
    assertThat(stats()).extracting(p -> p.runId)
        .containsExactly(INSTANCE + "-00000", INSTANCE + "-00000", INSTANCE + "-00000", INSTANCE + "-00001");
  }

  @Test
  void emptyEpochEmitsNoStats() throws Exception {
    harness.prepareSnapshotPreBarrier(1);
    harness.processElement(record(0, 0), 1L);
    harness.prepareSnapshotPreBarrier(2);
    harness.prepareSnapshotPreBarrier(3);

    assertThat(stats()).extracting(p -> p.checkpointId).containsExactly(2L);
  }

  @Test
  void endOfInputEmitsTheFinalStatsPartForTheNextCheckpoint() throws Exception {
    harness.processElement(record(0, 0), 1L);
    harness.prepareSnapshotPreBarrier(1);
    harness.processElement(record(0, 1), 2L);
    harness.processElement(record(0, 2), 3L);
    harness.endInput();

    List<CommitPart> stats = stats();
    // the checkpoint after the last barrier: later checkpoints may complete (other subtasks run on)
    assertThat(stats).extracting(p -> p.checkpointId).containsExactly(1L, 2L);
    CommitPart last = stats.get(1);
    assertThat(last.records).isEqualTo(2L);
    assertThat(last.runId).isEqualTo(INSTANCE + "-00000");
    assertThat(last.fromOffsets).isEqualTo(Map.of(TOPIC + "/0", 1L));
    assertThat(last.toOffsets).isEqualTo(Map.of(TOPIC + "/0", 2L));
  }

  @Test
  void endOfInputRightAfterABarrierEmitsNothingMore() throws Exception {
    harness.processElement(record(0, 0), 1L);
    harness.prepareSnapshotPreBarrier(1);
    harness.endInput();

    assertThat(stats()).extracting(p -> p.checkpointId).containsExactly(1L);
  }

  @Test
  void statsNameTheSubtaskThatCountedThem() throws Exception {
    try (OneInputStreamOperatorTestHarness<InputRecord, InputRecord> third =
        new OneInputStreamOperatorTestHarness<>(new RunStamper(INSTANCE, 3), 8, 3, 2)) {
      third.open();
      third.processElement(record(0, 0), 1L);
      third.prepareSnapshotPreBarrier(1);

      assertThat(stats(third)).extracting(p -> p.subtask).containsExactly(2);
    }
  }

  @Test
  void afterRestoreFromCheckpointFourRecordsBelongToRunOne() throws Exception {
    harness.processElement(record(0, 0), 1L);
    for (long barrier = 1; barrier <= 4; barrier++) {
      harness.prepareSnapshotPreBarrier(barrier);
    }
    OperatorSubtaskState snapshot = harness.snapshot(4, 4_000L);

    assertThat(snapshot.getManagedOperatorState()).isEmpty();
    assertThat(snapshot.getManagedKeyedState()).isEmpty();

    try (MockEnvironment env = new MockEnvironmentBuilder()
            .setTaskStateManager(new RestoringTaskStateManager(4))
            .setMaxParallelism(1).setParallelism(1).setSubtaskIndex(0)
            .build();
        OneInputStreamOperatorTestHarness<InputRecord, InputRecord> restored =
            new OneInputStreamOperatorTestHarness<>(new RunStamper(INSTANCE, 3), env)) {
      restored.initializeState(snapshot);
      restored.open();

      restored.processElement(record(0, 1), 5L);
      restored.prepareSnapshotPreBarrier(5);
      restored.processElement(record(0, 2), 6L);
      restored.prepareSnapshotPreBarrier(6);
      restored.processElement(record(0, 3), 7L);

      assertThat(restored.extractOutputValues()).extracting(r -> r.runSeq).containsExactly(1, 1, 2);
      assertThat(restored.extractOutputValues()).extracting(r -> r.runId)
          .containsExactly(INSTANCE + "-00001", INSTANCE + "-00001", INSTANCE + "-00002");
      assertThat(stats(restored)).extracting(p -> p.checkpointId).containsExactly(5L, 6L);
      assertThat(stats(restored)).extracting(p -> p.runSeq).containsExactly(1, 1);
    }
  }

  private List<CommitPart> stats() {
    return stats(harness);
  }

  private static List<CommitPart> stats(OneInputStreamOperatorTestHarness<InputRecord, InputRecord> h) {
    Queue<StreamRecord<CommitPart>> queue = h.getSideOutput(RunStamper.STATS);
    List<CommitPart> parts = new ArrayList<>();
    if (queue != null) {
      queue.forEach(r -> parts.add(r.getValue()));
    }
    return parts;
  }

  private static InputRecord record(int partition, long offset) {
    return new InputRecord(TOPIC, partition, offset, 1_700_000_000_000L + offset,
        ("case-" + offset).getBytes(StandardCharsets.UTF_8),
        ("{\"n\":" + offset + "}").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Files the snapshot the harness restores under checkpoint {@code checkpointId}, as a real task
   * restore does; the stock harness files it under checkpoint 0.
   */
  private static final class RestoringTaskStateManager extends TestTaskStateManager {
    private final long checkpointId;

    RestoringTaskStateManager(long checkpointId) {
      this.checkpointId = checkpointId;
    }

    @Override
    public void setReportedCheckpointId(long ignored) {
      super.setReportedCheckpointId(checkpointId);
    }

    @Override
    public void setJobManagerTaskStateSnapshotsByCheckpointId(Map<Long, TaskStateSnapshot> snapshots) {
      super.setJobManagerTaskStateSnapshotsByCheckpointId(underCheckpoint(snapshots));
    }

    @Override
    public void setTaskManagerTaskStateSnapshotsByCheckpointId(Map<Long, TaskStateSnapshot> snapshots) {
      super.setTaskManagerTaskStateSnapshotsByCheckpointId(underCheckpoint(snapshots));
    }

    private Map<Long, TaskStateSnapshot> underCheckpoint(Map<Long, TaskStateSnapshot> snapshots) {
      Map<Long, TaskStateSnapshot> byId = new HashMap<>();
      snapshots.values().forEach(s -> byId.put(checkpointId, s));
      return byId;
    }
  }
}
