package co.pqr.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import co.pqr.lakehouse.producer.GeneratorConfig;
import co.pqr.lakehouse.producer.PqrEventGenerator;
import co.pqr.lakehouse.producer.PqrProducer;
import co.pqr.lakehouse.producer.ProducedRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command line's parsing, help and configuration errors, through {@link PqrLakehouse#commandLine()}.
 * None of these cases reaches a Flink MiniCluster, a Kafka broker or a live Postgres: each fails (or, for
 * {@code produce --write-jsonl} and {@code --help}, finishes) before any of them would be used.
 */
@Timeout(30)
class PqrLakehouseCommandTest {

    private static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/pqr";
    /** Nothing listens on port 1, so a connection there is refused at once. */
    private static final String DEAD_PG_URL = "jdbc:postgresql://127.0.0.1:1/nothing";

    private static final List<String> COMMON_OPTIONS = List.of("--kafka-bootstrap", "--topic", "--group-id",
            "--pg-url", "--pg-user", "--pg-password-file", "--pg-writer-user", "--warehouse", "--data-dir", "--checkpoint-interval",
            "--run-window", "--parallelism", "--max-payload-bytes", "--web-port", "--help", "--version");

    @TempDir
    Path tmp;

    /** A data dir that must stay absent: the commands create it only right before touching storage. */
    private Path dataDir;

    @BeforeEach
    void setUp() {
        dataDir = tmp.resolve("data-dir-not-created");
    }

    /** Exit code, the picocli out/err writers, and what the command printed on System.out / System.err. */
    private record Result(int exitCode, String out, String err, String stdout, String stderr) {}

