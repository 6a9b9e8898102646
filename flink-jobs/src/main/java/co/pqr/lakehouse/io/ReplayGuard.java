package co.pqr.lakehouse.io;

import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.lake.SourceProgress;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.metrics.Counter;

/**
 * Drops stream records that this stream's lineage has already committed (offset at or below the
 * committed high-water mark of their partition, read when the task opens). A restart from the
 * latest checkpoint never re-reads such records; a restore from an older checkpoint or a savepoint
 * does, and without this guard Bronze and quarantine would hold them twice. Silver and Gold already
 * hold their effect.
 */
public class ReplayGuard extends RichFilterFunction<InputRecord> {
  private final CatalogSettings catalogSettings;
  private final String lineage;

  private transient Map<String, Long> committed;
  private transient Counter skipped;

  public ReplayGuard(CatalogSettings catalogSettings, String lineage) {
    this.catalogSettings = catalogSettings;
    this.lineage = lineage;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    committed = SourceProgress.highWater(catalogSettings, lineage);
    skipped = getRuntimeContext().getMetricGroup().addGroup(co.pqr.lakehouse.metrics.LabelledCounters.GROUP)
        .counter("replayed_records_skipped");
  }

  @Override
  public boolean filter(InputRecord r) {
    Long highWater = committed.get(r.topic + "/" + r.partition);
    if (highWater != null && r.offset <= highWater) {
      skipped.inc();
      return false;
    }
    return true;
  }
}
