package co.pqr.lakehouse.bronze;

import co.pqr.lakehouse.io.InputRecord;
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

  public BronzeSplitter(int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
  }

  @Override
  public void open(OpenContext openContext) {
    parser = new BronzeParser(maxPayloadBytes);
  }

  @Override
  public void processElement(InputRecord in, Context ctx, Collector<BronzeEvent> out) {
    BronzeParser.Parsed parsed = parser.parse(in, Instant.now());
    if (parsed.event() != null) {
      out.collect(parsed.event());
    } else {
      ctx.output(QUARANTINE, parsed.quarantined());
    }
  }
}
