package co.pqr.lakehouse;

import co.pqr.lakehouse.bronze.BronzeEvent;
import co.pqr.lakehouse.bronze.BronzeSplitter;
import co.pqr.lakehouse.bronze.QuarantineRecord;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.gold.GoldHistory;
import co.pqr.lakehouse.gold.GoldHistoryWriter;
import co.pqr.lakehouse.gold.GoldWriter;
import co.pqr.lakehouse.iceberg.CatalogSettings;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.io.InputSource;
import co.pqr.lakehouse.io.ReplayGuard;
import co.pqr.lakehouse.lake.CommitPart;
import co.pqr.lakehouse.lake.IcebergAppendWriter;
import co.pqr.lakehouse.lake.LakehouseCommitter;
import co.pqr.lakehouse.lake.TableRows;
import co.pqr.lakehouse.maintenance.MaintenanceOperator;
import co.pqr.lakehouse.maintenance.MaintenanceSettings;
import co.pqr.lakehouse.raw.RawArchive;
import co.pqr.lakehouse.run.RunLedger;
import co.pqr.lakehouse.run.RunStamper;
import co.pqr.lakehouse.silver.Deduplicator;
import co.pqr.lakehouse.silver.SilverEvent;
import co.pqr.lakehouse.silver.SilverMapper;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The PQR pipeline: one graph for both modes; only the {@link InputSource} and the runtime mode
 * (set by the caller) differ between stream and backfill.
 *
 * <pre>
 *  source ─► run-stamper ─┬─► raw-sink (Parquet files, rolled on checkpoint)
 *                         ├─► bronze-parse ─┬─► bronze-writer ──────────────────────────┐
 *                         │                 ├─(quarantine)─► quarantine-writer ─────────┤
 *                         │                 └─► keyBy(event_id) silver-dedup            │
 *                         │                       └─► silver-normalize ─┬─► silver-writer┤
 *                         │                                             └─► keyBy(tenant) gold-writer ─► Postgres gold.*
 *                         └─(stats)──────────────────────────────────────────────────────┴─► lakehouse-committer (p=1)
 *                                                        Iceberg commits + control.runs rows
 *                                                        └─(closed run ids) ∪ (gold-writer's end) ─► gold-history (p=1)
 *                                                               Postgres Gold ─► Iceberg gold.* snapshot per run
 *                                                          └─► table-maintenance (p=1, unbounded inputs only)
 * </pre>
 *
 * In stream mode a {@code replay-guard} sits between the source and the run stamper: it drops records
 * the stream's lineage already committed (a restore from an older checkpoint or savepoint re-reads them).
 */
public final class PqrPipeline {
  private final PipelineSettings settings;
  private final InputSource source;
  private final String mode;
  private final String jobInstance;
  private final byte[] pseudonymKey;
  private final Long silverSnapshotAtStart;
  private final String activeModel;
  private final String shadowModel;
  private UnaryOperator<DataStream<InputRecord>> inputDecorator = UnaryOperator.identity();
  private Layers layers = Layers.GOLD;
  private LakehouseCommitter.CommitFaultHook commitFaultHook;
  private String goldJdbcUrl;
  private MaintenanceSettings maintenance;

  /** How far the graph goes: the benchmark measures each layer's cost with the same operators. */
  public enum Layers { BRONZE, SILVER, GOLD }

  public PqrPipeline(PipelineSettings settings, InputSource source, String mode, String jobInstance,
      byte[] pseudonymKey, Long silverSnapshotAtStart, String activeModel, String shadowModel) {
    this.settings = settings;
    this.source = source;
    this.mode = mode;
    this.jobInstance = jobInstance;
    this.pseudonymKey = pseudonymKey.clone();
    this.silverSnapshotAtStart = silverSnapshotAtStart;
    this.activeModel = activeModel;
    this.shadowModel = shadowModel;
  }

  /**
   * Iceberg write distribution: with {@link WriteDistribution#PARTITION} (the default) the rows of
   * one table partition (tenant, UTC day) go to one writer subtask, so each checkpoint writes one
   * file per partition instead of one per partition and subtask — the file count, not the bytes,
   * dominates the writers' cost. {@link WriteDistribution#NONE} keeps rows on the subtask that
   * parsed them (no shuffle; better when few partitions are active, e.g. live traffic only).
   */
  private <T> DataStream<T> distribute(DataStream<T> stream, org.apache.flink.api.java.functions.KeySelector<T, String> key) {
    return writeDistribution == WriteDistribution.PARTITION ? stream.keyBy(key, Types.STRING) : stream;
  }

  static String partitionKey(String tenant, java.time.Instant eventTime) {
    return tenant + "|" + Math.floorDiv(eventTime.getEpochSecond(), 86_400L);
  }

  /** How rows reach the Iceberg writers. */
  public enum WriteDistribution { PARTITION, NONE }

  private WriteDistribution writeDistribution = WriteDistribution.PARTITION;

  public PqrPipeline withWriteDistribution(WriteDistribution distribution) {
    this.writeDistribution = distribution;
    return this;
  }

  private SilverMapper.ModelRef modelRef(String version) {
    return version == null ? null
        : new SilverMapper.ModelRef(settings.pgUrl(), settings.pgUser(), settings.pgPassword(), version);
  }

  /** Inserts operators right after the source (used by fault-injection tests). */
  public PqrPipeline withInputDecorator(UnaryOperator<DataStream<InputRecord>> decorator) {
    this.inputDecorator = decorator;
    return this;
  }

  /** Tests only: a fault between a checkpoint's completion and its commit. */
  public PqrPipeline withCommitFaultHook(LakehouseCommitter.CommitFaultHook hook) {
    this.commitFaultHook = hook;
    return this;
  }

  /** The JDBC URL the Gold writer uses (default: the settings' pgUrl); tests route it through a proxy. */
  public PqrPipeline withGoldJdbcUrl(String url) {
    this.goldJdbcUrl = url;
    return this;
  }

  /** Runs table maintenance beside a stream ({@link MaintenanceOperator}); null (the default) for none. */
  public PqrPipeline withMaintenance(MaintenanceSettings maintenance) {
    this.maintenance = maintenance;
    return this;
  }

  public PqrPipeline withLayers(Layers layers) {
    this.layers = layers;
    return this;
  }

  public void build(StreamExecutionEnvironment env) throws Exception {
    CatalogSettings catalog = settings.catalog();
    // A bounded job other than a stream (backfill, reprocess) is one run.
    int runWindow = source.bounded() && !"stream".equals(mode) ? Integer.MAX_VALUE : settings.checkpointsPerRun();
    TypeInformation<CommitPart> partType = TypeInformation.of(CommitPart.class);

    // A stream's lineage: executions of the same stream (restarts, restores from savepoints) share it.
    String lineage = "stream".equals(mode) ? source.lineage() : null;
    DataStream<InputRecord> input = inputDecorator.apply(source.create(env));
    if (lineage != null) {
      input = input.filter(new ReplayGuard(catalog, lineage)).name("replay-guard").uid("replay-guard");
    }
    SingleOutputStreamOperator<InputRecord> stamped = input
        .transform("run-stamper", TypeInformation.of(InputRecord.class), new RunStamper(jobInstance, runWindow))
        .uid("run-stamper");

    if (source.writesRaw()) {
      stamped.map(RawArchive::toRow).returns(RawArchive.TYPE_INFO).name("raw-rows").uid("raw-rows")
          .sinkTo(RawArchive.sink(settings.warehouse())).name("raw-sink").uid("raw-sink");
    }

    SingleOutputStreamOperator<BronzeEvent> bronze = stamped
        .process(new BronzeSplitter(settings.maxPayloadBytes())).name("bronze-parse").uid("bronze-parse");
    DataStream<QuarantineRecord> quarantine = bronze.getSideOutput(BronzeSplitter.QUARANTINE);

    DataStream<CommitPart> bronzeParts = distribute(bronze, e -> partitionKey(e.tenantId, e.eventTime))
        .transform("bronze-writer", partType,
            new IcebergAppendWriter<>(catalog, LakehouseTables.BRONZE, TableRows.bronze()))
        .uid("bronze-writer");
    DataStream<CommitPart> quarantineParts = quarantine
        .transform("quarantine-writer", partType,
            new IcebergAppendWriter<>(catalog, LakehouseTables.QUARANTINE, TableRows.quarantine()))
        .uid("quarantine-writer");

    GoldHistory.Target goldHistory = new GoldHistory.Target(settings.pgUrl(), settings.pgUser(), settings.pgPassword());
    RunLedger ledger = new RunLedger(settings.pgUrl(), settings.pgUser(), settings.pgPassword(),
        "pqr-pipeline", mode, source.describe(), activeModel, shadowModel).withSilverSnapshotAtStart(silverSnapshotAtStart);
    DataStream<CommitPart> parts = stamped.getSideOutput(RunStamper.STATS).union(bronzeParts, quarantineParts);
    DataStream<String> goldFlushed = null;
    if (layers != Layers.BRONZE) {
      SilverOutputs silverOut = silver(bronze, catalog, partType);
      parts = parts.union(silverOut.parts());
      goldFlushed = silverOut.goldFlushed();
    }
    SingleOutputStreamOperator<String> closedRuns = parts
        .transform("lakehouse-committer", Types.STRING,
            new LakehouseCommitter(catalog, ledger, jobInstance, runWindow, silverSnapshotAtStart, lineage)
                .withFaultHook(commitFaultHook)
                .withGoldHistory(layers == Layers.GOLD ? goldHistory : null))
        .setParallelism(1)
        .setMaxParallelism(1)
        .uid("lakehouse-committer");
    closedRuns.sinkTo(new DiscardingSink<>()).name("closed-runs").uid("closed-runs").setParallelism(1);
    if (maintenance != null && !source.bounded()) {
      closedRuns.transform("table-maintenance", Types.VOID, new MaintenanceOperator(catalog, maintenance))
          .setParallelism(1).setMaxParallelism(1).uid("table-maintenance");
    }
    if (goldFlushed != null) {
      // Gold history in Iceberg, per closed run; the gold-writer's end is unioned in (it emits nothing)
      // so that at the end of a bounded input the last run is copied after Gold's last flush.
      closedRuns.union(goldFlushed)
          .transform("gold-history", Types.VOID,
              new GoldHistoryWriter(catalog, goldHistory))
          .setParallelism(1)
          .setMaxParallelism(1)
          .uid("gold-history");
    }
  }

  /** Silver's commit parts and, when Gold is built, the (empty) stream that ends when Gold's last flush is done. */
  private record SilverOutputs(DataStream<CommitPart> parts, DataStream<String> goldFlushed) {}

  private SilverOutputs silver(SingleOutputStreamOperator<BronzeEvent> bronze, CatalogSettings catalog,
      TypeInformation<CommitPart> partType) {
    SingleOutputStreamOperator<SilverEvent> silver = bronze
        .keyBy(e -> e.eventId, Types.STRING)
        .process(new Deduplicator(catalog, silverSnapshotAtStart)).name("silver-dedup").uid("silver-dedup")
        .map(new SilverMapper(pseudonymKey, modelRef(activeModel), modelRef(shadowModel)))
        .name("silver-normalize").uid("silver-normalize");
    DataStream<CommitPart> silverParts = distribute(silver, e -> partitionKey(e.tenantId, e.eventTime))
        .transform("silver-writer", partType,
            new IcebergAppendWriter<>(catalog, LakehouseTables.SILVER, TableRows.silver()))
        .uid("silver-writer");

    DataStream<String> goldFlushed = null;
    if (layers == Layers.GOLD) {
      goldFlushed = silver.keyBy(e -> e.tenantId, Types.STRING)
          .transform("gold-writer", Types.VOID,
              new GoldWriter(goldJdbcUrl == null ? settings.pgUrl() : goldJdbcUrl, settings.pgUser(), settings.pgPassword(), settings.goldBatchSize(),
                  settings.goldFlushInterval(), Duration.ofMinutes(5)))
          .uid("gold-writer")
          .map(nothing -> "").returns(Types.STRING).name("gold-flushed").uid("gold-flushed");
    }
    return new SilverOutputs(silverParts, goldFlushed);
  }
}
