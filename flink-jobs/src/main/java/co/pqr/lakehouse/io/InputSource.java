package co.pqr.lakehouse.io;

import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where a job's records come from. Only this and the runtime mode differ between stream and backfill. */
public interface InputSource extends Serializable {
  DataStream<InputRecord> create(StreamExecutionEnvironment env) throws Exception;

  /** A human-readable description recorded with every run (topic and range, file, dates). */
  String describe();

  boolean bounded();

  /**
   * The stream lineage ({@link co.pqr.lakehouse.lake.SourceProgress}): what identifies this input
   * across executions of one stream. Read once, when the job is built.
   */
  default String lineage() {
    return describe();
  }

  /** Whether the records should be archived in Raw (false when they are read from Raw). */
  default boolean writesRaw() {
    return true;
  }
}
