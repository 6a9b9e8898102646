package co.pqr.lakehouse.bronze;

import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.metrics.LabelledCounters;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Routes each input record to Bronze (main output) or to quarantine (side output). */
public class BronzeSplitter extends ProcessFunction<InputRecord, BronzeEvent> {
  public static final OutputTag<QuarantineRecord> QUARANTINE = new OutputTag<>("quarantine") {};

  private final int maxPayloadBytes;
  private transient BronzeParser parser;
  private transient LabelledCounters valid;
  private transient LabelledCounters quarantined;

  public BronzeSplitter(int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
  }

  @Override
  public void open(OpenContext openContext) {
    parser = new BronzeParser(maxPayloadBytes);
    valid = new LabelledCounters(getRuntimeContext().getMetricGroup(), "tenant", "bronze_valid");
    quarantined = new LabelledCounters(getRuntimeContext().getMetricGroup(), "reason", "quarantined");
  }

  @Override
  public void processElement(InputRecord in, Context ctx, Collector<BronzeEvent> out) {
    BronzeParser.Parsed parsed = parser.parse(in, Instant.now());
    if (parsed.event() != null) {
      valid.inc(parsed.event().tenantId);
      out.collect(parsed.event());
    } else {
      quarantined.inc(parsed.quarantined().reasonCode);
      ctx.output(QUARANTINE, parsed.quarantined());
    }
  }
}
