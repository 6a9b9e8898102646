package co.pqr.lakehouse.run;

import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.lake.CommitPart;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Assigns every incoming record to its run and counts what came in. Runs are windows of
 * checkpoints: the records after barrier {@code c} belong to run {@code c / checkpointsPerRun}, so
 * every parallel subtask agrees on run boundaries without talking to the others, and a run ends
 * exactly at a checkpoint. At each barrier the count and the source offset range of the records let
 * in since the previous one go to the committer on {@link #STATS}.
 */
public class RunStamper extends AbstractStreamOperator<InputRecord>
    implements OneInputStreamOperator<InputRecord, InputRecord>, BoundedOneInput {

  public static final OutputTag<CommitPart> STATS = new OutputTag<>("run-stats") {};

  private final String jobInstance;
  private final int checkpointsPerRun;

  private transient long lastBarrier;
  private transient CommitPart pending;
  private transient org.apache.flink.metrics.Counter recordsIn;
  private transient volatile int currentRunSeq;

  public RunStamper(String jobInstance, int checkpointsPerRun) {
    this.jobInstance = jobInstance;
    this.checkpointsPerRun = checkpointsPerRun;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    lastBarrier = context.getRestoredCheckpointId().orElse(0L);
  }

  @Override
  public void open() throws Exception {
    super.open();
    org.apache.flink.metrics.MetricGroup pqr = getMetricGroup().addGroup(co.pqr.lakehouse.metrics.LabelledCounters.GROUP);
    recordsIn = pqr.counter("records_in");
    currentRunSeq = RunIds.runSeqAfter(lastBarrier, checkpointsPerRun);
    pqr.gauge("current_run_seq", () -> currentRunSeq);
  }

  @Override
  public void processElement(StreamRecord<InputRecord> element) {
    InputRecord record = element.getValue();
    int seq = RunIds.runSeqAfter(lastBarrier, checkpointsPerRun);
    record.runSeq = seq;
    record.runId = RunIds.runId(jobInstance, seq);
    currentRunSeq = seq;
    if (recordsIn != null) {
      recordsIn.inc();
    }
    if (pending == null) {
      pending = new CommitPart();
      pending.table = CommitPart.STATS;
      pending.runId = record.runId;
      pending.runSeq = seq;
      pending.subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
      pending.firstSeenMs = System.currentTimeMillis();
    }
    pending.records++;
    String tp = record.topic + "/" + record.partition;
    pending.fromOffsets.merge(tp, record.offset, Math::min);
    pending.toOffsets.merge(tp, record.offset, Math::max);
    output.collect(element);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    emit(checkpointId);
    lastBarrier = checkpointId;
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() {
    // The next checkpoint after this subtask's last barrier, not END_OF_INPUT: in a bounded stream one
    // subtask may end while others run on, and the run these records belong to closes at a checkpoint.
    emit(lastBarrier + 1);
  }

  private void emit(long checkpointId) {
    if (pending == null) {
      return;
    }
    pending.checkpointId = checkpointId;
    output.collect(STATS, new StreamRecord<>(pending));
    pending = null;
  }
}
