package co.pqr.lakehouse.quarantine;

import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.io.InputSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Quarantined records as a bounded input: each with its original source coordinates, key, bytes
 * and arrival time, so Bronze and Silver rows point at the record as it was first received. Not
 * archived in Raw again (Raw already holds them).
 */
public final class QuarantineInput implements InputSource {
  private final String reasonCode;
  private final ArrayList<InputRecord> records;

  public QuarantineInput(String reasonCode, List<InputRecord> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a quarantine input needs at least one record");
    }
    this.reasonCode = reasonCode;
    this.records = new ArrayList<>(records);
  }

  @Override
  public DataStream<InputRecord> create(StreamExecutionEnvironment env) {
    return env.fromData(records, TypeInformation.of(InputRecord.class))
        .name("quarantine:" + reasonCode).uid("quarantine-source").setParallelism(1);
  }

  @Override
  public String describe() {
    return "quarantine:" + reasonCode + " (" + records.size() + " records)";
  }

  @Override
  public boolean bounded() {
    return true;
  }

  @Override
  public boolean writesRaw() {
    return false;
  }
}
