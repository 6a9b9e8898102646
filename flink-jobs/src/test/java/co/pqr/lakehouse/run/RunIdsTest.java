package co.pqr.lakehouse.run;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.lake.CommitPart;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunIdsTest {

  @Test
  void recordsBeforeTheFirstBarrierBelongToRunZero() {
    assertThat(RunIds.runSeqAfter(0, 3)).isZero();
  }

  @Test
  void runSequenceAdvancesEveryCheckpointsPerRunBarriers() {
    assertThat(RunIds.runSeqAfter(1, 3)).isZero();
    assertThat(RunIds.runSeqAfter(2, 3)).isZero();
    assertThat(RunIds.runSeqAfter(3, 3)).isEqualTo(1);
    assertThat(RunIds.runSeqAfter(5, 3)).isEqualTo(1);
    assertThat(RunIds.runSeqAfter(6, 3)).isEqualTo(2);
  }

  @Test
  void oneCheckpointPerRunMakesEveryBarrierARunBoundary() {
    assertThat(RunIds.runSeqAfter(7, 1)).isEqualTo(7);
    assertThat(RunIds.closedBy(6, 7, 1)).isTrue();
    assertThat(RunIds.closedBy(7, 7, 1)).isFalse();
  }

  @Test
  void backfillRunWindowKeepsEveryRecordInRunZero() {
    assertThat(RunIds.runSeqAfter(1_000_000, Integer.MAX_VALUE)).isZero();
    assertThat(RunIds.closedBy(0, 1_000_000, Integer.MAX_VALUE)).isFalse();
    assertThat(RunIds.closedBy(0, CommitPart.END_OF_INPUT, Integer.MAX_VALUE)).isTrue();
  }

  @Test
  void runIsClosedExactlyFromTheBarrierThatStartsTheNextRun() {
    assertThat(RunIds.closedBy(0, 1, 3)).isFalse();
    assertThat(RunIds.closedBy(0, 2, 3)).isFalse();
    assertThat(RunIds.closedBy(0, 3, 3)).isTrue();
    assertThat(RunIds.closedBy(1, 5, 3)).isFalse();
    assertThat(RunIds.closedBy(1, 6, 3)).isTrue();
  }

  @Test
  void laterCheckpointStillClosesARunWhoseClosingCheckpointWasSkipped() {
    // Checkpoint 6 failed; 7 is the first to complete: run 1 (barriers 3..5) is closed by it, run 2 is not.
    assertThat(RunIds.closedBy(1, 7, 3)).isTrue();
    assertThat(RunIds.closedBy(2, 7, 3)).isFalse();
  }

  @Test
  void endOfInputClosesEveryRun() {
    assertThat(RunIds.closedBy(0, CommitPart.END_OF_INPUT, 3)).isTrue();
    assertThat(RunIds.closedBy(1_000_000, CommitPart.END_OF_INPUT, 3)).isTrue();
  }

  @Test
  void recordsAfterABarrierAreClosedByTheNextBarrierOnlyAtARunBoundary() {
    int perRun = 4;
    for (long barrier = 0; barrier < 40; barrier++) {
      int seq = RunIds.runSeqAfter(barrier, perRun);
      assertThat(RunIds.closedBy(seq, barrier + 1, perRun))
          .as("records after barrier %d (run %d) closed by barrier %d", barrier, seq, barrier + 1)
          .isEqualTo((barrier + 1) % perRun == 0);
    }
  }

  @Test
  void runIdPadsTheSequenceToFiveDigits() {
    assertThat(RunIds.runId("stream-20261126T104000Z-3fa2", 0)).isEqualTo("stream-20261126T104000Z-3fa2-00000");
    assertThat(RunIds.runId("stream-20261126T104000Z-3fa2", 7)).isEqualTo("stream-20261126T104000Z-3fa2-00007");
    assertThat(RunIds.runId("stream-20261126T104000Z-3fa2", 99_999)).isEqualTo("stream-20261126T104000Z-3fa2-99999");
  }

  @Test
  void runIdKeepsSequencesBeyondFiveDigitsWhole() {
    assertThat(RunIds.runId("backfill-x", 123_456)).isEqualTo("backfill-x-123456");
  }

  @Test
  void jobInstanceIsModeUtcSubmissionStampAndFourHexDigits() {
    String instance = RunIds.newJobInstance("stream", Instant.parse("2026-11-26T10:40:00.987Z"));

    assertThat(instance).matches("stream-20261126T104000Z-[0-9a-f]{4}");
  }
}
