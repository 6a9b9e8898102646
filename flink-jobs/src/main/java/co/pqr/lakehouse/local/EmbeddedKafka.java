package co.pqr.lakehouse.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker (KRaft, combined broker + controller) running in a
 * <b>child JVM</b>, for the CLI's local default and for integration tests.
 *
 * <p>What it does: {@link #start(Path, int)} writes {@code dataDir/server.properties} and
 * launches a child JVM that formats the storage if it was never formatted ({@code
 * kafka.tools.StorageTool format -t <id> -c server.properties --ignore-formatted}, with a cluster
 * id generated once and kept in {@code dataDir/cluster.id}) and then runs {@code kafka.Kafka
 * server.properties}. It returns once the broker answers an AdminClient {@code describeCluster}.
 * All broker output (stdout, stderr, log4j2 at INFO) goes to {@code dataDir/broker.log}.
 * Starting again on the same {@code dataDir} keeps topics, data and committed offsets, so a
 * test can stop and restart the broker. With {@code port == 0} the ports used last time on
 * that {@code dataDir} are reused when they are still free (so clients configured with the old
 * bootstrap address reconnect after a restart); otherwise free ports are picked.
 *
 * <p>What it assumes:
 * <ul>
 *   <li>The current JVM's classpath ({@code java.class.path}) holds {@code kafka_2.13} 3.9.x and
 *       its runtime dependencies, and an SLF4J 2 provider backed by log4j2
 *       ({@code log4j-slf4j2-impl} + {@code log4j-core}); the child JVM is started with that
 *       same classpath (passed in a {@code @argfile}, so a long classpath is fine) and a
 *       log4j2 configuration written to {@code dataDir/broker-log4j2.properties}.</li>
 *   <li>A {@code java} launcher is found as the current process's command, or under
 *       {@code java.home}.</li>
 *   <li>Only one broker runs on a given {@code dataDir} at a time (Kafka locks the log dir).
 *       It listens on 127.0.0.1 only, PLAINTEXT, no authentication: for local use only.</li>
 *   <li>Topics are not auto-created ({@code auto.create.topics.enable=false}); create them with
 *       {@link #createTopic(String, int)}. Records up to 10 MiB are accepted, retention is
 *       unlimited.</li>
 * </ul>
 *
 * <p>The child stops when {@link #stop()}/{@link #close()} is called, when the parent JVM shuts
 * down (a shutdown hook), and also when the parent dies without running its hooks (e.g.
 * {@code kill -9}): the child watches its stdin pipe from the parent and exits on end-of-file.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String HOST = "127.0.0.1";
    private static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 30;
    private static final int MAX_ERROR_LINES = 5;

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Process process;
    private final long logOffsetAtStart;
    private final String clusterId;
    private final Thread shutdownHook;
    private boolean stopped;

    private EmbeddedKafka(Path dataDir, int port, int controllerPort, Process process, long logOffsetAtStart,
                          String clusterId) {
        this.dataDir = dataDir;
        this.logOffsetAtStart = logOffsetAtStart;
        this.clusterId = clusterId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.process = process;
        this.shutdownHook = new Thread(this::stopQuietlyOnShutdown, "embedded-kafka-shutdown-" + port);
    }

    /** Same as {@link #start(Path, int) start(dataDir, 0)}. */
    public static EmbeddedKafka start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts a broker on {@code dataDir} (created if missing) and waits until it serves requests.
     *
     * @param dataDir directory for configuration, Kafka log segments ({@code logs/}) and
     *                {@code broker.log}; reuse it to keep data across restarts
     * @param port    PLAINTEXT port on 127.0.0.1, or 0 to reuse the port of the previous run on
     *                this {@code dataDir} if free, else any free port
     * @throws IllegalStateException if the broker does not come up within 60 s or its process
     *                               exits; the message holds the tail of {@code broker.log}
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        long t0 = System.nanoTime();
        try {
            Path dir = dataDir.toAbsolutePath().normalize();
            Files.createDirectories(dir);
            Properties previousPorts = readProperties(dir.resolve("ports.properties"));
            int brokerPort = port != 0 ? port : reuseOrPickPort(previousPorts.getProperty("port"), -1);
            int controllerPort = reuseOrPickPort(previousPorts.getProperty("controller.port"), brokerPort);
            writeString(dir.resolve("ports.properties"), "port=" + brokerPort + "\ncontroller.port=" + controllerPort + "\n");

            Path serverProperties = writeServerProperties(dir, brokerPort, controllerPort);
            Path log4jConfig = writeLog4jConfig(dir);
            Path argFile = writeClasspathArgFile(dir);
            Path brokerLog = dir.resolve("broker.log");
            long logOffset = Files.exists(brokerLog) ? Files.size(brokerLog) : 0L;
            appendToLog(brokerLog, "==== EmbeddedKafka starting at " + java.time.Instant.now()
                    + " on " + HOST + ":" + brokerPort + " (controller " + controllerPort + ") ====");

            List<String> cmd = javaCommand(log4jConfig, argFile);
            cmd.add(ChildMain.class.getName());
            cmd.add(serverProperties.toString());
            String clusterId = clusterId(dir);
            boolean formatted = Files.exists(dir.resolve("logs").resolve("meta.properties"));
            if (!formatted) {
                cmd.add(clusterId); // the child formats the storage first
            }
            Process process = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(brokerLog.toFile()))
                    .start();
            EmbeddedKafka kafka = new EmbeddedKafka(dir, brokerPort, controllerPort, process, logOffset, clusterId);
            Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
            try {
                kafka.awaitReady(System.nanoTime() + START_TIMEOUT.toNanos());
            } catch (RuntimeException | Error e) {
                kafka.stop();
                throw e;
            }
            LOG.info("Embedded Kafka broker (pid {}) ready at {} in {} ms; data in {}, log in {}",
                    process.pid(), kafka.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000, dir, brokerLog);
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded Kafka in " + dataDir, e);
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The PLAINTEXT port the broker listens on. */
    public int port() {
        return port;
    }

    /** The directory holding configuration, data ({@code logs/}) and {@code broker.log}. */
    public Path dataDir() {
        return dataDir;
    }

    /** The file the child JVM's stdout, stderr and log output go to. */
    public Path logFile() {
        return dataDir.resolve("broker.log");
    }

    /** Process id of the child JVM. */
    public long pid() {
        return process.pid();
    }

    /** Whether the child JVM is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Creates a topic with {@code partitions} partitions, replication factor 1 and
     * {@code max.message.bytes=10485760}, and waits until every partition has a leader. Does
     * nothing if the topic already exists (whatever its partition count).
     */
    public void createTopic(String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        NewTopic topic = new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES)));
        try (Admin admin = Admin.create(adminProperties())) {
            try {
                admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Could not create topic " + name + " on " + bootstrapServers(), e.getCause());
                }
            }
            awaitLeaders(admin, name, System.nanoTime() + ADMIN_TIMEOUT.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + name + " on " + bootstrapServers(), e);
        }
    }

    /**
     * Stops the broker gracefully: asks the child to exit (it runs Kafka's own shutdown), waits
     * up to 20 s, then kills it. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shutdownInProgress) {
            // the hook is running or will run; stopping here is still fine
        }
        terminate();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", controller port " + controllerPort + ", pid "
                + process.pid() + ", " + dataDir + "]";
    }

    // ------------------------------------------------------------------------------------------

    private void terminate() {
        if (!process.isAlive()) {
            return;
        }
        long t0 = System.nanoTime();
        // Closing stdin makes ChildMain call System.exit, which runs Kafka's shutdown hook (on every
        // OS); destroy() sends SIGTERM on Unix, which does the same.
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child may already be gone
        }
        process.destroy();
        boolean exited = waitFor(process, STOP_GRACE);
        if (!exited) {
            LOG.warn("Embedded Kafka broker (pid {}) did not stop within {} s; killing it", process.pid(), STOP_GRACE.toSeconds());
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(10));
        }
        LOG.info("Embedded Kafka broker (pid {}) on port {} stopped in {} ms", process.pid(), port,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private void stopQuietlyOnShutdown() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        try {
            terminate();
        } catch (RuntimeException e) {
            process.destroyForcibly();
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private void awaitReady(long deadlineNanos) {
        // 1. cheap: wait until the PLAINTEXT port accepts connections (avoids AdminClient warnings)
        while (!canConnect(port)) {
            checkAliveAndDeadline(deadlineNanos, null);
            sleep(100);
        }
        // 2. the broker answers describeCluster and lists itself
        Properties props = adminProperties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        Exception last = null;
        try (Admin admin = Admin.create(props)) {
            while (true) {
                checkAliveAndDeadline(deadlineNanos, last);
                try {
                    DescribeClusterResult cluster = admin.describeCluster();
                    String id = cluster.clusterId().get(5, TimeUnit.SECONDS);
                    Collection<Node> nodes = cluster.nodes().get(5, TimeUnit.SECONDS);
                    if (!clusterId.equals(id)) {
                        // some other broker owns this port (ours will fail to bind and exit)
                        last = new IllegalStateException("Port " + port + " is served by a broker of cluster " + id
                                + ", not by this one (cluster " + clusterId + ")");
                    } else if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for embedded Kafka", e);
                }
                sleep(200);
            }
        }
    }

    private void checkAliveAndDeadline(long deadlineNanos, Exception last) {
        if (!process.isAlive()) {
            throw new IllegalStateException("Embedded Kafka broker exited with code " + process.exitValue()
                    + " during startup (port " + port + ", data " + dataDir + ")." + logReport(), last);
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new IllegalStateException("Embedded Kafka broker did not become ready within "
                    + START_TIMEOUT.toSeconds() + " s at " + bootstrapServers() + " (data " + dataDir
                    + ")." + logReport(), last);
        }
    }

    private void awaitLeaders(Admin admin, String topic, long deadlineNanos)
            throws InterruptedException, TimeoutException {
        while (true) {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(Set.of(topic)).allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                TopicDescription description = d.get(topic);
                if (description != null && description.partitions().stream()
                        .map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("Could not describe topic " + topic, e.getCause());
                }
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new TimeoutException("partitions of " + topic + " have no leader");
            }
            sleep(100);
        }
    }

    private Properties adminProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        return props;
    }

    /**
     * The cluster id of {@code dataDir}: the one in {@code logs/meta.properties} if the storage
     * is formatted, else the one in {@code cluster.id}, else a new one (saved in {@code cluster.id}).
     */
    private static String clusterId(Path dir) throws IOException {
        String formatted = readProperties(dir.resolve("logs").resolve("meta.properties")).getProperty("cluster.id");
        if (formatted != null && !formatted.isBlank()) {
            return formatted.trim();
        }
        Path clusterIdFile = dir.resolve("cluster.id");
        String clusterId = Files.exists(clusterIdFile)
                ? Files.readString(clusterIdFile, StandardCharsets.UTF_8).trim()
                : "";
        if (clusterId.isEmpty()) {
            clusterId = Uuid.randomUuid().toString();
            writeString(clusterIdFile, clusterId + "\n");
        }
        return clusterId;
    }

    private static Path writeServerProperties(Path dir, int port, int controllerPort) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("num.partitions", "2");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        // Flink's exactly-once KafkaSink keeps transactions open across checkpoints
        p.put("transaction.max.timeout.ms", "3600000");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        p.put("log.retention.hours", "-1");
        p.put("log.retention.bytes", "-1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "2");
        StringBuilder sb = new StringBuilder("# Written by ").append(EmbeddedKafka.class.getName())
                .append(" on every start; edits are overwritten.\n");
        p.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Path file = dir.resolve("server.properties");
        writeString(file, sb.toString());
        return file;
    }

    private static Path writeLog4jConfig(Path dir) throws IOException {
        String config = String.join("\n",
                "# log4j2 configuration of the embedded Kafka child JVM (written by EmbeddedKafka).",
                "# Everything goes to stdout, which the parent redirects to broker.log.",
                "status = warn",
                "name = embedded-kafka",
                "appender.out.type = Console",
                "appender.out.name = OUT",
                "appender.out.target = SYSTEM_OUT",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d{ISO8601}] %-5p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.out.ref = OUT",
                "logger.request.name = kafka.request.logger",
                "logger.request.level = WARN",
                "logger.authorizer.name = kafka.authorizer.logger",
                "logger.authorizer.level = WARN",
                "");
        Path file = dir.resolve("broker-log4j2.properties");
        writeString(file, config);
        return file;
    }

    /** The classpath goes into a {@code java @argfile}: a long test classpath can exceed the OS limit on one argument. */
    private static Path writeClasspathArgFile(Path dir) throws IOException {
        String classpath = System.getProperty("java.class.path");
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalStateException("java.class.path is empty; cannot launch the Kafka broker JVM");
        }
        String quoted = "\"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        Path file = dir.resolve("broker-classpath.args");
        writeString(file, "-cp\n" + quoted + "\n");
        return file;
    }

    private static List<String> javaCommand(Path log4jConfig, Path argFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseG1GC");
        cmd.add("-XX:MaxGCPauseMillis=20");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dlog4j2.configurationFile=" + log4jConfig.toUri());
        // keep logging alive while Kafka's own shutdown hook runs
        cmd.add("-Dlog4j2.shutdownHookEnabled=false");
        cmd.add("@" + argFile);
        return cmd;
    }

    private static String javaBinary() {
        Optional<String> current = ProcessHandle.current().info().command();
        if (current.isPresent()) {
            Path p = Path.of(current.get());
            String name = p.getFileName().toString();
            if ((name.equals("java") || name.equals("java.exe")) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        Path fallback = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").toLowerCase().startsWith("windows") ? "java.exe" : "java");
        return fallback.toString();
    }

    private static int reuseOrPickPort(String previous, int exclude) throws IOException {
        if (previous != null) {
            try {
                int p = Integer.parseInt(previous.trim());
                if (p > 0 && p != exclude && isFree(p)) {
                    return p;
                }
            } catch (NumberFormatException ignored) {
                // pick a new one
            }
        }
        for (int i = 0; i < 20; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                int p = s.getLocalPort();
                if (p != exclude) {
                    return p;
                }
            }
        }
        throw new IOException("Could not find a free port");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean canConnect(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Properties readProperties(Path file) {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException ignored) {
                // treat as absent
            }
        }
        return p;
    }

    private static void writeString(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void appendToLog(Path log, String line) throws IOException {
        try (OutputStream out = Files.newOutputStream(log, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            out.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * For startup failures: the first ERROR/FATAL lines (with the line after each, usually the
     * exception) written since this start, then the last lines of {@code broker.log}.
     */
    private String logReport() {
        List<String> lines = readLogSince(logFile(), logOffsetAtStart);
        StringBuilder sb = new StringBuilder();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size() && errors.size() < 2 * MAX_ERROR_LINES; i++) {
            String line = lines.get(i);
            if (line.contains("] ERROR ") || line.contains("] FATAL ") || line.startsWith("[embedded-kafka] formatting")) {
                errors.add(line);
                if (i + 1 < lines.size()) {
                    errors.add("    " + lines.get(i + 1));
                }
            }
        }
        if (!errors.isEmpty()) {
            sb.append("\nFirst errors in ").append(logFile()).append(":\n").append(String.join("\n", errors));
        }
        int from = Math.max(0, lines.size() - LOG_TAIL_LINES);
        sb.append("\nLast lines of ").append(logFile()).append(":\n")
                .append(String.join("\n", lines.subList(from, lines.size())));
        return sb.toString();
    }

    /** Lines of {@code file} from byte {@code offset} on (at most the last 4 MiB). */
    private static List<String> readLogSince(Path file, long offset) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            long from = Math.max(Math.min(offset, len), len - 4L * 1024 * 1024);
            byte[] buf = new byte[(int) (len - from)];
            raf.seek(from);
            raf.readFully(buf);
            return List.of(new String(buf, StandardCharsets.UTF_8).split("\r?\n"));
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e + ")");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for embedded Kafka", e);
        }
    }

    /**
     * Main class of the child JVM. Arguments: {@code <server.properties> [<cluster id>]}. With a
     * cluster id it first runs {@code kafka.tools.StorageTool format -t <cluster id> -c
     * <server.properties> --ignore-formatted} (in this JVM, which saves a JVM start), then
     * {@code kafka.Kafka <server.properties>}. It exits, running Kafka's graceful shutdown hook,
     * when its stdin reaches end-of-file, i.e. when the parent closes the pipe or dies. Public
     * only so that the child JVM can launch it.
     */
    public static final class ChildMain {
        private ChildMain() {
        }

        public static void main(String[] args) {
            Thread watchdog = new Thread(() -> {
                try {
                    byte[] buf = new byte[256];
                    while (System.in.read(buf) >= 0) {
                        // ignore input; wait for end-of-file
                    }
                } catch (IOException ignored) {
                    // treat as end-of-file
                }
                System.out.println("[embedded-kafka] parent closed stdin or exited; shutting the broker down");
                System.out.flush();
                System.exit(0);
            }, "embedded-kafka-parent-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();

            String serverProperties = args[0];
            if (args.length > 1) {
                String[] format = {"format", "-t", args[1], "-c", serverProperties, "--ignore-formatted"};
                System.out.println("[embedded-kafka] kafka.tools.StorageTool " + String.join(" ", format));
                int rc;
                try {
                    rc = kafka.tools.StorageTool.execute(format, System.out);
                } catch (Throwable t) {
                    System.out.println("[embedded-kafka] formatting the storage failed");
                    t.printStackTrace(System.out);
                    rc = 1;
                }
                System.out.flush();
                if (rc != 0) {
                    System.exit(rc);
                }
            }
            kafka.Kafka.main(new String[] {serverProperties});
        }
    }
}