    /**
     * Runs the command line with its out/err writers and System.out/System.err captured. The commands print
     * their results on System.out, so that is captured too. The CommandLine is created only after
     * System.out/err are replaced: picocli's default execution strategy remembers the System.out/err of
     * its creation and, if they differ at execute time, replaces the writers given to setOut/setErr.
     */
    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            CommandLine cl = PqrLakehouse.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new Result(code, out.toString(), err.toString(), stdout.toString(StandardCharsets.UTF_8),
                stderr.toString(StandardCharsets.UTF_8));
    }

    private static boolean envUnset(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank();
    }

    /** Collapses the line wrapping of picocli's usage help. */
    private static String oneLine(String help) {
        return help.replaceAll("\\s+", " ");
    }

    // ---- help -------------------------------------------------------------------------------

    @Test
    void rootHelpExitsZeroAndListsEverySubcommand() {
        Result r = run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(oneLine(r.out()))
                .contains("PQR streaming lakehouse: Kafka -> Raw/Bronze/Silver (Iceberg) -> Gold (Postgres).");
        assertThat(r.out())
                .startsWith("Usage: pqr-lakehouse [-hV] [COMMAND]")
                .contains("-h, --help", "-V, --version")
                .containsPattern("(?m)^\\s+demo\\s")
                .containsPattern("(?m)^\\s+stream\\s")
                .containsPattern("(?m)^\\s+backfill\\s")
                .containsPattern("(?m)^\\s+produce\\s")
                .containsPattern("(?m)^\\s+runs\\s");
    }

    static Stream<Arguments> subcommandOptions() {
        return Stream.of(
                Arguments.of("demo", List.of("--rate", "--cases", "--kafka-port")),
                Arguments.of("stream", List.of("--kafka-port")),
                Arguments.of("backfill", List.of("--input", "--from-raw", "--kafka-from", "--kafka-to")),
                Arguments.of("produce", List.of("--cases", "--seed", "--rate", "--duplicates", "--out-of-order",
                        "--malformed", "--end", "--replay", "--write-jsonl")),
                Arguments.of("runs", List.of("--limit")),
                Arguments.of("erase", List.of("--tenant", "--document-type", "--document-number")));
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("subcommandOptions")
    void subcommandHelpExitsZeroAndListsItsOwnAndTheCommonOptions(String command, List<String> ownOptions) {
        Result r = run(command, "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.out()).startsWith("Usage: pqr-lakehouse " + command + " ");
        assertThat(r.out()).contains(ownOptions);
        assertThat(r.out()).contains(COMMON_OPTIONS);
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void backfillHelpDocumentsTheKafkaPositionSyntax() {
        Result r = run("backfill", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(oneLine(r.out()))
                .contains("Kafka positions (--kafka-from/--kafka-to): earliest | latest | an ISO-8601 instant such as"
                        + " 2026-11-01T00:00:00Z or epoch milliseconds (first record at or after it) |"
                        + " PARTITION:OFFSET[,PARTITION:OFFSET...] (from inclusive, to exclusive).")
                .contains("--kafka-from=POSITION")
                .contains("--kafka-to=POSITION")
                .contains("--input=FILE.jsonl")
                .contains("--from-raw=DATE..DATE");
    }

    @Test
    void commonOptionHelpNamesTheEnvironmentVariables() {
        String help = oneLine(run("stream", "--help").out());

        assertThat(help).contains("env PQR_KAFKA_BOOTSTRAP", "env PQR_TOPIC", "env PQR_GROUP_ID", "env PQR_PG_URL",
                "env PQR_PG_USER", "env PQR_PG_PASSWORD", "env PQR_WAREHOUSE", "env PQR_DATA_DIR");
    }

    // ---- erase ----------------------------------------------------------------------------------

    @Test
    void eraseWithoutThePseudonymKeyFailsInOneLineAndCreatesNoKey() {
        org.junit.jupiter.api.Assumptions.assumeTrue(envUnset("PQR_PSEUDONYM_KEY"));
        Result r = run("erase", "--pg-url", DEAD_PG_URL, "--data-dir", dataDir.toString(), "--tenant", "entidad-x",
                "--document-type", "CC", "--document-number", "79845123");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("pqr-lakehouse erase: erase needs the pseudonymisation key the pipeline"
                + " used: set PQR_PSEUDONYM_KEY or point --data-dir at the folder holding pseudonym.key");
        assertThat(r.out() + r.stdout() + r.err()).doesNotContain("79845123");
        assertThat(Files.exists(dataDir)).isFalse();
    }

    // ---- backfill: usage errors (picocli, exit 2) -----------------------------------------------

    @Test
    void backfillWithoutAnyInputIsAUsageErrorNamingTheInputOptions() {
        Result r = run("backfill", "--pg-url", DEAD_PG_URL, "--data-dir", dataDir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).hasValue("Error: Missing required argument (specify one of these):"
                + " (--input=FILE.jsonl | --from-raw=DATE..DATE | [--kafka-from=POSITION [--kafka-to=POSITION]])");
        assertThat(r.err()).contains("Usage: pqr-lakehouse backfill");
        assertThat(r.out()).isEmpty();
        assertThat(r.stdout()).isEmpty();
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void backfillWithTwoInputsIsAUsageErrorSayingTheyAreMutuallyExclusive() {
        Result r = run("backfill", "--input", "a.jsonl", "--from-raw", "2026-01-01..2026-01-02");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().findFirst())
                .hasValue("Error: --input=FILE.jsonl, --from-raw=DATE..DATE are mutually exclusive (specify only one)");
        assertThat(r.err()).contains("Usage: pqr-lakehouse backfill");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void backfillWithFileAndKafkaInputsIsAUsageErrorToo() {
        Result r = run("backfill", "--input", "a.jsonl", "--kafka-from", "earliest");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void kafkaToWithoutKafkaFromIsAUsageError() {
        Result r = run("backfill", "--kafka-to", "latest");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("Error: Missing required argument").contains("--kafka-from=POSITION");
    }

    @Test
    void badCheckpointIntervalIsAUsageErrorWithTheDurationMessage() {
        Result r = run("backfill", "--input", "x", "--checkpoint-interval", "10x");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).hasValue(
                "Invalid value for option '--checkpoint-interval': bad duration '10x': use e.g. 500ms, 10s, 1m, 1h");
        assertThat(r.err()).contains("Usage: pqr-lakehouse backfill");
        assertThat(r.stdout()).isEmpty();
    }

    // ---- backfill: configuration errors raised by the command (exit 2) -------------------------

    @Test
    void backfillOfAMissingFileFailsNamingTheFileBeforeTouchingStorageOrPostgres() {
        Result r = run("backfill", "--input", "/nonexistent/file.jsonl", "--pg-url", DEFAULT_PG_URL,
                "--data-dir", dataDir.toString(), "--warehouse", tmp.resolve("wh").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("pqr-lakehouse backfill: cannot read input file /nonexistent/file.jsonl");
        // the data dir is created right before Postgres/Iceberg are prepared: it must not exist
        assertThat(Files.exists(dataDir)).isFalse();
        assertThat(Files.exists(tmp.resolve("wh"))).isFalse();
        assertThat(r.stdout()).doesNotContain("backfill of");
    }

    @Test
    void backfillOfAMissingFileFailsOnTheFileEvenWhenPostgresIsUnreachable() {
        Result r = run("backfill", "--input", tmp.resolve("missing.jsonl").toString(), "--pg-url", DEAD_PG_URL,
                "--data-dir", dataDir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("pqr-lakehouse backfill: cannot read input file " + tmp.resolve("missing.jsonl"));
    }

    @Test
    void backfillOfADirectoryIsRejectedAsUnreadableInput() {
        Result r = run("backfill", "--input", tmp.toString(), "--pg-url", DEAD_PG_URL,
                "--data-dir", dataDir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("pqr-lakehouse backfill: cannot read input file " + tmp);
    }

    @Test
    void backfillFromKafkaWithoutABootstrapIsAConfigurationError() {
        assumeTrue(envUnset("PQR_KAFKA_BOOTSTRAP"), "PQR_KAFKA_BOOTSTRAP is set in the test environment");

        Result r = run("backfill", "--kafka-from", "0:10", "--pg-url", DEAD_PG_URL, "--data-dir", dataDir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("pqr-lakehouse backfill: --kafka-from needs --kafka-bootstrap or PQR_KAFKA_BOOTSTRAP");
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void backfillFromKafkaWithABadPositionFailsBeforeConnectingAnywhere() {
        Result r = run("backfill", "--kafka-bootstrap", "127.0.0.1:1", "--kafka-from", "0:10", "--kafka-to", "yesterday",
                "--pg-url", DEAD_PG_URL, "--data-dir", dataDir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("pqr-lakehouse backfill: bad Kafka position 'yesterday': expected"
                + " earliest, latest, PARTITION:OFFSET[,PARTITION:OFFSET...], an ISO-8601 instant such as"
                + " 2026-11-01T00:00:00Z, or epoch milliseconds");
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void backfillFromRawWithAnInvalidDateShowsTheExpectedForm() {
        Result r = run("backfill", "--from-raw", "2026-13-01..2026-01-02", "--pg-url", DEAD_PG_URL,
                "--data-dir", dataDir.toString(), "--warehouse", tmp.resolve("wh").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("pqr-lakehouse backfill: --from-raw expects DATE..DATE such as"
                + " 2026-11-01..2026-11-07, got '2026-13-01..2026-01-02'");
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void backfillFromRawWithAReversedRangeIsRejected() {
        Result r = run("backfill", "--from-raw", "2026-01-02..2026-01-01", "--pg-url", DEAD_PG_URL,
                "--data-dir", dataDir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("pqr-lakehouse backfill: --from-raw range is reversed: 2026-01-02..2026-01-01");
    }

    @Test
    void invalidSettingsAreAConfigurationErrorNamingTheFlag() {
        Result r = run("backfill", "--input", "/nonexistent/file.jsonl", "--parallelism", "0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("pqr-lakehouse backfill: --parallelism must be at least 1, got 0");
    }

    @Test
    void nonPostgresUrlIsAConfigurationErrorNamingTheFlag() {
        Result r = run("runs", "--pg-url", "jdbc:mysql://127.0.0.1/pqr");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo(
                "pqr-lakehouse runs: --pg-url / PQR_PG_URL must be a jdbc:postgresql: URL, got 'jdbc:mysql://127.0.0.1/pqr'");
    }

    // ---- produce ----------------------------------------------------------------------------

    @Test
    void produceWritesTheGeneratorsRecordsToAJsonlFile() throws Exception {
        Path file = tmp.resolve("out").resolve("events.jsonl");
        Instant end = Instant.parse("2026-11-20T12:00:00Z");

        Result r = run("produce", "--cases", "5", "--seed", "1", "--end", end.toString(),
                "--write-jsonl", file.toString(), "--pg-url", DEFAULT_PG_URL, "--data-dir", dataDir.toString());

        List<ProducedRecord> expected = new PqrEventGenerator(GeneratorConfig.builder()
                .seed(1)
                .cases(5)
                .duplicateShare(GeneratorConfig.DEFAULT_DUPLICATE_SHARE)
                .outOfOrderShare(GeneratorConfig.DEFAULT_OUT_OF_ORDER_SHARE)
                .malformedShare(GeneratorConfig.DEFAULT_MALFORMED_SHARE)
                .window(end, GeneratorConfig.DEFAULT_WINDOW)
                .build()).generate();
        assertThat(expected).isNotEmpty();

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.stdout().strip()).isEqualTo("wrote " + expected.size() + " records to " + file);
        byte[] written = Files.readAllBytes(file);
        long newlines = 0;
        for (byte b : written) {
            if (b == '\n') {
                newlines++;
            }
        }
        assertThat(newlines).isEqualTo(expected.size());
        assertThat(written[written.length - 1]).isEqualTo((byte) '\n');

        Path reference = tmp.resolve("reference.jsonl");
        PqrProducer.writeJsonl(expected, reference);
        assertThat(Files.mismatch(file, reference)).isEqualTo(-1L);
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void produceIsDeterministicForAFixedSeedAndEnd() throws Exception {
        Path first = tmp.resolve("first.jsonl");
        Path second = tmp.resolve("second.jsonl");

        assertThat(run("produce", "--cases", "5", "--seed", "7", "--end", "2026-11-20T12:00:00Z",
                "--write-jsonl", first.toString()).exitCode()).isZero();
        assertThat(run("produce", "--cases", "5", "--seed", "7", "--end", "2026-11-20T12:00:00Z",
                "--write-jsonl", second.toString()).exitCode()).isZero();

        assertThat(Files.size(first)).isPositive();
        assertThat(Files.mismatch(first, second)).isEqualTo(-1L);
    }

    @Test
    void produceToKafkaWithoutABootstrapIsAConfigurationError() {
        assumeTrue(envUnset("PQR_KAFKA_BOOTSTRAP"), "PQR_KAFKA_BOOTSTRAP is set in the test environment");

        Result r = run("produce", "--cases", "5");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("pqr-lakehouse produce: produce needs --kafka-bootstrap or"
                + " PQR_KAFKA_BOOTSTRAP (demo and stream print the embedded broker's address)");
        assertThat(r.stdout()).doesNotContain("sent");
    }

    @Test
    void replayWithoutABootstrapIsAConfigurationError() {
        assumeTrue(envUnset("PQR_KAFKA_BOOTSTRAP"), "PQR_KAFKA_BOOTSTRAP is set in the test environment");

        Result r = run("produce", "--replay", tmp.resolve("whatever.jsonl").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("produce needs --kafka-bootstrap");
    }

    @Test
    void produceRejectsAnInvalidEndInstantAsAUsageError() {
        Result r = run("produce", "--end", "tomorrow", "--write-jsonl", tmp.resolve("x.jsonl").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("Invalid value for option '--end': cannot convert 'tomorrow' to class java.time.Instant");
        assertThat(Files.exists(tmp.resolve("x.jsonl"))).isFalse();
    }

    // ---- runs -------------------------------------------------------------------------------

    @Test
    void runsAgainstAnUnreachableDatabaseIsAConfigurationErrorMentioningTheConnection() {
        Result r = run("runs", "--pg-url", DEAD_PG_URL, "--data-dir", dataDir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("pqr-lakehouse runs: Unable to obtain connection from database (" + DEAD_PG_URL + ")")
                .contains("Connection to 127.0.0.1:1 refused");
        assertThat(r.stdout()).doesNotContain("run_id");
        assertThat(Files.exists(dataDir)).isFalse();
    }

    // ---- bad flags, unreachable services, unreadable files, secrets ---------------------------

    /** Asserts a failure reported as exactly one line on stderr (no stack trace), with nothing on stdout. */
    private static void assertOneLineFailure(Result r, int exitCode, String line) {
        assertThat(r.exitCode()).isEqualTo(exitCode);
        assertThat(r.err().lines().toList()).containsExactly(line);
        assertThat(r.stderr()).doesNotContain("\tat ", "Exception in thread");
    }

    @Test
    void anUnknownFlagIsAUsageErrorNamingIt() {
        Result r = run("backfill", "--input", "x.jsonl", "--pg-pasword", "secret");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).hasValue("Unknown options: '--pg-pasword', 'secret'");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void aPasswordOnTheCommandLineIsNotAnOption() {
        Result r = run("runs", "--pg-password", "secret");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).hasValue("Unknown options: '--pg-password', 'secret'");
    }

    @Test
    void backfillFromAKafkaBootstrapThatRefusesConnectionsFailsAtOnceInOneLine() {
        Result r = run("backfill", "--kafka-bootstrap", "127.0.0.1:1", "--kafka-from", "earliest",
                "--pg-url", DEAD_PG_URL, "--data-dir", dataDir.toString());

        assertOneLineFailure(r, 2, "pqr-lakehouse backfill: Kafka bootstrap 127.0.0.1:1 is unreachable:"
                + " 127.0.0.1:1 (Connection refused)");
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void backfillFromAKafkaBootstrapThatNeverAnswersFailsAfterTheConnectTimeoutInOneLine() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String bootstrap = "127.0.0.1:" + silent.getLocalPort();
            Result r = run("backfill", "--kafka-bootstrap", bootstrap, "--kafka-from", "earliest",
                    "--connect-timeout", "2s", "--pg-url", DEAD_PG_URL, "--data-dir", dataDir.toString());

            assertOneLineFailure(r, 2, "pqr-lakehouse backfill: Kafka bootstrap " + bootstrap
                    + " accepts connections but did not answer as a Kafka broker within 2 s");
        }
    }

    @Test
    void streamAgainstAnUnreachableKafkaFailsInOneLineBeforeTouchingStorage() throws Exception {
        Files.createDirectories(tmp.resolve("keyed"));
        Files.writeString(tmp.resolve("keyed").resolve("pseudonym.key"),
                java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        Result r = run("stream", "--kafka-bootstrap", "127.0.0.1:1", "--pg-url", DEAD_PG_URL,
                "--data-dir", tmp.resolve("keyed").toString(), "--warehouse", tmp.resolve("wh").toString());

        assertOneLineFailure(r, 2, "pqr-lakehouse stream: Kafka bootstrap 127.0.0.1:1 is unreachable:"
                + " 127.0.0.1:1 (Connection refused)");
        assertThat(Files.exists(tmp.resolve("wh"))).isFalse();
    }

    @Test
    void backfillAgainstAPostgresThatIsDownFailsInOneLine() throws Exception {
        Path input = Files.writeString(tmp.resolve("in.jsonl"), "{}\n");
        Path keyed = Files.createDirectories(tmp.resolve("keyed"));
        Files.writeString(keyed.resolve("pseudonym.key"), java.util.Base64.getEncoder().encodeToString(new byte[32]));
        Result r = run("backfill", "--input", input.toString(), "--pg-url", DEAD_PG_URL + "?password=hunter2",
                "--data-dir", keyed.toString(), "--warehouse", tmp.resolve("wh").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("pqr-lakehouse backfill: Unable to obtain connection from database (" + DEAD_PG_URL
                        + "?password=***)")
                .contains("Connection to 127.0.0.1:1 refused")
                .doesNotContain("hunter2");
        assertThat(r.stdout() + r.stderr()).doesNotContain("hunter2");
    }

    @Test
    void backfillOfAnUnreadableFileFailsInOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("secret.jsonl"), "{}\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        assumeTrue(!Files.isReadable(file), "this user reads files whatever their permissions (root)");

        Result r = run("backfill", "--input", file.toString(), "--pg-url", DEAD_PG_URL, "--data-dir", dataDir.toString());

        assertOneLineFailure(r, 2, "pqr-lakehouse backfill: cannot read input file " + file);
    }

    @Test
    void aMissingPasswordFileFailsInOneLineNamingTheFlag() {
        Path missing = tmp.resolve("no-such-password");
        Result r = run("runs", "--pg-url", DEAD_PG_URL, "--pg-password-file", missing.toString());

        assertOneLineFailure(r, 2, "pqr-lakehouse runs: --pg-password-file: cannot read the secret file " + missing);
    }

    @Test
    void backfillWithoutAPseudonymisationKeyFailsInOneLineAndGeneratesNone() throws Exception {
        assumeTrue(envUnset("PQR_PSEUDONYM_KEY") && envUnset("PQR_PSEUDONYM_KEY_FILE"), "a key is set in the environment");
        Path input = Files.writeString(tmp.resolve("in.jsonl"), "{}\n");

        Result r = run("backfill", "--input", input.toString(), "--pg-url", DEAD_PG_URL, "--data-dir", dataDir.toString());

        assertOneLineFailure(r, 2, "pqr-lakehouse backfill: no pseudonymisation key: set PQR_PSEUDONYM_KEY (base64,"
                + " e.g. `openssl rand -base64 32`) or PQR_PSEUDONYM_KEY_FILE, or put the key in "
                + dataDir.toAbsolutePath().resolve("pseudonym.key") + " (only the demo generates one)");
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void streamWithoutAPseudonymisationKeyFailsInOneLineToo() {
        assumeTrue(envUnset("PQR_PSEUDONYM_KEY") && envUnset("PQR_PSEUDONYM_KEY_FILE"), "a key is set in the environment");

        Result r = run("stream", "--kafka-bootstrap", "127.0.0.1:1", "--pg-url", DEAD_PG_URL,
                "--data-dir", dataDir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("pqr-lakehouse stream: no pseudonymisation key: set PQR_PSEUDONYM_KEY");
        assertThat(Files.exists(dataDir)).isFalse();
    }

    @Test
    void tenantAddAgainstAPostgresThatIsDownFailsInOneLine() throws Exception {
        Path pw = Files.writeString(tmp.resolve("pw"), "tenant-password\n");
        Result r = run("tenant", "add", "acme", "--password-file", pw.toString(), "--pg-url", DEAD_PG_URL);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("pqr-lakehouse tenant add: Connection to 127.0.0.1:1 refused");
        assertThat(r.out() + r.err() + r.stdout() + r.stderr()).doesNotContain("tenant-password");
    }
}
