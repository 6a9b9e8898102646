package co.pqr.lakehouse.gold;

import co.pqr.lakehouse.metrics.LabelledCounters;
import co.pqr.lakehouse.silver.SilverEvent;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Gold current from the Silver stream: buffers events and applies them with
 * {@link GoldStore#apply} before every checkpoint barrier (so a completed checkpoint implies its
 * events are in Gold), at the end of a bounded input, when the buffer is full and every flush
 * interval. Upserts are idempotent, so the at-least-once replay after a restart double counts
 * nothing. If Postgres is unavailable it retries with exponential backoff before failing the task.
 */
public class GoldWriter extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<SilverEvent, Void>, BoundedOneInput {

  private static final Logger LOG = LoggerFactory.getLogger(GoldWriter.class);

  private final String pgUrl;
  private final String pgUser;
  private final String pgPassword;
  private final int batchSize;
  private final long flushIntervalMs;
  private final Duration maxRetryTime;

  private transient List<SilverEvent> buffer;
  private transient Connection connection;
  private transient String lastRunId;
  private transient int lastRunSeq;
  private transient LabelledCounters applied;
  private transient org.apache.flink.metrics.Histogram freshness;
  private transient org.apache.flink.metrics.Counter failures;
  private transient java.util.Map<String, Long> overdue;

  public GoldWriter(String pgUrl, String pgUser, String pgPassword, int batchSize, Duration flushInterval,
      Duration maxRetryTime) {
    this.pgUrl = pgUrl;
    this.pgUser = pgUser;
    this.pgPassword = pgPassword;
    this.batchSize = batchSize;
    this.flushIntervalMs = flushInterval.toMillis();
    this.maxRetryTime = maxRetryTime;
  }

  @Override
  public void open() throws Exception {
    super.open();
    buffer = new ArrayList<>();
    applied = new LabelledCounters(getMetricGroup(), "tenant", "gold_events_applied");
    org.apache.flink.metrics.MetricGroup pqr = getMetricGroup().addGroup(LabelledCounters.GROUP);
    freshness = pqr.histogram("gold_freshness_ms", new DescriptiveStatisticsHistogram(10_000));
    failures = pqr.counter("gold_upsert_failures");
    overdue = new java.util.concurrent.ConcurrentHashMap<>();
    scheduleFlush();
  }

  private void scheduleFlush() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    getProcessingTimeService().registerTimer(now + flushIntervalMs, ts -> {
      flush();
      scheduleFlush();
    });
  }

  @Override
  public void processElement(StreamRecord<SilverEvent> element) throws Exception {
    SilverEvent e = element.getValue();
    buffer.add(e);
    if (lastRunId == null || e.runSeq >= lastRunSeq) {
      lastRunId = e.runId;
      lastRunSeq = e.runSeq;
    }
    if (buffer.size() >= batchSize) {
      flush();
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() throws Exception {
    flush();
  }

  private void flush() throws Exception {
    if (buffer.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + maxRetryTime.toNanos();
    long backoffMs = 200;
    while (true) {
      try {
        if (connection == null || connection.isClosed()) {
          connection = co.pqr.lakehouse.db.Jdbc.connect(pgUrl, pgUser, pgPassword);
        }
        GoldStore.apply(connection, buffer, lastRunId).forEach((tenant, n) -> {
          if (overdue.put(tenant, n) == null) {
            // The backlog's overdue count as a gauge, so that Prometheus can alert on it rising.
            getMetricGroup().addGroup(LabelledCounters.GROUP).addGroup("tenant", tenant)
                .gauge("gold_backlog_overdue", () -> overdue.get(tenant));
          }
        });
        long now = System.currentTimeMillis();
        for (SilverEvent e : buffer) {
          applied.inc(e.tenantId);
          if (e.sourceTimestamp != null) {
            freshness.update(Math.max(0, now - e.sourceTimestamp.toEpochMilli()));
          }
        }
        buffer.clear();
        return;
      } catch (SQLException | RuntimeException | AssertionError e) {
        // A connection cut mid-statement can also surface from inside the driver as an unchecked error
        // (an AssertionError when the JVM runs with -ea, as tests do): retried like any SQLException.
        failures.inc();
        closeQuietly();
        if (System.nanoTime() > deadline) {
          throw new SQLException("Gold upsert kept failing for " + maxRetryTime + "; giving up", e);
        }
        LOG.warn("Gold upsert of {} events failed ({}); retrying in {} ms", buffer.size(), e.getMessage(), backoffMs);
        Thread.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the connection is being replaced
      }
      connection = null;
    }
  }

  @Override
  public void close() throws Exception {
    closeQuietly();
    super.close();
  }
}
