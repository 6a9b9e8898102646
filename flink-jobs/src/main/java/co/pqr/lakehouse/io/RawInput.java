package co.pqr.lakehouse.io;

import co.pqr.lakehouse.raw.RawArchive;
import java.time.LocalDate;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Raw archive of ingestion dates {@code from..to} as input, with the records' original coordinates. */
public final class RawInput implements InputSource {
  private final String warehouse;
  private final LocalDate from;
  private final LocalDate to;

  public RawInput(String warehouse, LocalDate from, LocalDate to) {
    this.warehouse = warehouse;
    this.from = from;
    this.to = to;
  }

  /** Parses {@code YYYY-MM-DD..YYYY-MM-DD} (or a single date). */
  public static RawInput parse(String warehouse, String range) {
    String[] parts = range.split("\\.\\.", -1);
    try {
      if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
        throw new java.time.format.DateTimeParseException("bad range", range, 0);
      }
      LocalDate from = LocalDate.parse(parts[0].trim());
      LocalDate to = parts.length > 1 ? LocalDate.parse(parts[1].trim()) : from;
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("--from-raw range is reversed: " + range);
      }
      return new RawInput(warehouse, from, to);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("--from-raw expects DATE..DATE such as 2026-11-01..2026-11-07, got '" + range + "'");
    }
  }

  @Override
  public DataStream<InputRecord> create(StreamExecutionEnvironment env) throws Exception {
    return env.fromSource(RawArchive.source(warehouse, from, to), WatermarkStrategy.noWatermarks(), "raw:" + from + ".." + to)
        .uid("raw-source")
        .map(RawArchive::fromRow)
        .returns(TypeInformation.of(InputRecord.class))
        .name("raw-to-input")
        .uid("raw-to-input");
  }

  @Override
  public String describe() {
    return "raw:" + from + ".." + to;
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
