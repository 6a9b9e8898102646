package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.PqrPipeline;
import co.pqr.lakehouse.gold.GoldWriter;
import co.pqr.lakehouse.io.InputRecord;
import co.pqr.lakehouse.io.JsonlInput;
import co.pqr.lakehouse.io.KafkaInput;
import co.pqr.lakehouse.lake.LakehouseCommitter;
import co.pqr.lakehouse.local.EmbeddedKafka;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection (issue 6, "Faults"): every test first proves its fault fired while records were
 * still to come, then checks the lakehouse's promises exactly ({@link LakehouseAssertions#assertExactlyOnce}):
 * Bronze one row per valid input record, quarantine one per invalid one, Silver one row per event,
 * Gold equal to {@link GoldOracle}, {@code control.runs} equal to what was committed, and every
 * file of every snapshot present. The jobs run on MiniClusters in this JVM, so the injected
 * operators report through static counters ({@link Faults}).
 *
 * <p>{@code -Dpqr.faults.events=1000000} runs the scheduled-failures test on 1M events (default 200k).
 */
class FaultToleranceIT {
  static final int EVENTS = Integer.getInteger("pqr.faults.events", 200_000);

  private static EmbeddedKafka kafka;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() {
    kafka = SharedKafka.broker();
  }

  @BeforeEach
  void resetFaults() {
    Faults.reset(0, 0);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * One stream over at least 200k events fails, in order: in {@code map} mid-stream, in
   * {@code snapshotState} during a checkpoint, on the committer's notification of a completed
   * checkpoint before it commits (a fault hook in the committer: the checkpoint is complete, its
   * files are not committed), in {@code initializeState} while recovering from that, and in
   * {@code close} at the end of the input.
   */
  @Test
  void scheduledFailuresInOneStreamNeitherLoseNorDuplicateAnything() throws Exception {
    List<Fixtures.In> input = input(61, EVENTS);
    String topic = "ft-scheduled";
    publish(topic, input);
    Faults.reset(input.size(), 0);
    Faults.schedule(Fault.MAP, 0.10, Fault.SNAPSHOT, 0.25, Fault.COMMIT_NOTIFICATION, 0.40, Fault.RECOVERY, 0.40,
        Fault.CLOSE, 1.0);
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), topic)) {
      runToEnd(launch(lake, KafkaInput.range(kafka.bootstrapServers(), topic, "ft", "earliest", "latest"),
          "stream", p -> p.withCommitFaultHook(new CommitNotificationFault())));

      assertThat(Faults.fired()).as("every scheduled fault fired, in order")
          .containsExactly(Fault.MAP, Fault.SNAPSHOT, Fault.COMMIT_NOTIFICATION, Fault.RECOVERY, Fault.CLOSE);
      for (Fault f : List.of(Fault.MAP, Fault.SNAPSHOT, Fault.COMMIT_NOTIFICATION, Fault.RECOVERY)) {
        assertThat(Faults.firedAt(f)).as("%s fired with records still in flight", f).isLessThan(input.size());
      }
      assertThat(Faults.restarts()).as("one restart per fault").isGreaterThanOrEqualTo(5);
      // Finished tasks are not re-initialised after the failure in close, so that restart shows no restore here.
      assertThat(Faults.restoresSeen()).as("the restarts after the first four faults restored a completed checkpoint")
          .isGreaterThanOrEqualTo(4);
      LakehouseAssertions.assertExactlyOnce(lake, input);
      List<Integer> sizes = rowCounts(lake);
      assertThat(LakehouseAssertions.assertMaintainRemovesOrphans(lake))
          .as("the failed attempts left uncommitted files behind").isPositive();
      assertThat(rowCounts(lake))
          .as("maintain kept every row").isEqualTo(sizes);
    }
  }

  /** The broker stops mid-stream and comes back on the same data folder and port; the rest of the input follows. */
  @Test
  void brokerStoppedAndRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
    List<Fixtures.In> input = input(62, 8_000);
    int firstPart = input.size() * 4 / 10;
    String topic = "ft-broker";
    Path brokerDir = dir.resolve("kafka");
    EmbeddedKafka broker = EmbeddedKafka.start(brokerDir, 0);
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), broker.bootstrapServers(), topic)) {
      broker.createTopic(topic, 2);
      // Partition i % 2, so the end offsets of the whole input are known before the second part is sent.
      produceRoundRobin(broker.bootstrapServers(), topic, input.subList(0, firstPart), 0);
      String end = "0:" + (input.size() + 1) / 2 + ",1:" + input.size() / 2;
      Faults.reset(input.size(), 300_000);
      PipelineLauncher.Launched job = launch(lake, KafkaInput.range(broker.bootstrapServers(), topic, "ft-broker",
          "earliest", end), "stream", UnaryOperator.identity());

      await().atMost(Duration.ofMinutes(2)).until(() -> Faults.checkpointsCompleted() > 0
          && Faults.processed() >= firstPart * 3L / 4);
      broker.stop();
      long processedAtStop = Faults.processed();
      Thread.sleep(8_000); // the broker stays down for a while
      broker = EmbeddedKafka.start(brokerDir, broker.port());
      produceRoundRobin(broker.bootstrapServers(), topic, input.subList(firstPart, input.size()), firstPart);
      runToEnd(job);

      assertThat(processedAtStop).as("the broker stopped with records still to come").isLessThan(input.size());
      LakehouseAssertions.assertExactlyOnce(lake, input);
    } finally {
      broker.close();
    }
  }

  /** Postgres (as the Gold writer sees it, through a proxy) goes away for 12 s mid-run and comes back. */
  @Test
  void postgresOutageDuringGoldUpsertsIsRetriedAndGoldConverges() throws Exception {
    List<Fixtures.In> input = input(63, 8_000);
    String topic = "ft-postgres";
    publish(topic, input);
    Faults.reset(input.size(), 1_000_000);
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), topic);
        PgProxy proxy = new PgProxy(postgresHost(lake), postgresPort(lake));
        LogCapture goldLog = LogCapture.of(GoldWriter.class)) {
      String proxied = lake.settings.pgUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
      PipelineLauncher.Launched job = launch(lake, KafkaInput.range(kafka.bootstrapServers(), topic, "ft-pg",
          "earliest", "latest"), "stream", p -> p.withGoldJdbcUrl(proxied));
      await().atMost(Duration.ofMinutes(2)).until(() -> Faults.processed() >= input.size() / 4
          && lake.scalar("SELECT count(*) FROM gold.pqr_case") > 0);
      proxy.cut();
      long processedAtCut = Faults.processed();
      // Postgres stays unreachable until a Gold writer has failed and backed off four times in a row
      await().atMost(Duration.ofMinutes(2)).until(() -> retryDelaysMs(goldLog).contains(1600L));
      proxy.restore();
      runToEnd(job);

      assertThat(processedAtCut).as("cut with records still to come").isLessThan(input.size());
      assertThat(retryDelaysMs(goldLog)).as("the Gold writers retried with growing backoff (each subtask its own)")
          .contains(200L, 400L, 800L, 1600L);
      assertThat(goldLog.messages()).noneMatch(m -> m.contains("giving up"));
      assertThat(Faults.restoresSeen()).as("retried in place: no job restart").isZero();
      LakehouseAssertions.assertExactlyOnce(lake, input);
    }
  }

  /**
   * A savepoint is taken, the stream runs on and commits more, is cancelled, and is started again
   * from the savepoint: the input after the savepoint is read a second time and Gold upserts are
   * re-emitted, yet nothing doubles (the replay guard skips what the stream's lineage committed).
   */
  @Test
  void restoreFromAnOlderSavepointReEmitsGoldUpsertsWithoutDoubleCounting() throws Exception {
    List<Fixtures.In> input = input(64, 8_000);
    String topic = "ft-savepoint";
    publish(topic, input);
    Faults.reset(input.size(), 2_000_000);
    KafkaInput source = KafkaInput.range(kafka.bootstrapServers(), topic, "ft-sp", "earliest", "latest");
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), topic);
        LogCapture goldLog = LogCapture.of(GoldWriter.class)) {
      PipelineLauncher.Launched first = launch(lake, source, "stream", UnaryOperator.identity());
      await().atMost(Duration.ofMinutes(2)).until(() -> Faults.processed() >= input.size() / 5 && !lake.bronze().isEmpty());
      String savepoint = first.client().triggerSavepoint(dir.resolve("savepoints").toUri().toString(),
          SavepointFormatType.CANONICAL).get();
      int bronzeAtSavepoint = lake.bronze().size();
      await().atMost(Duration.ofMinutes(2)).until(() -> lake.bronze().size() > bronzeAtSavepoint + 500);
      first.client().cancel().get();
      long processedBeforeCancel = Faults.processed();
      assertThat(processedBeforeCancel).as("cancelled with records still to come").isLessThan(input.size());
      Map<Integer, Long> seenByFirst = Map.copyOf(Faults.maxOffsets);

      Faults.reset(input.size(), 0);
      Faults.redeliveredBelow(seenByFirst);
      Configuration conf = PipelineLauncher.flinkConfiguration(lake.settings, true, false);
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      PipelineLauncher.Launched second = PipelineLauncher.launch(StreamExecutionEnvironment.createLocalEnvironment(conf),
          lake.settings, source, "stream", TestLakehouse.KEY, FaultToleranceIT::inject, PqrPipeline.Layers.GOLD,
          UnaryOperator.identity());
      // A bounded KafkaSource restored from a savepoint never signals its end (FLINK-31006, open in
      // connector 4.0.1): once everything is committed, the stream is stopped the way an operator
      // stops one, with a draining savepoint (end of input for every operator: the last run closes).
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
          .until(() -> lake.bronze().size() + lake.quarantine().size() >= input.size());
      second.client().stopWithSavepoint(true, dir.resolve("savepoints").toUri().toString(),
          SavepointFormatType.CANONICAL).get();
      runToEnd(second);

      assertThat(Faults.redelivered()).as("the restore re-read input the first execution had processed").isPositive();
      assertThat(goldLog.messages()).as("no unique-violation or cardinality error in Gold upserts")
          .noneMatch(m -> m.contains("duplicate key") || m.contains("a second time") || m.contains("unique"));
      LakehouseAssertions.assertExactlyOnce(lake, input);
    }
  }

  /** Two backfills on overlapping input run at the same time: Silver arbitration keeps one row per event. */
  @Test
  void twoConcurrentBackfillsOnOverlappingInputKeepOneSilverRowPerEvent() throws Exception {
    Produce.Overlap overlap = Produce.overlappingJsonl(dir, 71, 1500);
    List<Fixtures.In> first = overlap.first();
    List<Fixtures.In> second = overlap.second();
    Path f1 = overlap.firstFile();
    Path f2 = overlap.secondFile();
    List<Fixtures.In> union = overlap.both();
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), "unused");
        LogCapture commits = LogCapture.of(LakehouseCommitter.class, org.apache.logging.log4j.Level.INFO)) {
      PipelineLauncher.Launched a = PipelineLauncher.launch(lake.settings, new JsonlInput(f1), "backfill", TestLakehouse.KEY, false);
      PipelineLauncher.Launched b = PipelineLauncher.launch(lake.settings, new JsonlInput(f2), "backfill", TestLakehouse.KEY, false);
      runToEnd(a);
      runToEnd(b);

      int ownDistinct = new GoldOracle(Fixtures.validPayloads(first)).distinctEvents
          + new GoldOracle(Fixtures.validPayloads(second)).distinctEvents;
      assertThat(ownDistinct).as("both jobs held the overlap as new events")
          .isGreaterThan(new GoldOracle(Fixtures.validPayloads(union)).distinctEvents);
      assertThat(commits.messages()).as("the later Silver commit was arbitrated")
          .anyMatch(m -> m.startsWith("Silver arbitration"));
      LakehouseAssertions.assertExactlyOnce(lake, union);
    }
  }

  /** A backfill (part of it the stream's own events) runs while the stream is mid-input. */
  @Test
  void backfillBesideARunningStreamKeepsSilverAndGoldConsistentOverBoth() throws Exception {
    List<Fixtures.In> streamed = Fixtures.generated(21, 400);
    List<Fixtures.In> backfilled = new ArrayList<>(Fixtures.generated(22, 150));
    backfilled.addAll(streamed.subList(0, 300));
    String topic = "ft-beside";
    kafka.createTopic(topic, 2);
    Produce.toKafka(kafka.bootstrapServers(), topic, streamed);
    Path file = dir.resolve("beside.jsonl");
    Produce.toJsonl(file, backfilled);
    List<Fixtures.In> union = new ArrayList<>(streamed);
    union.addAll(backfilled);
    Faults.reset(streamed.size(), 20_000_000);
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), kafka.bootstrapServers(), topic);
        LogCapture commits = LogCapture.of(LakehouseCommitter.class, org.apache.logging.log4j.Level.INFO)) {
      PipelineLauncher.Launched stream = launch(lake, KafkaInput.range(kafka.bootstrapServers(), topic, "ft-beside",
          "earliest", "latest"), "stream", UnaryOperator.identity());
      await().atMost(Duration.ofMinutes(2)).until(() -> !lake.silver().isEmpty());
      long processedAtBackfill = Faults.processed();
      long silverAtBackfill = lake.table(co.pqr.lakehouse.iceberg.LakehouseTables.SILVER).currentSnapshot().snapshotId();
      runToEnd(PipelineLauncher.launch(lake.settings, new JsonlInput(file), "backfill", TestLakehouse.KEY, false));
      runToEnd(stream);

      assertThat(processedAtBackfill).as("the backfill started while the stream had input left")
          .isLessThan(streamed.size());
      List<String> laterSilverCommits = new ArrayList<>();
      for (org.apache.iceberg.Snapshot s : lake.table(co.pqr.lakehouse.iceberg.LakehouseTables.SILVER).snapshots()) {
        if (s.sequenceNumber() > lake.table(co.pqr.lakehouse.iceberg.LakehouseTables.SILVER).snapshot(silverAtBackfill).sequenceNumber()) {
          laterSilverCommits.add(s.summary().get(LakehouseCommitter.JOB_INSTANCE_PROPERTY));
        }
      }
      assertThat(laterSilverCommits).as("the stream committed Silver the backfill's deduplicator never saw")
          .anyMatch(j -> j.startsWith("stream-"));
      assertThat(commits.messages()).as("the jobs' Silver commits were arbitrated")
          .anyMatch(m -> m.startsWith("Silver arbitration"));
      LakehouseAssertions.assertExactlyOnce(lake, union);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** At least {@code events} generated records (realistic lifecycles, redeliveries, malformed records). */
  static List<Fixtures.In> input(long seed, int events) {
    int cases = (int) Math.ceil(events * 1000.0 / Fixtures.generated(seed, 1000).size());
    List<Fixtures.In> out = Fixtures.generated(seed, cases);
    while (out.size() < events) {
      cases += Math.max(1, cases / 100);
      out = Fixtures.generated(seed, cases);
    }
    return out;
  }

  private static PipelineLauncher.Launched launch(TestLakehouse lake, co.pqr.lakehouse.io.InputSource source,
      String mode, UnaryOperator<PqrPipeline> customizer) throws Exception {
    return PipelineLauncher.launch(PipelineLauncher.localEnvironment(lake.settings, mode, false), lake.settings,
        source, mode, TestLakehouse.KEY, FaultToleranceIT::inject, PqrPipeline.Layers.GOLD, customizer);
  }

  private static DataStream<InputRecord> inject(DataStream<InputRecord> s) {
    return s.transform("fault-injector", TypeInformation.of(InputRecord.class), new FaultInjector()).uid("fault-injector");
  }

  /** The delays of the Gold writer's retries, in the order it logged them. */
  private static List<Long> retryDelaysMs(LogCapture goldLog) {
    java.util.regex.Pattern retry = java.util.regex.Pattern.compile("^Gold upsert of \\d+ events failed .*; retrying in (\\d+) ms$",
        java.util.regex.Pattern.DOTALL);
    List<Long> out = new ArrayList<>();
    for (String m : goldLog.messages()) {
      java.util.regex.Matcher matcher = retry.matcher(m);
      if (matcher.matches()) {
        out.add(Long.parseLong(matcher.group(1)));
      }
    }
    return out;
  }

  /** Bronze, quarantine and Silver row counts (one column read). */
  private static List<Integer> rowCounts(TestLakehouse lake) throws Exception {
    return List.of(lake.rows(co.pqr.lakehouse.iceberg.LakehouseTables.BRONZE, "run_id").size(),
        lake.rows(co.pqr.lakehouse.iceberg.LakehouseTables.QUARANTINE, "run_id").size(),
        lake.rows(co.pqr.lakehouse.iceberg.LakehouseTables.SILVER, "run_id").size());
  }

  /** A new two-partition topic on the shared broker holding {@code records}. */
  private static void publish(String topic, List<Fixtures.In> records) throws Exception {
    kafka.createTopic(topic, 2);
    Produce.toKafka(kafka.bootstrapServers(), topic, records);
  }

  private static void runToEnd(PipelineLauncher.Launched launched) throws Exception {
    launched.client().getJobExecutionResult().get();
  }

  private static void produceRoundRobin(String bootstrap, String topic, List<Fixtures.In> records, int firstIndex)
      throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      int i = firstIndex;
      for (Fixtures.In r : records) {
        producer.send(new ProducerRecord<>(topic, i++ % 2,
            r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8), r.value())).get();
      }
    }
  }

  private static URI pgUri(TestLakehouse lake) {
    return URI.create(lake.settings.pgUrl().substring("jdbc:".length()));
  }

  private static String postgresHost(TestLakehouse lake) {
    return pgUri(lake).getHost();
  }

  private static int postgresPort(TestLakehouse lake) {
    int port = pgUri(lake).getPort();
    return port < 0 ? 5432 : port;
  }

  // ---------------------------------------------------------------------------------------------

  enum Fault { MAP, SNAPSHOT, COMMIT_NOTIFICATION, RECOVERY, CLOSE }

  /**
   * The fault schedule and what the injected operators observed, shared through statics (the
   * MiniCluster runs in this JVM). Faults fire once each, in schedule order, each once at least
   * its share of the input has been processed (restarts re-read, so processing counts them again).
   */
  static final class Faults {
    static final AtomicLong processed = new AtomicLong();
    static final AtomicInteger checkpoints = new AtomicInteger();
    static final AtomicInteger maxAttempt = new AtomicInteger();
    static final AtomicInteger restores = new AtomicInteger();
    static final Map<Integer, Long> maxOffsets = new ConcurrentHashMap<>();
    static final AtomicLong redelivered = new AtomicLong();
    static volatile Map<Integer, Long> redeliveryBound = Map.of();
    static volatile long throttleNanos;
    private static final List<Fault> schedule = new ArrayList<>();
    private static final List<Long> thresholds = new ArrayList<>();
    private static final List<Fault> fired = new ArrayList<>();
    private static final List<Long> firedAt = new ArrayList<>();
    private static long total;

    static synchronized void reset(long totalRecords, long throttle) {
      processed.set(0);
      checkpoints.set(0);
      maxAttempt.set(0);
      restores.set(0);
      maxOffsets.clear();
      redelivered.set(0);
      redeliveryBound = Map.of();
      throttleNanos = throttle;
      schedule.clear();
      thresholds.clear();
      fired.clear();
      firedAt.clear();
      total = totalRecords;
    }

    /** Pairs of (fault, share of the input processed before it may fire). */
    static synchronized void schedule(Object... faultsAndShares) {
      for (int i = 0; i < faultsAndShares.length; i += 2) {
        schedule.add((Fault) faultsAndShares[i]);
        thresholds.add((long) (total * (Double) faultsAndShares[i + 1]));
      }
    }

    static void redeliveredBelow(Map<Integer, Long> bound) {
      redeliveryBound = bound;
    }

    /** Whether {@code f} is the next scheduled fault and due; if so, it is recorded as fired. */
    static synchronized boolean fire(Fault f) {
      if (fired.size() >= schedule.size() || schedule.get(fired.size()) != f
          || processed.get() < thresholds.get(fired.size())) {
        return false;
      }
      fired.add(f);
      firedAt.add(processed.get());
      return true;
    }

    static synchronized List<Fault> fired() {
      return List.copyOf(fired);
    }

    static synchronized long firedAt(Fault f) {
      return firedAt.get(fired.indexOf(f));
    }

    static long processed() {
      return processed.get();
    }

    static int checkpointsCompleted() {
      return checkpoints.get();
    }

    static int restarts() {
      return maxAttempt.get();
    }

    static int restoresSeen() {
      return restores.get();
    }

    static long redelivered() {
      return redelivered.get();
    }
  }

  /**
   * Right after the source: counts and optionally throttles records (so checkpoints complete while
   * records are in flight), counts restores, and throws at the scheduled points.
   */
  static final class FaultInjector extends AbstractStreamOperator<InputRecord>
      implements OneInputStreamOperator<InputRecord, InputRecord>, BoundedOneInput {
    private transient boolean checkpointCompleted;
    private transient boolean inputEnded;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
      super.initializeState(context);
      int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
      Faults.maxAttempt.accumulateAndGet(attempt, Math::max);
      if (context.getRestoredCheckpointId().isPresent() && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
        Faults.restores.incrementAndGet();
      }
      if (context.isRestored() && Faults.fire(Fault.RECOVERY)) {
        throw new IllegalStateException("injected failure during recovery");
      }
    }

    @Override
    public void processElement(StreamRecord<InputRecord> element) {
      InputRecord r = element.getValue();
      long n = Faults.processed.incrementAndGet();
      Faults.maxOffsets.merge(r.partition, r.offset, Math::max);
      Long bound = Faults.redeliveryBound.get(r.partition);
      if (bound != null && r.offset <= bound) {
        Faults.redelivered.incrementAndGet();
      }
      if (Faults.throttleNanos > 0) {
        LockSupport.parkNanos(Faults.throttleNanos);
      }
      if (checkpointCompleted && Faults.fire(Fault.MAP)) {
        throw new IllegalStateException("injected failure in map after " + n + " records");
      }
      output.collect(element);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
      super.snapshotState(context);
      if (checkpointCompleted && Faults.fire(Fault.SNAPSHOT)) {
        throw new IllegalStateException("injected failure in snapshotState of checkpoint " + context.getCheckpointId());
      }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
      super.notifyCheckpointComplete(checkpointId);
      checkpointCompleted = true;
      Faults.checkpoints.incrementAndGet();
    }

    @Override
    public void endInput() {
      inputEnded = true;
    }

    @Override
    public void close() throws Exception {
      super.close();
      if (inputEnded && Faults.fire(Fault.CLOSE)) {
        throw new IllegalStateException("injected failure in close");
      }
    }
  }

  /** The committer's fault hook: fails the commit notification of a completed checkpoint, once. */
  static final class CommitNotificationFault implements LakehouseCommitter.CommitFaultHook {
    @Override
    public void beforeCommit(long checkpointId) {
      if (Faults.fire(Fault.COMMIT_NOTIFICATION)) {
        throw new IllegalStateException("injected failure between completion of checkpoint " + checkpointId
            + " and its commit");
      }
    }
  }
}
