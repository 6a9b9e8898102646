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
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single committer of the lakehouse (parallelism 1). It keeps the files and counts handed over
 * at each barrier in its checkpointed state and, once that checkpoint is complete (or the bounded
 * input has ended), appends them to Iceberg — one commit per table and run, with the run id and the
 * ids of the parts it holds ({@link #PARTS_PROPERTY}) in the snapshot summary. A part already in the
 * table's history (a restart after a commit whose notification was lost, or a restore from an older
 * checkpoint or savepoint) is not appended again. When the completed checkpoint closes a run, the
 * run's row goes to {@code control.runs}: after its data.
 *
 * <p>Silver commits are arbitrated across jobs ({@link SilverArbitration}). In stream mode every
 * commit also records the lineage's committed source offsets ({@link SourceProgress}); an execution
 * started for the same lineage closes the runs an earlier execution left open (cancelled, or
 * restored from a savepoint: those runs get no more data), from what Iceberg holds of them.
 */
public class LakehouseCommitter extends AbstractStreamOperator<String>
    implements OneInputStreamOperator<CommitPart, String>, BoundedOneInput {

  private static final Logger LOG = LoggerFactory.getLogger(LakehouseCommitter.class);
  public static final String JOB_INSTANCE_PROPERTY = "pqr.job-instance";
  /** "partId=rows;..." of the parts a snapshot appended (rows after Silver arbitration). */
  public static final String PARTS_PROPERTY = "pqr.parts";
  /** JSON {"in": records in so far, "from": {...}, "to": {...}} of the commit's run (stream mode). */
  public static final String RUN_INPUT_PROPERTY = "pqr.run-input";

  /**
   * A fault injected by tests between a checkpoint's completion and its commit: it runs on the
   * commit notification before anything is committed. Null (none) unless a test sets one.
   */
  public interface CommitFaultHook extends java.io.Serializable {
    void beforeCommit(long checkpointId) throws Exception;
  }

  private final CatalogSettings catalogSettings;
  private final RunLedger ledger;
  private final String jobInstance;
  private final int checkpointsPerRun;
  private final Long silverSnapshotAtStart;
  private final String lineage;
  private CommitFaultHook faultHook;

  private transient ListState<CommitPart> pendingState;
  private transient ListState<Long> lastSilverState;
  /** The last Silver snapshot this job knows: at submission, then its own last Silver commit. */
  private transient volatile Long lastKnownSilver;
  /** "topic/partition" -> highest offset of the checkpoints committed so far (stream mode). */
  private transient Map<String, Long> highWater;
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
  /** A bounded stream's input has ended: a run closes once none of its parts is pending. */
  private transient boolean inputEnded;

  /**
   * @param silverSnapshotAtStart the Silver snapshot current when the job was submitted (null: empty)
   * @param lineage the stream's source lineage ({@link SourceProgress}); null for a backfill
   */
  public LakehouseCommitter(CatalogSettings catalogSettings, RunLedger ledger, String jobInstance, int checkpointsPerRun,
      Long silverSnapshotAtStart, String lineage) {
    this.catalogSettings = catalogSettings;
    this.ledger = ledger;
    this.jobInstance = jobInstance;
    this.checkpointsPerRun = checkpointsPerRun;
    this.silverSnapshotAtStart = silverSnapshotAtStart;
    this.lineage = lineage;
  }

  /** Tests only: a fault between checkpoint completion and commit. */
  public LakehouseCommitter withFaultHook(CommitFaultHook hook) {
    this.faultHook = hook;
    return this;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    pendingState = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("pending-parts", CommitPart.class));
    talliesState = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("run-tallies", RunTally.class));
    lastSilverState = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("last-known-silver-snapshot", Long.class));
    lastKnownSilver = silverSnapshotAtStart;
    for (Long id : lastSilverState.get()) {
      lastKnownSilver = id;
    }
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
    highWater = new TreeMap<>();
    if (lineage != null) {
      highWater.putAll(SourceProgress.highWater(
          List.of(catalog.loadTable(LakehouseTables.BRONZE), catalog.loadTable(LakehouseTables.QUARANTINE)), lineage));
    }
    if (context.isRestored()) {
      // The restored checkpoint is complete, but its notification may never have reached us.
      commitUpTo(context.getRestoredCheckpointId().orElse(0L));
    }
    if (lineage != null) {
      closeEarlierExecutionsRuns();
    }
  }

  /**
   * Closes the runs of this lineage that an earlier execution of the stream opened and can no longer
   * close: restored from its checkpoint (runs of another job instance get no more records) or found
   * in Iceberg without a {@code control.runs} row (the execution was cancelled). Their counts are
   * what Iceberg holds of them, so they match the committed data.
   */
  private void closeEarlierExecutionsRuns() throws Exception {
    List<Table> tables = List.of(catalog.loadTable(LakehouseTables.BRONZE),
        catalog.loadTable(LakehouseTables.QUARANTINE), catalog.loadTable(LakehouseTables.SILVER));
    Map<String, RunTally> earlier = new TreeMap<>();
    for (Table t : tables) {
      for (Snapshot s : t.snapshots()) {
        String runId = s.summary().get(LakehouseTables.RUN_ID_PROPERTY);
        if (lineage.equals(s.summary().get(SourceProgress.LINEAGE_PROPERTY)) && runId != null && !ours(runId)) {
          earlier.computeIfAbsent(runId, id -> new RunTally(id, RunIds.seqOf(id)));
        }
      }
    }
    java.util.Set<String> recorded = ledger.recorded(earlier.keySet());
    earlier.keySet().removeAll(recorded);
    for (RunTally t : tallies.values()) {
      if (!ours(t.runId)) {
        earlier.put(t.runId, t);
      }
    }
    for (RunTally tally : earlier.values()) {
      RunInput.reconcile(tally, tables);
      ledger.record(tally, Instant.now());
      tallies.values().removeIf(t -> t.runId.equals(tally.runId));
      LOG.info("Run {} of an earlier execution closed: in={} committed={}", tally.runId, tally.recordsIn,
          tally.committedRecords);
    }
  }

  private boolean ours(String runId) {
    return runId.startsWith(jobInstance + "-");
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
    lastSilverState.update(lastKnownSilver == null ? List.of() : List.of(lastKnownSilver));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    if (faultHook != null) {
      faultHook.beforeCommit(checkpointId);
    }
    commitUpTo(checkpointId);
  }

  @Override
  public void endInput() throws Exception {
    if (lineage != null) {
      inputEnded = true;
      // A bounded stream: the final checkpoint (taken after every task finished) commits the rest. Committing
      // here, before it, could lose Gold upserts: after a failure before that checkpoint, the records would
      // count as committed (and be skipped by the replay guard) while the Gold writer's last batch is gone.
      return;
    }
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
        if (lineage != null) {
          part.toOffsets.forEach((tp, o) -> highWater.merge(tp, o, Math::max));
        }
      } else {
        groups.computeIfAbsent(String.format(java.util.Locale.ROOT, "%010d|%s", part.runSeq, part.table), k -> new ArrayList<>()).add(part);
      }
    }
    // Tables are committed in parallel (independent Iceberg commits); each table's groups in run order.
    Map<String, List<List<CommitPart>>> byTable = new TreeMap<>();
    Map<Integer, String> runInputs = new TreeMap<>();
    for (List<CommitPart> group : groups.values()) {
      byTable.computeIfAbsent(group.get(0).table, t -> new ArrayList<>()).add(group);
      RunTally tally = tallies.get(group.get(0).runSeq);
      if (lineage != null && tally != null) {
        runInputs.put(tally.runSeq, RunInput.format(tally));
      }
    }
    String highWaterJson = lineage == null ? null : SourceProgress.format(highWater);
    List<java.util.concurrent.Future<List<Committed>>> futures = new ArrayList<>();
    for (List<List<CommitPart>> tableGroups : byTable.values()) {
      futures.add(commitPool.submit(() -> {
        List<Committed> done = new ArrayList<>();
        for (List<CommitPart> group : tableGroups) {
          done.add(commitToIceberg(group, runInputs.get(group.get(0).runSeq), highWaterJson));
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
      // once the input has ended no part comes any more: a run with none left pending is complete
      boolean complete = inputEnded && pending.stream().noneMatch(p -> p.runSeq == tally.runSeq);
      if (complete || RunIds.closedBy(tally.runSeq, checkpointId, checkpointsPerRun)) {
        closed.add(tally);
      }
    }
    for (RunTally tally : closed) {
      ledger.record(tally, Instant.now());
      tallies.remove(tally.runSeq);
      runsClosed.inc();
      lastClosedRunSeq = Math.max(lastClosedRunSeq, tally.runSeq);
      if (!inputEnded) {
        // after the end of input (a bounded stream's final checkpoint) nothing may be emitted downstream
        output.collect(new StreamRecord<>(tally.runId));
      }
      LOG.info("Run {} closed: in={} committed={}", tally.runId, tally.recordsIn, tally.committedRecords);
    }
  }

  /**
   * The outcome of one group's commit: its snapshot (new, or found from an earlier attempt), the
   * rows it committed, and the Silver rows arbitration removed (another job committed their events
   * first; kept for whoever needs to account for them, such as content digests).
   */
  record Committed(List<CommitPart> group, Long snapshotId, boolean fresh, long records, List<Record> removed) {}

  private Committed commitToIceberg(List<CommitPart> group, String runInput, String highWaterJson) throws Exception {
    group.sort(Comparator.comparingLong((CommitPart p) -> p.checkpointId).thenComparingInt(p -> p.subtask));
    CommitPart first = group.get(0);
    long maxCheckpoint = group.get(group.size() - 1).checkpointId;
    String commitKey = jobInstance + "|" + first.table + "|" + first.runId + "|" + maxCheckpoint;
    Table table = catalog.loadTable(TableIdentifier.parse(first.table));
    Map<String, long[]> committedParts = committedParts(table);
    long records = 0;
    Long earlierSnapshot = null;
    Map<String, List<DataFile>> fresh = new LinkedHashMap<>();
    Map<String, CommitPart> freshParts = new HashMap<>();
    for (CommitPart part : group) {
      WriteResult result = InstantiationUtil.deserializeObject(part.writeResult, getUserCodeClassloader());
      List<DataFile> files = List.of(result.dataFiles());
      String id = partId(part, files);
      long[] done = committedParts.get(id);
      if (done != null) {
        records += done[0];
        earlierSnapshot = earlierSnapshot == null ? done[1] : Math.max(earlierSnapshot, done[1]);
      } else {
        fresh.put(id, files);
        freshParts.put(id, part);
      }
    }
    if (fresh.isEmpty()) {
      LOG.info("Skipping commit {}: its parts are already committed (snapshot {})", commitKey, earlierSnapshot);
      return new Committed(group, earlierSnapshot, false, records, List.of());
    }
    boolean silver = SilverArbitration.applies(first.table);
    AutoCloseable lock = silver ? SilverArbitration.lock(catalogSettings) : null;
    try {
      List<Record> removed = new ArrayList<>();
      java.util.Set<String> taken = java.util.Set.of();
      if (silver) {
        table.refresh();
        List<Snapshot> foreign = SilverArbitration.foreignSnapshotsSince(table, lastKnownSilver, jobInstance);
        if (!foreign.isEmpty()) {
          taken = SilverArbitration.eventIdsAddedBy(table, foreign);
          LOG.info("Silver arbitration: {} snapshots of other jobs since {} hold {} events", foreign.size(),
              lastKnownSilver, taken.size());
        }
      }
      AppendFiles append = table.newAppend();
      StringBuilder parts = new StringBuilder();
      for (Map.Entry<String, List<DataFile>> e : fresh.entrySet()) {
        SilverArbitration.Filtered kept = SilverArbitration.withoutEvents(table, e.getValue(), taken);
        kept.files().forEach(append::appendFile);
        removed.addAll(kept.removed());
        long rows = freshParts.get(e.getKey()).records - kept.removed().size();
        records += rows;
        parts.append(parts.length() == 0 ? "" : ";").append(e.getKey()).append('=').append(rows);
      }
      append.set(LakehouseTables.RUN_ID_PROPERTY, first.runId);
      append.set(LakehouseTables.COMMIT_KEY_PROPERTY, commitKey);
      append.set(JOB_INSTANCE_PROPERTY, jobInstance);
      append.set(PARTS_PROPERTY, parts.toString());
      if (lineage != null) {
        append.set(SourceProgress.LINEAGE_PROPERTY, lineage);
        append.set(SourceProgress.HIGH_WATER_PROPERTY, highWaterJson);
        if (runInput != null) {
          append.set(RUN_INPUT_PROPERTY, runInput);
        }
      }
      append.commit();
      table.refresh();
      Long snapshotId = findCommit(table, commitKey);
      if (silver) {
        lastKnownSilver = snapshotId;
      }
      return new Committed(group, snapshotId, true, records, removed);
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  private void record(Committed c) {
    CommitPart first = c.group().get(0);
    if (c.fresh()) {
      commits.inc(first.table);
    }
    committedRecords.inc(first.table, c.records());
    lastCommitMs.put(first.table, System.currentTimeMillis());
    RunTally tally = tallies.computeIfAbsent(first.runSeq, seq -> new RunTally(first.runId, seq));
    tally.committedRecords.merge(first.table, c.records(), Long::sum);
    if (c.snapshotId() != null) {
      tally.snapshotIds.put(first.table, c.snapshotId());
    }
  }

  /** A part's identity: its first data file's location (unique per writer attempt), hashed. */
  static String partId(CommitPart part, List<DataFile> files) {
    String basis = files.isEmpty()
        ? part.table + "|" + part.runId + "|" + part.checkpointId + "|" + part.subtask
        : files.get(0).location();
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(basis.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 10);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** partId -> {rows committed, snapshot id} over the table's history. */
  private static Map<String, long[]> committedParts(Table table) {
    Map<String, long[]> out = new HashMap<>();
    for (Snapshot s : table.snapshots()) {
      String parts = s.summary().get(PARTS_PROPERTY);
      if (parts == null || parts.isEmpty()) {
        continue;
      }
      for (String entry : parts.split(";")) {
        int eq = entry.indexOf('=');
        out.put(entry.substring(0, eq), new long[] {Long.parseLong(entry.substring(eq + 1)), s.snapshotId()});
      }
    }
    return out;
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
