package co.pqr.lakehouse.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Commit keys name the job instance that wrote the files, which a resubmitted job reads from the run id. */
class JobInstanceOfTest {
  @Test
  void theWriterInstanceIsTheRunIdWithoutItsSequence() {
    String instance = RunIds.newJobInstance("stream", Instant.parse("2026-11-26T10:15:00Z"));
    assertThat(RunIds.jobInstanceOf(RunIds.runId(instance, 7))).isEqualTo(instance);
    assertThat(RunIds.jobInstanceOf(RunIds.runId(instance, 123456))).isEqualTo(instance);
  }
}
