package co.pqr.lakehouse.producer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends generated records, or the lines of a JSONL file, to a Kafka (or Redpanda) topic.
 *
 * <p>The producer is idempotent with {@code acks=all} and {@code linger.ms=5}; record values are
 * sent as raw bytes (malformed ones included), keys as UTF-8 strings. A positive rate is honoured
 * by sleeping until each record's slot (no busy spin); {@code rate <= 0} sends as fast as the
 * client accepts. Every send ends with a flush, so when a method returns every record has been
 * acknowledged or has failed. Interrupting the sending thread stops it after the current record;
 * what was handed over is still flushed, and the interrupt flag is kept.
 *
 * <p>Bootstrap servers and topic always come from the caller: nothing here has a default host.
 */
public final class PqrProducer {

  private static final Logger LOG = LoggerFactory.getLogger(PqrProducer.class);
  private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Properties overrides;
  private final Function<Properties, Producer<String, byte[]>> factory;

  /** A producer with the default client settings. */
  public PqrProducer() {
    this(new Properties());
  }

  /**
   * @param overrides extra Kafka producer properties (e.g. security settings), applied over the
   *     defaults of {@link #producerProperties}
   */
  public PqrProducer(Properties overrides) {
    this(overrides, props -> new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
  }

  /** For tests: builds the client with {@code factory} instead of a {@link KafkaProducer}. */
  PqrProducer(Properties overrides, Function<Properties, Producer<String, byte[]>> factory) {
    this.overrides = new Properties();
    this.overrides.putAll(Objects.requireNonNull(overrides, "overrides"));
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /**
   * The client properties used: {@code bootstrap.servers}, {@code acks=all}, {@code
   * enable.idempotence=true}, {@code linger.ms=5}, then {@code overrides} on top.
   */
  public static Properties producerProperties(String bootstrap, Properties overrides) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "pqr-producer");
    p.putAll(overrides);
    return p;
  }

