package co.pqr.lakehouse.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A JSONL export as input: each line's exact bytes are one record, with topic {@code file:NAME},
 * partition 0, offset = line number (from 0) and the file's modification time as the time it
 * reached the pipeline. Blank lines are not records (they keep their line number).
 */
public final class JsonlInput implements InputSource {
  private final String file;
  private final long modifiedMs;

  public JsonlInput(Path file) throws IOException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IOException("cannot read input file " + file.toAbsolutePath());
    }
    this.file = file.toAbsolutePath().toString();
    this.modifiedMs = Files.getLastModifiedTime(file).toMillis();
  }

  @Override
  public DataStream<InputRecord> create(StreamExecutionEnvironment env) {
    FileSource<InputRecord> source = FileSource.forRecordStreamFormat(
        new LineFormat("file:" + Path.of(file).getFileName(), modifiedMs),
        new org.apache.flink.core.fs.Path(Path.of(file).toUri())).build();
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "jsonl:" + Path.of(file).getFileName())
        .setParallelism(1)
        .uid("jsonl-source");
  }

  @Override
  public String describe() {
    return "jsonl:" + file;
  }

  @Override
  public boolean bounded() {
    return true;
  }

  static final class LineFormat extends SimpleStreamFormat<InputRecord> {
    private final String topic;
    private final long timestampMs;

    LineFormat(String topic, long timestampMs) {
      this.topic = topic;
      this.timestampMs = timestampMs;
    }

    @Override
    public StreamFormat.Reader<InputRecord> createReader(Configuration config, FSDataInputStream raw) {
      java.io.InputStream stream = new java.io.BufferedInputStream(raw, 1 << 16);
      return new StreamFormat.Reader<>() {
        private long line = -1;

        @Override
        public InputRecord read() throws IOException {
          while (true) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
            int b;
            boolean any = false;
            while ((b = stream.read()) != -1) {
              any = true;
              if (b == '\n') {
                break;
              }
              buf.write(b);
            }
            if (!any) {
              return null;
            }
            line++;
            byte[] bytes = buf.toByteArray();
            int len = bytes.length;
            if (len > 0 && bytes[len - 1] == '\r') {
              bytes = java.util.Arrays.copyOf(bytes, len - 1);
            }
            if (isBlank(bytes)) {
              continue;
            }
            return new InputRecord(topic, 0, line, timestampMs, null, bytes);
          }
        }

        @Override
        public void close() throws IOException {
          stream.close();
        }
      };
    }

    private static boolean isBlank(byte[] bytes) {
      for (byte b : bytes) {
        if (b != ' ' && b != '\t') {
          return false;
        }
      }
      return true;
    }

    @Override
    public TypeInformation<InputRecord> getProducedType() {
      return TypeInformation.of(InputRecord.class);
    }
  }
}
