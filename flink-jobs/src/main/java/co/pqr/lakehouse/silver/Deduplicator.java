package co.pqr.lakehouse.silver;

import org.apache.iceberg.jdbc.JdbcCatalog;

import co.pqr.lakehouse.bronze.BronzeEvent;
import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.metrics.LabelledCounters;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Lets through the first occurrence of each {@code event_id} (keyed by it). Two memories decide
 * "seen": this job's keyed state (no TTL: one small entry per distinct event, checkpointed, so a
 * redelivery is caught however late it comes), and the event ids Silver already held in the
 * snapshot current when the job was submitted (loaded for this subtask's key groups only), so a
 * backfill or a fresh stream appends only events that are not in Silver yet.
 */
public class Deduplicator extends KeyedProcessFunction<String, BronzeEvent, BronzeEvent> {
  private final CatalogSettings catalogSettings;
  private final Long silverSnapshotAtStart;

  private transient ValueState<Boolean> seen;
  private transient Set<String> inSilverAtStart;
  private transient LabelledCounters appended;
  private transient LabelledCounters deduplicated;

  public Deduplicator(CatalogSettings catalogSettings, Long silverSnapshotAtStart) {
    this.catalogSettings = catalogSettings;
    this.silverSnapshotAtStart = silverSnapshotAtStart;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Boolean.class));
    appended = new LabelledCounters(getRuntimeContext().getMetricGroup(), "tenant", "silver_appended");
    deduplicated = new LabelledCounters(getRuntimeContext().getMetricGroup(), "tenant", "deduplicated");
    inSilverAtStart = new HashSet<>();
    if (silverSnapshotAtStart == null) {
      return;
    }
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    int maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
    try (JdbcCatalog catalog = LakehouseCatalog.open(catalogSettings)) {
      Table silver = catalog.loadTable(LakehouseTables.SILVER);
      // A restart long after submission may find the start snapshot expired by table maintenance: Silver
      // is append-only, so the current snapshot holds every id the start snapshot held, plus ids this job
      // appended itself, which its keyed state already marks as seen.
      long snapshot = silver.snapshot(silverSnapshotAtStart) != null || silver.currentSnapshot() == null
          ? silverSnapshotAtStart : silver.currentSnapshot().snapshotId();
      try (CloseableIterable<Record> rows =
          IcebergGenerics.read(silver).useSnapshot(snapshot).select("event_id").build()) {
        for (Record row : rows) {
          String id = (String) row.getField("event_id");
          if (KeyGroupRangeAssignment.assignKeyToParallelOperator(id, maxParallelism, parallelism) == subtask) {
            inSilverAtStart.add(id);
          }
        }
      }
    }
  }

  @Override
  public void processElement(BronzeEvent event, Context ctx, Collector<BronzeEvent> out) throws Exception {
    if (seen.value() != null) {
      deduplicated.inc(event.tenantId);
      return;
    }
    seen.update(Boolean.TRUE);
    if (inSilverAtStart.contains(event.eventId)) {
      deduplicated.inc(event.tenantId);
    } else {
      appended.inc(event.tenantId);
      out.collect(event);
    }
  }
}