  /**
   * Sends {@code records} in list order.
   *
   * @param bootstrap Kafka bootstrap servers ({@code host:port[,host:port]})
   * @param topic the topic to write to
   * @param ratePerSecond target records per second; {@code <= 0} as fast as possible
   * @param listener progress about once a second and after the final flush; may be null
   * @throws IllegalArgumentException if bootstrap or topic is blank
   */
  public ProduceStats send(List<ProducedRecord> records, String bootstrap, String topic,
      double ratePerSecond, ProgressListener listener) {
    Objects.requireNonNull(records, "records");
    Iterator<ProducedRecord> it = records.iterator();
    return sendAll(new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Outbound next() {
        ProducedRecord r = it.next();
        return new Outbound(r.key(), r.value());
      }
    }, bootstrap, topic, ratePerSecond, listener);
  }

  /**
   * Sends each non-empty line of a JSONL file as one record, its bytes exactly as in the file
   * (without the line end; a trailing CR is dropped). The key is the line's {@code pqr_id} when
   * the line is a JSON object with a string {@code pqr_id}, otherwise null. The file is streamed,
   * not loaded whole.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if bootstrap or topic is blank
   */
  public ProduceStats replayJsonl(Path file, String bootstrap, String topic, double rate,
      ProgressListener l) throws IOException {
    Objects.requireNonNull(file, "file");
    checkTarget(bootstrap, topic);
    ObjectMapper mapper = new ObjectMapper();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      LineIterator lines = new LineIterator(in);
      Iterator<Outbound> outbound = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return lines.hasNext();
        }

        @Override
        public Outbound next() {
          byte[] line = lines.next();
          return new Outbound(pqrIdOf(mapper, line), line);
        }
      };
      try {
        return sendAll(outbound, bootstrap, topic, rate, l);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }

  /**
   * Writes one record value per line, raw bytes, each followed by {@code '\n'}. Newline and CR
   * bytes inside a value are dropped so that every record stays one line (the generator never
   * produces them; JSON escapes them).
   */
  public static void writeJsonl(List<ProducedRecord> records, Path file) throws IOException {
    Objects.requireNonNull(records, "records");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      for (ProducedRecord r : records) {
        for (byte b : r.value()) {
          if (b != '\n' && b != '\r') {
            out.write(b);
          }
        }
        out.write('\n');
      }
    }
  }

  /**
   * Reads a JSONL file as {@link #replayJsonl} sees it: the raw bytes of each non-empty line,
   * without the line end (and without a trailing CR).
   */
  public static List<byte[]> readJsonl(Path file) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      LineIterator lines = new LineIterator(in);
      while (lines.hasNext()) {
        out.add(lines.next());
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }

  // ------------------------------------------------------------------ internals

  private record Outbound(String key, byte[] value) {}

  private ProduceStats sendAll(Iterator<Outbound> records, String bootstrap, String topic,
      double ratePerSecond, ProgressListener listener) {
    checkTarget(bootstrap, topic);
    ProgressListener progress = listener == null ? ProgressListener.none() : listener;
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long sent = 0;
    long bytes = 0;
    boolean interrupted = false;
    double intervalNanos = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;

    long start = System.nanoTime();
    try (Producer<String, byte[]> producer = factory.apply(producerProperties(bootstrap, overrides))) {
      long lastReport = start;
      long sentAtLastReport = 0;
      while (records.hasNext()) {
        if (intervalNanos > 0) {
          long due = start + (long) (sent * intervalNanos);
          long wait = due - System.nanoTime();
          if (wait > TimeUnit.MILLISECONDS.toNanos(1)) {
            try {
              TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
              interrupted = true;
              break;
            }
          }
        }
        if (Thread.currentThread().isInterrupted()) {
          interrupted = true;
          break;
        }
        Outbound r = records.next();
        try {
          producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (metadata, error) -> {
            if (error == null) {
              acked.incrementAndGet();
            } else {
              failed.incrementAndGet();
              firstError.compareAndSet(null, error.toString());
            }
          });
        } catch (RuntimeException e) {
          failed.incrementAndGet();
          firstError.compareAndSet(null, e.toString());
        }
        sent++;
        bytes += r.value().length;
        long now = System.nanoTime();
        if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
          progress.onProgress(sent, (sent - sentAtLastReport) * 1e9 / (now - lastReport));
          lastReport = now;
          sentAtLastReport = sent;
        }
      }
      producer.flush();
      producer.close(CLOSE_TIMEOUT);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    ProduceStats stats = new ProduceStats(sent, acked.get(), failed.get(), bytes, elapsed,
        interrupted, firstError.get());
    progress.onProgress(sent, stats.ratePerSecond());
    if (stats.failed() > 0) {
      LOG.warn("{} of {} records to topic {} failed; first error: {}", stats.failed(), sent,
          topic, stats.firstError());
    }
    return stats;
  }

  private static void checkTarget(String bootstrap, String topic) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException(
          "Kafka bootstrap servers are not set (flag --kafka-bootstrap or PQR_KAFKA_BOOTSTRAP)");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("Kafka topic is not set");
    }
  }

  private static String pqrIdOf(ObjectMapper mapper, byte[] line) {
    try {
      JsonNode node = mapper.readTree(line);
      JsonNode id = node == null ? null : node.get("pqr_id");
      return id != null && id.isTextual() ? id.textValue() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Splits a byte stream on '\n' without decoding it (invalid UTF-8 survives untouched). */
  private static final class LineIterator implements Iterator<byte[]> {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private byte[] next;
    private boolean eof;

    LineIterator(InputStream in) {
      this.in = in;
    }

    @Override
    public boolean hasNext() {
      while (next == null && !eof) {
        next = readLine();
      }
      return next != null;
    }

    @Override
    public byte[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      byte[] line = next;
      next = null;
      return line;
    }

    /** The next non-empty line, or null at the end (or for an empty line). */
    private byte[] readLine() {
      buffer.reset();
      try {
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
          buffer.write(b);
        }
        if (b == -1) {
          eof = true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      byte[] line = buffer.toByteArray();
      int length = line.length;
      if (length > 0 && line[length - 1] == '\r') {
        length--;
      }
      if (length == 0) {
        return null;
      }
      return length == line.length ? line : java.util.Arrays.copyOf(line, length);
    }
  }
}
