package co.pqr.lakehouse.ops;

import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.io.InputSource;
import co.pqr.lakehouse.raw.RawArchive;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;

/**
 * One run's records read back from the Raw archive, for a replay: either the records Raw holds for
 * that run id (runs that read Kafka or a JSONL file wrote them to Raw), or — for a run that itself
 * read Raw — the records of given ingestion dates whose source coordinates fall in the run's ranges.
 */
public final class RawRunInput implements InputSource {
  private final String warehouse;
  private final LocalDate from;
  private final LocalDate to;
  private final String runId;
  /** "topic/partition" -> {from, to} offsets, both inclusive; used when runId is null. */
  private final Map<String, long[]> ranges;

  private RawRunInput(String warehouse, LocalDate from, LocalDate to, String runId, Map<String, long[]> ranges) {
    this.warehouse = warehouse;
    this.from = from;
    this.to = to;
    this.runId = runId;
    this.ranges = ranges;
  }

  /** The Raw records of the run id, whatever their ingestion date. */
  public static RawRunInput ofRun(String warehouse, String runId) throws IOException {
    List<LocalDate> dates = archivedDates(warehouse);
    if (dates.isEmpty()) {
      throw new IllegalArgumentException("the Raw archive under " + RawArchive.location(warehouse) + " is empty");
    }
    return new RawRunInput(warehouse, dates.get(0), dates.get(dates.size() - 1), runId, null);
  }

  /** The Raw records of ingestion dates {@code from..to} within the coordinate ranges. */
  public static RawRunInput ofRanges(String warehouse, LocalDate from, LocalDate to, Map<String, long[]> ranges) {
    return new RawRunInput(warehouse, from, to, null, ranges);
  }

  static List<LocalDate> archivedDates(String warehouse) throws IOException {
    Path root = new Path(RawArchive.location(warehouse));
    FileSystem fs = root.getFileSystem();
    List<LocalDate> dates = new ArrayList<>();
    if (!fs.exists(root)) {
      return dates;
    }
    for (FileStatus st : fs.listStatus(root)) {
      String name = st.getPath().getName();
      if (st.isDir() && name.startsWith(RawArchive.PARTITION_PREFIX)) {
        dates.add(LocalDate.parse(name.substring(RawArchive.PARTITION_PREFIX.length())));
      }
    }
    dates.sort(null);
    return dates;
  }

  @Override
  public DataStream<InputRecord> create(StreamExecutionEnvironment env) throws Exception {
    String run = runId;
    Map<String, long[]> coordinates = ranges;
    return env.fromSource(RawArchive.source(warehouse, from, to), WatermarkStrategy.noWatermarks(), describe())
        .uid("raw-source")
        .filter(row -> run != null ? run.equals(row.getString(6).toString()) : inRanges(coordinates, row))
        .name("raw-run-filter").uid("raw-run-filter")
        .map(RawArchive::fromRow)
        .returns(TypeInformation.of(InputRecord.class))
        .name("raw-to-input")
        .uid("raw-to-input");
  }

  private static boolean inRanges(Map<String, long[]> ranges, RowData row) {
    long[] r = ranges.get(row.getString(0).toString() + "/" + row.getInt(1));
    long offset = row.getLong(2);
    return r != null && offset >= r[0] && offset <= r[1];
  }

  @Override
  public String describe() {
    return "raw:" + from + ".." + to + (runId != null ? " records of run " + runId : " within the run's source ranges");
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
