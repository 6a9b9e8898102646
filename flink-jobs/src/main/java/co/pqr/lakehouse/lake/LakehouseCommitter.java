package co.pqr.lakehouse.lake;

import org.apache.iceberg.jdbc.JdbcCatalog;

import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.metrics.LabelledCounters;
import co.pqr.lakehouse.run.RunIds;
import co.pqr.lakehouse.run.RunLedger;
import co.pqr.lakehouse.run.RunTally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single committer of the lakehouse (parallelism 1). It keeps the files and counts handed over
 * at each barrier in its checkpointed state and, once that checkpoint is complete (or the bounded
 * input has ended), appends them to Iceberg — one commit per table and run, with the run id and an
 * idempotency key in the snapshot summary, so a commit repeated after a restart is skipped. When the
 * completed checkpoint closes a run, the run's row goes to {@code control.runs}: after its data.
 */
public class LakehouseCommitter extends AbstractStreamOperator<String>
    implements OneInputStreamOperator<CommitPart, String>, BoundedOneInput {

  private static final Logger LOG = LoggerFactory.getLogger(LakehouseCommitter.class);
  public static final String JOB_INSTANCE_PROPERTY = "pqr.job-instance";

  private final CatalogSettings catalogSettings;
  private final RunLedger ledger;
  private final String jobInstance;
  private final int checkpointsPerRun;

  private transient ListState<CommitPart> pendingState;
  private transient ListState<RunTally> talliesState;
  private transient List<CommitPart> pending;
  private transient Map<Integer, RunTally> tallies;
  private transient JdbcCatalog catalog;
  private transient java.util.concurrent.ExecutorService commitPool;
  private transient LabelledCounters commits;
  private transient LabelledCounters committedRecords;
  private transient Map<String, Long> lastCommitMs;
  private transient org.apache.flink.metrics.Counter runsClosed;
  private transient volatile int lastClosedRunSeq;

  public LakehouseCommitter(CatalogSettings catalogSettings, RunLedger ledger, String jobInstance, int checkpointsPerRun) {
    this.catalogSettings = catalogSettings;
    this.ledger = ledger;
    this.jobInstance = jobInstance;
    this.checkpointsPerRun = checkpointsPerRun;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    pendingState = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("pending-parts", CommitPart.class));
    talliesState = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("run-tallies", RunTally.class));
    pending = new ArrayList<>();
    tallies = new TreeMap<>();
    for (CommitPart p : pendingState.get()) {
      pending.add(p);
    }
    for (RunTally t : talliesState.get()) {
      tallies.put(t.runSeq, t);
    }
    catalog = LakehouseCatalog.open(catalogSettings);
    commitPool = java.util.concurrent.Executors.newFixedThreadPool(3, r -> {
      Thread t = new Thread(r, "iceberg-commit");
      t.setDaemon(true);
      return t;
    });
    registerMetrics();
    if (context.isRestored()) {
      // The restored checkpoint is complete, but its notification may never have reached us.
      commitUpTo(context.getRestoredCheckpointId().orElse(0L));
      closeRunsOfEarlierJobs();
    }
  }

  /**
   * A restart from a savepoint is a new job instance with new run ids: the earlier job's open run
   * gets nothing more (its records up to the savepoint were just committed), so it closes now. This
   * also keeps its tally from merging with the new job's run of the same sequence number.
   */
  private void closeRunsOfEarlierJobs() throws Exception {
    List<RunTally> earlier = new ArrayList<>();
    for (RunTally tally : tallies.values()) {
      if (!RunIds.jobInstanceOf(tally.runId).equals(jobInstance)) {
        earlier.add(tally);
      }
    }
    for (RunTally tally : earlier) {
      close(tally);
    }
  }

  private void close(RunTally tally) throws Exception {
    addCurrentSnapshots(tally);
    ledger.record(tally, Instant.now());
    tallies.remove(tally.runSeq);
    runsClosed.inc();
    lastClosedRunSeq = Math.max(lastClosedRunSeq, tally.runSeq);
    output.collect(new StreamRecord<>(tally.runId));
    LOG.info("Run {} closed: in={} committed={}", tally.runId, tally.recordsIn, tally.committedRecords);
  }

  private void registerMetrics() {
    commits = new LabelledCounters(getMetricGroup(), "table", "iceberg_commits");
    committedRecords = new LabelledCounters(getMetricGroup(), "table", "iceberg_committed_records");
    org.apache.flink.metrics.MetricGroup pqr = getMetricGroup().addGroup(LabelledCounters.GROUP);
    runsClosed = pqr.counter("runs_closed");
    lastClosedRunSeq = -1;
    pqr.gauge("last_closed_run_seq", () -> lastClosedRunSeq);
    lastCommitMs = new java.util.concurrent.ConcurrentHashMap<>();
    long started = System.currentTimeMillis();
    for (TableIdentifier id : List.of(LakehouseTables.BRONZE, LakehouseTables.QUARANTINE, LakehouseTables.SILVER)) {
      String table = id.toString();
      lastCommitMs.put(table, started);
      pqr.addGroup("table", table).gauge("iceberg_commit_age_seconds",
          () -> (System.currentTimeMillis() - lastCommitMs.get(table)) / 1000.0);
    }
  }

  @Override
  public void processElement(StreamRecord<CommitPart> element) {
    pending.add(element.getValue());
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    pendingState.update(pending);
    talliesState.update(new ArrayList<>(tallies.values()));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    commitUpTo(checkpointId);
  }

  @Override
  public void endInput() throws Exception {
    commitUpTo(CommitPart.END_OF_INPUT);
  }

  private void commitUpTo(long checkpointId) throws Exception {
    // (runSeq, table) -> parts ready to commit
    Map<String, List<CommitPart>> groups = new TreeMap<>();
    for (Iterator<CommitPart> it = pending.iterator(); it.hasNext(); ) {
      CommitPart part = it.next();
      if (part.checkpointId > checkpointId) {
        continue;
      }
      it.remove();
      RunTally tally = tallies.computeIfAbsent(part.runSeq, seq -> new RunTally(part.runId, seq));
      if (part.isStats()) {
        tally.recordsIn += part.records;
        tally.firstSeenMs = Math.min(tally.firstSeenMs, part.firstSeenMs);
        part.fromOffsets.forEach((tp, o) -> tally.fromOffsets.merge(tp, o, Math::min));
        part.toOffsets.forEach((tp, o) -> tally.toOffsets.merge(tp, o, Math::max));
      } else {
        groups.computeIfAbsent(String.format(java.util.Locale.ROOT, "%010d|%s", part.runSeq, part.table), k -> new ArrayList<>()).add(part);
      }
    }
    // Tables are committed in parallel (independent Iceberg commits); each table's groups in run order.
    Map<String, List<List<CommitPart>>> byTable = new TreeMap<>();
    for (List<CommitPart> group : groups.values()) {
      byTable.computeIfAbsent(group.get(0).table, t -> new ArrayList<>()).add(group);
    }
    List<java.util.concurrent.Future<List<Committed>>> futures = new ArrayList<>();
    for (List<List<CommitPart>> tableGroups : byTable.values()) {
      futures.add(commitPool.submit(() -> {
        List<Committed> done = new ArrayList<>();
        for (List<CommitPart> group : tableGroups) {
          done.add(commitToIceberg(group));
        }
        return done;
      }));
    }
    for (java.util.concurrent.Future<List<Committed>> f : futures) {
      List<Committed> done;
      try {
        done = f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
      for (Committed c : done) {
        record(c);
      }
    }
    List<RunTally> closed = new ArrayList<>();
    for (RunTally tally : tallies.values()) {
      if (RunIds.closedBy(tally.runSeq, checkpointId, checkpointsPerRun)) {
        closed.add(tally);
      }
    }
    for (RunTally tally : closed) {
      close(tally);
    }
  }

  /**
   * For the tables a closing run did not write, their last snapshot before any later run of this job
   * wrote to them (null: still empty), so that "as of run R" is defined for every table. (One
   * completed checkpoint can commit the parts of several runs before they close.)
   */
  private void addCurrentSnapshots(RunTally tally) {
    String job = tally.runId.substring(0, tally.runId.lastIndexOf('-') + 1);
    for (TableIdentifier id : List.of(LakehouseTables.BRONZE, LakehouseTables.QUARANTINE, LakehouseTables.SILVER)) {
      if (tally.snapshotIds.containsKey(id.toString())) {
        continue;
      }
      Long asOf = null;
      for (Snapshot s : catalog.loadTable(id).snapshots()) {
        String writer = s.summary().get(LakehouseTables.RUN_ID_PROPERTY);
        if (writer != null && writer.startsWith(job) && writer.length() > job.length()
            && Integer.parseInt(writer.substring(job.length())) > tally.runSeq) {
          break;
        }
        asOf = s.snapshotId();
      }
      tally.snapshotIds.put(id.toString(), asOf);
    }
  }

  /** The outcome of one group's commit: its snapshot (new, or found from an earlier attempt). */
  private record Committed(List<CommitPart> group, Long snapshotId, boolean fresh) {}

  private Committed commitToIceberg(List<CommitPart> group) throws Exception {
    group.sort(Comparator.comparingLong((CommitPart p) -> p.checkpointId).thenComparingInt(p -> p.subtask));
    CommitPart first = group.get(0);
    long maxCheckpoint = group.get(group.size() - 1).checkpointId;
    // The run's own job instance, not this one: after a restart from a savepoint (a new job instance)
    // the restored parts of the earlier job must find the commits it already made.
    String commitKey = RunIds.jobInstanceOf(first.runId) + "|" + first.table + "|" + first.runId + "|" + maxCheckpoint;
    Table table = catalog.loadTable(TableIdentifier.parse(first.table));
    Long snapshotId = findCommit(table, commitKey);
    if (snapshotId != null) {
      LOG.info("Skipping commit {}: already in snapshot {}", commitKey, snapshotId);
      return new Committed(group, snapshotId, false);
    }
    AppendFiles append = table.newAppend();
    for (CommitPart part : group) {
      WriteResult result = InstantiationUtil.deserializeObject(part.writeResult, getUserCodeClassloader());
      for (DataFile file : result.dataFiles()) {
        append.appendFile(file);
      }
    }
    append.set(LakehouseTables.RUN_ID_PROPERTY, first.runId);
    append.set(LakehouseTables.COMMIT_KEY_PROPERTY, commitKey);
    append.set(JOB_INSTANCE_PROPERTY, jobInstance);
    append.commit();
    table.refresh();
    return new Committed(group, findCommit(table, commitKey), true);
  }

  private void record(Committed c) {
    CommitPart first = c.group().get(0);
    long records = 0;
    RowDigest.Sum digest = RowDigest.Sum.ZERO;
    for (CommitPart part : c.group()) {
      records += part.records;
      digest = digest.plus(new RowDigest.Sum(part.digestHi, part.digestLo));
    }
    if (c.fresh()) {
      commits.inc(first.table);
    }
    committedRecords.inc(first.table, records);
    lastCommitMs.put(first.table, System.currentTimeMillis());
    RunTally tally = tallies.computeIfAbsent(first.runSeq, seq -> new RunTally(first.runId, seq));
    tally.committedRecords.merge(first.table, records, Long::sum);
    tally.addDigest(first.table, digest);
    if (c.snapshotId() != null) {
      tally.snapshotIds.put(first.table, c.snapshotId());
    }
  }

  private static Long findCommit(Table table, String commitKey) {
    Long found = null;
    for (Snapshot s : table.snapshots()) {
      if (commitKey.equals(s.summary().get(LakehouseTables.COMMIT_KEY_PROPERTY))) {
        found = s.snapshotId();
      }
    }
    return found;
  }

  @Override
  public void close() throws Exception {
    if (commitPool != null) {
      commitPool.shutdownNow();
    }
    if (catalog != null) {
      catalog.close();
    }
    super.close();
  }
}
