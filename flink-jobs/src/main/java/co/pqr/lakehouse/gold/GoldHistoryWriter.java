package co.pqr.lakehouse.gold;

import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import java.util.ArrayList;
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
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downstream of the committer (parallelism 1): for each closed run id, appends Gold's rows to the
 * Iceberg Gold history ({@link GoldHistory}), off the committer's hot path.
 *
 * <p>When is Postgres Gold complete for a run? The gold-writer flushes before every checkpoint
 * barrier, so once a checkpoint that followed the run's close is complete, Gold holds every event of
 * the run. Run ids are therefore snapshotted when the first checkpoint taken after their arrival
 * completes, and at the end of input: this operator's input also carries the gold-writer's end
 * (an empty stream unioned in), so end of input comes after Gold's last flush. Pending ids are
 * checkpointed; a run close replayed after a restart is skipped by its commit key.
 */
public class GoldHistoryWriter extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<String, Void>, BoundedOneInput {

  private static final Logger LOG = LoggerFactory.getLogger(GoldHistoryWriter.class);

  private final CatalogSettings catalogSettings;
  private final GoldHistory.Target gold;

  private transient ListState<String> pendingState;
  private transient List<String> pending;
  private transient TreeMap<Long, List<String>> readyAfterCheckpoint;
  private transient JdbcCatalog catalog;

  public GoldHistoryWriter(CatalogSettings catalogSettings, GoldHistory.Target gold) {
    this.catalogSettings = catalogSettings;
    this.gold = gold;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    pendingState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("gold-history-pending", String.class));
    pending = new ArrayList<>();
    pendingState.get().forEach(pending::add);
    readyAfterCheckpoint = new TreeMap<>();
    catalog = LakehouseCatalog.open(catalogSettings);
    if (context.isRestored() && !pending.isEmpty()) {
      // Restored ids arrived before a completed checkpoint: Gold holds their runs.
      snapshot(new ArrayList<>(pending));
    }
  }

  @Override
  public void processElement(StreamRecord<String> element) {
    String runId = element.getValue();
    if (runId != null && !runId.isEmpty() && !pending.contains(runId)) {
      pending.add(runId);
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    pendingState.update(pending);
    readyAfterCheckpoint.put(context.getCheckpointId(), new ArrayList<>(pending));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    List<String> ready = new ArrayList<>();
    for (Iterator<Map.Entry<Long, List<String>>> it = readyAfterCheckpoint.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, List<String>> e = it.next();
      if (e.getKey() > checkpointId) {
        break;
      }
      for (String id : e.getValue()) {
        if (!ready.contains(id)) {
          ready.add(id);
        }
      }
      it.remove();
    }
    ready.retainAll(pending);
    snapshot(ready);
  }

  @Override
  public void endInput() throws Exception {
    snapshot(new ArrayList<>(pending));
  }

  private void snapshot(List<String> runIds) throws Exception {
    for (String runId : runIds) {
      Map<String, Integer> rows = gold.append(catalog, runId, getRuntimeContext().getTaskInfo().getAttemptNumber());
      pending.remove(runId);
      LOG.info("Gold history of run {}: {}", runId, rows);
    }
  }

  @Override
  public void close() throws Exception {
    if (catalog != null) {
      catalog.close();
    }
    super.close();
  }
}
