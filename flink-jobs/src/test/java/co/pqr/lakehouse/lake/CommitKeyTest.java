package co.pqr.lakehouse.lake;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.run.RunIds;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Commit keys name the job instance that wrote the files, which a resubmitted job reads from the run id. */
class CommitKeyTest {
  @Test
  void theWriterInstanceIsTheRunIdWithoutItsSequence() {
    String instance = RunIds.newJobInstance("stream", Instant.parse("2026-11-26T10:15:00Z"));
    assertThat(LakehouseCommitter.writerInstance(RunIds.runId(instance, 7))).isEqualTo(instance);
    assertThat(LakehouseCommitter.writerInstance(RunIds.runId(instance, 123456))).isEqualTo(instance);
  }
}
