package co.pqr.lakehouse.lake;

import org.apache.iceberg.jdbc.JdbcCatalog;

import co.pqr.lakehouse.gold.GoldHistory;
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
 * at each barrier in its checkpointed state and, once that checkpoint is complete, appends them to
 * Iceberg: one commit per table and run, with the run id and the ids of the parts it holds
 * ({@link #PARTS_PROPERTY}) in the snapshot summary. A part already in the table's history (a
 * restart after a commit whose notification was lost or came late, or a restore from an older
 * checkpoint or savepoint) is never appended again. When the completed checkpoint closes a run, the
 * run's row goes to {@code control.runs}: after its data.
 *
 * <p>A backfill (batch mode) commits at the end of its input. A bounded stream commits its tail on
 * the final checkpoint Flink takes after every task finished, never at the end of input: data
 * committed before that checkpoint would be read and written again after a failure in between.
 *
 * <p>Silver commits are arbitrated across jobs ({@link SilverArbitration}). In stream mode, once a
 * checkpoint's commits all succeeded, the lineage's committed source offsets advance
 * ({@link SourceProgress}, read by the {@code ReplayGuard}); an execution started for the same
 * lineage closes the runs an earlier execution left open (restored from a savepoint, or cancelled:
 * those runs get no more data) with what Iceberg holds of them.
 */
public class LakehouseCommitter extends AbstractStreamOperator<String>
    implements OneInputStreamOperator<CommitPart, String>, BoundedOneInput {

  private static final Logger LOG = LoggerFactory.getLogger(LakehouseCommitter.class);
  public static final String JOB_INSTANCE_PROPERTY = "pqr.job-instance";
  /** "partId=rows/digest;..." of the parts a snapshot appended (rows and digest after Silver arbitration). */
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
  private GoldHistory.Target goldHistory;

  private transient ListState<CommitPart> pendingState;
  private transient ListState<RunTally> talliesState;
  private transient ListState<Long> lastSilverState;
  private transient List<CommitPart> pending;
  private transient Map<Integer, RunTally> tallies;
  /** The last Silver snapshot this job knows: at submission, then its own last Silver commit. */
  private transient volatile Long lastKnownSilver;
  private transient JdbcCatalog catalog;
  private transient java.util.concurrent.ExecutorService commitPool;
  private transient LabelledCounters commits;
  private transient LabelledCounters committedRecords;
  private transient Map<String, Long> lastCommitMs;
  private transient org.apache.flink.metrics.Counter runsClosed;
  private transient org.apache.flink.metrics.Counter arbitratedRows;
  private transient volatile int lastClosedRunSeq;
  /** A bounded stream's input has ended: the final checkpoint closes every run with nothing pending. */
  private transient boolean inputEnded;

  /**
   * @param silverSnapshotAtStart the Silver snapshot current when the job was submitted (null: empty)
   * @param lineage the stream's source lineage ({@link SourceProgress}); null for a backfill or reprocess
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

  /**
   * Where the runs a bounded stream's final checkpoint closes get their Gold history: nothing can
   * flow downstream to the {@code gold-history} operator after the end of input, so the committer
   * appends it itself (Gold's last flush happened before that checkpoint).
   */
  public LakehouseCommitter withGoldHistory(GoldHistory.Target target) {
    this.goldHistory = target;
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
    if (context.isRestored()) {
      // The restored checkpoint is complete, but its notification may never have reached us.
      commitUpTo(context.getRestoredCheckpointId().orElse(0L));
    }
    closeEarlierExecutionsRuns();
  }

  /**
   * Closes the runs an earlier execution opened and can no longer close: restored from its
   * checkpoint or savepoint (a new job instance: the earlier runs get no more records), or, for a
   * stream, found in Iceberg under this lineage without a {@code control.runs} row (the execution
   * was cancelled). Their counts and digests are what Iceberg holds of them, so they match the
   * committed data even when the earlier execution committed more after the savepoint.
   */
  private void closeEarlierExecutionsRuns() throws Exception {
    List<Table> tables = List.of(catalog.loadTable(LakehouseTables.BRONZE),
        catalog.loadTable(LakehouseTables.QUARANTINE), catalog.loadTable(LakehouseTables.SILVER));
    Map<String, RunTally> earlier = new TreeMap<>();
    if (lineage != null) {
      for (Table t : tables) {
        for (Snapshot s : t.snapshots()) {
          String runId = s.summary().get(LakehouseTables.RUN_ID_PROPERTY);
          if (lineage.equals(s.summary().get(SourceProgress.LINEAGE_PROPERTY)) && runId != null && !ours(runId)) {
            earlier.computeIfAbsent(runId, id -> new RunTally(id, RunIds.seqOf(id)));
          }
        }
      }
      earlier.keySet().removeAll(ledger.recorded(earlier.keySet()));
    }
    for (RunTally t : tallies.values()) {
      if (!ours(t.runId)) {
        earlier.put(t.runId, t);
      }
    }
    for (RunTally tally : earlier.values()) {
      RunInput.reconcile(tally, tables);
      tallies.values().removeIf(t -> t.runId.equals(tally.runId));
      close(tally);
    }
  }

  private boolean ours(String runId) {
    return RunIds.jobInstanceOf(runId).equals(jobInstance);
  }

  private void close(RunTally tally) throws Exception {
    addCurrentSnapshots(tally);
    ledger.record(tally, Instant.now());
    tallies.values().removeIf(t -> t.runId.equals(tally.runId));
    runsClosed.inc();
    if (ours(tally.runId)) {
      lastClosedRunSeq = Math.max(lastClosedRunSeq, tally.runSeq);
    }
    if (!inputEnded) {
      output.collect(new StreamRecord<>(tally.runId));
    } else if (goldHistory != null) {
      // after the end of input nothing may flow downstream: the Gold history is appended here
      goldHistory.append(catalog, tally.runId, getRuntimeContext().getTaskInfo().getAttemptNumber());
    }
    LOG.info("Run {} closed: in={} committed={}", tally.runId, tally.recordsIn, tally.committedRecords);
  }

  private void registerMetrics() {
    commits = new LabelledCounters(getMetricGroup(), "table", "iceberg_commits");
    committedRecords = new LabelledCounters(getMetricGroup(), "table", "iceberg_committed_records");
    org.apache.flink.metrics.MetricGroup pqr = getMetricGroup().addGroup(LabelledCounters.GROUP);
    runsClosed = pqr.counter("runs_closed");
    arbitratedRows = pqr.counter("silver_arbitrated_rows");
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
      // A bounded stream: the final checkpoint (taken after every task finished) commits the rest.
      inputEnded = true;
      return;
    }
    commitUpTo(CommitPart.END_OF_INPUT);
  }

  private void commitUpTo(long checkpointId) throws Exception {
    // (runSeq, table) -> parts ready to commit
    Map<String, List<CommitPart>> groups = new TreeMap<>();
    Map<String, Long> highWater = new TreeMap<>();
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
        part.toOffsets.forEach((tp, o) -> highWater.merge(tp, o, Math::max));
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
    List<java.util.concurrent.Future<List<Committed>>> futures = new ArrayList<>();
    for (List<List<CommitPart>> tableGroups : byTable.values()) {
      futures.add(commitPool.submit(() -> {
        List<Committed> done = new ArrayList<>();
        for (List<CommitPart> group : tableGroups) {
          done.add(commitToIceberg(group, runInputs.get(group.get(0).runSeq)));
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
    if (lineage != null && !highWater.isEmpty()) {
      // every table's commits up to this checkpoint succeeded: the lineage's input up to here is in the lakehouse
      SourceProgress.advance(catalogSettings, lineage, highWater);
    }
    List<RunTally> closed = new ArrayList<>();
    for (RunTally tally : tallies.values()) {
      // once the input has ended no part comes any more: a run with none left pending is complete
      boolean complete = (inputEnded || checkpointId == CommitPart.END_OF_INPUT)
          && pending.stream().noneMatch(p -> p.runSeq == tally.runSeq);
      if (complete || RunIds.closedBy(tally.runSeq, checkpointId, checkpointsPerRun)) {
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

  /**
   * The outcome of one group's commit: its snapshot (new, or found from an earlier attempt), and the
   * rows and content digest it committed (after Silver arbitration removed rows whose events another
   * job committed first).
   */
  record Committed(List<CommitPart> group, Long snapshotId, boolean fresh, long records, RowDigest.Sum digest) {}

  private Committed commitToIceberg(List<CommitPart> group, String runInput) throws Exception {
    group.sort(Comparator.comparingLong((CommitPart p) -> p.checkpointId).thenComparingInt(p -> p.subtask));
    CommitPart first = group.get(0);
    long maxCheckpoint = group.get(group.size() - 1).checkpointId;
    String commitKey = jobInstance + "|" + first.table + "|" + first.runId + "|" + maxCheckpoint;
    Table table = catalog.loadTable(TableIdentifier.parse(first.table));
    Map<String, PartRecord> committedParts = committedParts(table);
    long records = 0;
    RowDigest.Sum digest = RowDigest.Sum.ZERO;
    Long earlierSnapshot = null;
    Map<String, List<DataFile>> fresh = new LinkedHashMap<>();
    Map<String, CommitPart> freshParts = new HashMap<>();
    for (CommitPart part : group) {
      WriteResult result = InstantiationUtil.deserializeObject(part.writeResult, getUserCodeClassloader());
      List<DataFile> files = List.of(result.dataFiles());
      String id = partId(part, files);
      PartRecord done = committedParts.get(id);
      if (done != null) {
        records += done.rows();
        digest = digest.plus(done.digest());
        earlierSnapshot = earlierSnapshot == null ? done.snapshotId() : Math.max(earlierSnapshot, done.snapshotId());
      } else {
        fresh.put(id, files);
        freshParts.put(id, part);
      }
    }
    if (fresh.isEmpty()) {
      LOG.info("Skipping commit {}: its parts are already committed (snapshot {})", commitKey, earlierSnapshot);
      return new Committed(group, earlierSnapshot, false, records, digest);
    }
    boolean silver = SilverArbitration.applies(first.table);
    AutoCloseable lock = silver ? SilverArbitration.lock(catalogSettings) : null;
    try {
      java.util.Set<String> taken = java.util.Set.of();
      RowDigest rowDigest = null;
      if (silver) {
        table.refresh();
        List<Snapshot> foreign = SilverArbitration.foreignSnapshotsSince(table, lastKnownSilver, jobInstance);
        if (!foreign.isEmpty()) {
          taken = SilverArbitration.eventIdsAddedBy(table, foreign);
          rowDigest = RowDigest.forTable(LakehouseTables.SILVER, table.schema());
          LOG.info("Silver arbitration: {} snapshots of other jobs since {} hold {} events", foreign.size(),
              lastKnownSilver, taken.size());
        }
      }
      AppendFiles append = table.newAppend();
      StringBuilder parts = new StringBuilder();
      for (Map.Entry<String, List<DataFile>> e : fresh.entrySet()) {
        CommitPart part = freshParts.get(e.getKey());
        SilverArbitration.Filtered kept = SilverArbitration.withoutEvents(table, e.getValue(), taken);
        kept.files().forEach(append::appendFile);
        RowDigest.Sum partDigest = new RowDigest.Sum(part.digestHi, part.digestLo);
        for (Record removed : kept.removed()) {
          partDigest = partDigest.minus(rowDigest.row(removed));
        }
        arbitratedRows.inc(kept.removed().size());
        long rows = part.records - kept.removed().size();
        records += rows;
        digest = digest.plus(partDigest);
        parts.append(parts.length() == 0 ? "" : ";").append(e.getKey()).append('=').append(rows)
            .append('/').append(partDigest.hex());
      }
      append.set(LakehouseTables.RUN_ID_PROPERTY, first.runId);
      append.set(LakehouseTables.COMMIT_KEY_PROPERTY, commitKey);
      append.set(JOB_INSTANCE_PROPERTY, jobInstance);
      append.set(PARTS_PROPERTY, parts.toString());
      if (lineage != null) {
        append.set(SourceProgress.LINEAGE_PROPERTY, lineage);
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
      return new Committed(group, snapshotId, true, records, digest);
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
    tally.addDigest(first.table, c.digest());
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

  /** What a table's history says of one committed part. */
  record PartRecord(long rows, RowDigest.Sum digest, long snapshotId) {}

  /** partId -> what was committed of it, over the table's history. */
  static Map<String, PartRecord> committedParts(Table table) {
    Map<String, PartRecord> out = new HashMap<>();
    for (Snapshot s : table.snapshots()) {
      String parts = s.summary().get(PARTS_PROPERTY);
      if (parts == null || parts.isEmpty()) {
        continue;
      }
      for (String entry : parts.split(";")) {
        int eq = entry.indexOf('=');
        int slash = entry.indexOf('/', eq);
        out.put(entry.substring(0, eq), new PartRecord(Long.parseLong(entry.substring(eq + 1, slash)),
            RowDigest.Sum.parse(entry.substring(slash + 1)), s.snapshotId()));
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
