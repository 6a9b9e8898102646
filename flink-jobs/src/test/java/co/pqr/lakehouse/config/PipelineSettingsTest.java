package co.pqr.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineSettingsTest {

    private static final Map<String, String> NO_ENV = Map.of();

    private static final Map<String, String> FULL_ENV = Map.of(
            "PQR_KAFKA_BOOTSTRAP", "env-broker:9092",
            "PQR_TOPIC", "env-topic",
            "PQR_GROUP_ID", "env-group",
            "PQR_PG_URL", "jdbc:postgresql://env-host:5432/envdb",
            "PQR_PG_USER", "env-user",
            "PQR_PG_PASSWORD", "env-password",
            "PQR_WAREHOUSE", "s3://env-bucket/env-prefix",
            "PQR_DATA_DIR", "/tmp/env-data");

    @TempDir
    Path tmp;

    private static PipelineSettings.Overrides noFlags() {
        return new PipelineSettings.Overrides();
    }

    // ---- precedence -------------------------------------------------------------------------

    @Test
    void withoutFlagsOrEnvironmentEveryDocumentedDefaultApplies() {
        PipelineSettings s = PipelineSettings.resolve(noFlags(), NO_ENV);

        assertThat(s.kafkaBootstrap()).isNull();
        assertThat(s.embeddedKafka()).isTrue();
        assertThat(s.topic()).isEqualTo("pqr-events");
        assertThat(s.groupId()).isEqualTo("pqr-lakehouse");
        assertThat(s.pgUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/pqr");
        assertThat(s.pgUser()).isEqualTo("pqr");
        assertThat(s.pgPassword()).isEqualTo("pqr");
        assertThat(s.dataDir()).isEqualTo(Path.of("pqr-data"));
        assertThat(s.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.runWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.parallelism()).isEqualTo(2);
        assertThat(s.maxPayloadBytes()).isEqualTo(1_048_576);
        assertThat(s.webUiPort()).isEqualTo(8081);
        assertThat(s.goldBatchSize()).isEqualTo(5_000);
        assertThat(s.goldFlushInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.checkpointsPerRun()).isEqualTo(6);
    }

    @Test
    void environmentOverridesTheDefaults() {
        PipelineSettings s = PipelineSettings.resolve(noFlags(), FULL_ENV);

        assertThat(s.kafkaBootstrap()).isEqualTo("env-broker:9092");
        assertThat(s.embeddedKafka()).isFalse();
        assertThat(s.topic()).isEqualTo("env-topic");
        assertThat(s.groupId()).isEqualTo("env-group");
        assertThat(s.pgUrl()).isEqualTo("jdbc:postgresql://env-host:5432/envdb");
        assertThat(s.pgUser()).isEqualTo("env-user");
        assertThat(s.pgPassword()).isEqualTo("env-password");
        assertThat(s.warehouse()).isEqualTo("s3://env-bucket/env-prefix");
        assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/env-data"));
    }

    @Test
    void flagsOverrideTheEnvironment() {
        PipelineSettings.Overrides flags = noFlags();
        flags.kafkaBootstrap = "flag-broker:19092";
        flags.topic = "flag-topic";
        flags.groupId = "flag-group";
        flags.pgUrl = "jdbc:postgresql://flag-host:5432/flagdb";
        flags.pgUser = "flag-user";
        flags.pgPassword = "flag-password";
        flags.warehouse = "s3://flag-bucket/flag-prefix";
        flags.dataDir = "/tmp/flag-data";
        flags.checkpointInterval = Duration.ofSeconds(5);
        flags.runWindow = Duration.ofSeconds(30);
        flags.parallelism = 4;
        flags.maxPayloadBytes = 2048;
        flags.webUiPort = 18081;

        PipelineSettings s = PipelineSettings.resolve(flags, FULL_ENV);

        assertThat(s.kafkaBootstrap()).isEqualTo("flag-broker:19092");
        assertThat(s.topic()).isEqualTo("flag-topic");
        assertThat(s.groupId()).isEqualTo("flag-group");
        assertThat(s.pgUrl()).isEqualTo("jdbc:postgresql://flag-host:5432/flagdb");
        assertThat(s.pgUser()).isEqualTo("flag-user");
        assertThat(s.pgPassword()).isEqualTo("flag-password");
        assertThat(s.warehouse()).isEqualTo("s3://flag-bucket/flag-prefix");
        assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/flag-data"));
        assertThat(s.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.runWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.parallelism()).isEqualTo(4);
        assertThat(s.maxPayloadBytes()).isEqualTo(2048);
        assertThat(s.webUiPort()).isEqualTo(18081);
        assertThat(s.checkpointsPerRun()).isEqualTo(6);
    }

    @Test
    void eachSettingFallsBackIndependentlyFromFlagToEnvironmentToDefault() {
        PipelineSettings.Overrides flags = noFlags();
        flags.pgUrl = "jdbc:postgresql://flag-host:5432/flagdb";
        Map<String, String> env = Map.of("PQR_TOPIC", "env-topic");

        PipelineSettings s = PipelineSettings.resolve(flags, env);

        assertThat(s.pgUrl()).isEqualTo("jdbc:postgresql://flag-host:5432/flagdb"); // flag
        assertThat(s.topic()).isEqualTo("env-topic"); // environment
        assertThat(s.groupId()).isEqualTo("pqr-lakehouse"); // default
        assertThat(s.kafkaBootstrap()).isNull(); // default: embedded broker
    }

    @Test
    void blankFlagsAndBlankEnvironmentValuesCountAsUnset() {
        PipelineSettings.Overrides flags = noFlags();
        flags.topic = "  ";
        flags.pgUrl = "";
        Map<String, String> env = Map.of("PQR_TOPIC", "env-topic", "PQR_PG_URL", " ", "PQR_KAFKA_BOOTSTRAP", "   ");

        PipelineSettings s = PipelineSettings.resolve(flags, env);

        assertThat(s.topic()).isEqualTo("env-topic");
        assertThat(s.pgUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/pqr");
        assertThat(s.kafkaBootstrap()).isNull();
        assertThat(s.embeddedKafka()).isTrue();
    }

    // ---- warehouse --------------------------------------------------------------------------

    @Test
    void defaultWarehouseIsTheDefaultDataDirsWarehouseFolderMadeAbsolute() {
        PipelineSettings s = PipelineSettings.resolve(noFlags(), NO_ENV);

        String expected = Path.of("pqr-data", "warehouse").toAbsolutePath().normalize().toString();
        assertThat(s.warehouse()).isEqualTo(expected);
        assertThat(Path.of(s.warehouse()).isAbsolute()).isTrue();
    }

    @Test
    void defaultWarehouseFollowsTheDataDirFlag() {
        PipelineSettings.Overrides flags = noFlags();
        flags.dataDir = tmp.resolve("data").toString();

        PipelineSettings s = PipelineSettings.resolve(flags, Map.of("PQR_DATA_DIR", "/tmp/ignored-env-data"));

        assertThat(s.dataDir()).isEqualTo(tmp.resolve("data"));
        assertThat(s.warehouse()).isEqualTo(tmp.resolve("data").resolve("warehouse").toString());
    }

    @Test
    void defaultWarehouseFollowsARelativeDataDirFromTheEnvironmentAndIsMadeAbsolute() {
        PipelineSettings s = PipelineSettings.resolve(noFlags(), Map.of("PQR_DATA_DIR", "some/rel-data"));

        assertThat(s.dataDir()).isEqualTo(Path.of("some/rel-data"));
        assertThat(s.warehouse())
                .isEqualTo(Path.of("some", "rel-data", "warehouse").toAbsolutePath().normalize().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://bucket/prefix", "s3a://bucket/a/b/", "gs://bucket/wh"})
    void objectStoreWarehouseIsKeptExactlyAsGiven(String uri) {
        PipelineSettings.Overrides flags = noFlags();
        flags.warehouse = uri;

        assertThat(PipelineSettings.resolve(flags, NO_ENV).warehouse()).isEqualTo(uri);
        assertThat(PipelineSettings.resolve(noFlags(), Map.of("PQR_WAREHOUSE", uri)).warehouse()).isEqualTo(uri);
    }

    @Test
    void relativeWarehouseIsMadeAbsoluteAndNormalised() {
        PipelineSettings.Overrides flags = noFlags();
        flags.warehouse = "lake/../my-warehouse";

        PipelineSettings s = PipelineSettings.resolve(flags, NO_ENV);

        assertThat(s.warehouse()).isEqualTo(Path.of("my-warehouse").toAbsolutePath().normalize().toString());
        assertThat(Path.of(s.warehouse()).isAbsolute()).isTrue();
    }

    @Test
    void relativeWarehouseFromTheEnvironmentIsMadeAbsolute() {
        PipelineSettings s = PipelineSettings.resolve(noFlags(), Map.of("PQR_WAREHOUSE", "env-wh"));

        assertThat(s.warehouse()).isEqualTo(Path.of("env-wh").toAbsolutePath().normalize().toString());
    }

    @Test
    void absoluteWarehouseFolderIsKept() {
        PipelineSettings.Overrides flags = noFlags();
        flags.warehouse = tmp.resolve("wh").toString();

        assertThat(PipelineSettings.resolve(flags, NO_ENV).warehouse()).isEqualTo(tmp.resolve("wh").toString());
    }

    @Test
    void singleSlashFileUriWarehouseBecomesAPlainAbsolutePath() {
        PipelineSettings.Overrides flags = noFlags();
        flags.warehouse = "file:" + tmp.resolve("wh");

        assertThat(PipelineSettings.resolve(flags, NO_ENV).warehouse()).isEqualTo(tmp.resolve("wh").toString());
    }

    // ---- validation -------------------------------------------------------------------------

    @Test
    void nonPostgresJdbcUrlIsRejectedNamingTheFlagAndTheValue() {
        PipelineSettings.Overrides flags = noFlags();
        flags.pgUrl = "jdbc:mysql://127.0.0.1:3306/pqr";

        assertThatThrownBy(() -> PipelineSettings.resolve(flags, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--pg-url / PQR_PG_URL must be a jdbc:postgresql: URL, got 'jdbc:mysql://127.0.0.1:3306/pqr'");
    }

    @Test
    void nonPostgresJdbcUrlFromTheEnvironmentIsRejectedToo() {
        assertThatThrownBy(() -> PipelineSettings.resolve(noFlags(), Map.of("PQR_PG_URL", "postgresql://h/db")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--pg-url / PQR_PG_URL must be a jdbc:postgresql: URL, got 'postgresql://h/db'");
    }

    @Test
    void runWindowShorterThanTheCheckpointIntervalIsRejectedNamingTheFlag() {
        PipelineSettings.Overrides flags = noFlags();
        flags.checkpointInterval = Duration.ofSeconds(30);
        flags.runWindow = Duration.ofSeconds(10);

        assertThatThrownBy(() -> PipelineSettings.resolve(flags, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--run-window (PT10S) must be at least the checkpoint interval (PT30S)");
    }

    @Test
    void defaultRunWindowShorterThanALongCheckpointIntervalIsRejected() {
        PipelineSettings.Overrides flags = noFlags();
        flags.checkpointInterval = Duration.ofMinutes(2);

        assertThatThrownBy(() -> PipelineSettings.resolve(flags, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--run-window (PT1M) must be at least the checkpoint interval (PT2M)");
    }

    @Test
    void parallelismZeroIsRejectedNamingTheFlag() {
        PipelineSettings.Overrides flags = noFlags();
        flags.parallelism = 0;

        assertThatThrownBy(() -> PipelineSettings.resolve(flags, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--parallelism must be at least 1, got 0");
    }

    @Test
    void zeroCheckpointIntervalIsRejectedNamingTheFlag() {
        PipelineSettings.Overrides flags = noFlags();
        flags.checkpointInterval = Duration.ZERO;

        assertThatThrownBy(() -> PipelineSettings.resolve(flags, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--checkpoint-interval must be at least 100ms, got PT0S");
    }

    @Test
    void subMillisecondCheckpointIntervalIsRejectedBeforeAnythingStarts() {
        PipelineSettings.Overrides flags = noFlags();
        flags.checkpointInterval = Duration.ofNanos(500_000);
        flags.runWindow = Duration.ofSeconds(1);

        assertThatThrownBy(() -> PipelineSettings.resolve(flags, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--checkpoint-interval must be at least 100ms, got PT0.0005S");
    }

    @Test
    void fileUriWarehousesBecomePlainAbsolutePaths() {
        PipelineSettings.Overrides flags = noFlags();
        flags.warehouse = "file:///srv/lake/../lake/wh";
        assertThat(PipelineSettings.resolve(flags, NO_ENV).warehouse()).isEqualTo("/srv/lake/wh");
        flags.warehouse = "file:/srv/wh";
        assertThat(PipelineSettings.resolve(flags, NO_ENV).warehouse()).isEqualTo("/srv/wh");
        flags.warehouse = "file:relative/wh";
        assertThatThrownBy(() -> PipelineSettings.resolve(flags, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--warehouse file: URIs must be absolute");
    }

    @Test
    void parallelismOneIsAccepted() {
        PipelineSettings.Overrides flags = noFlags();
        flags.parallelism = 1;

        assertThat(PipelineSettings.resolve(flags, NO_ENV).parallelism()).isEqualTo(1);
    }

    // ---- derived values ---------------------------------------------------------------------

    @Test
    void checkpointsPerRunIsTheRunWindowDividedByTheCheckpointInterval() {
        assertThat(timing(Duration.ofSeconds(10), Duration.ofMinutes(1)).checkpointsPerRun()).isEqualTo(6);
        assertThat(timing(Duration.ofSeconds(10), Duration.ofSeconds(10)).checkpointsPerRun()).isEqualTo(1);
        assertThat(timing(Duration.ofMillis(500), Duration.ofSeconds(5)).checkpointsPerRun()).isEqualTo(10);
    }

    @Test
    void checkpointsPerRunRoundsDownARunWindowThatIsNotAWholeNumberOfCheckpoints() {
        assertThat(timing(Duration.ofSeconds(10), Duration.ofSeconds(15)).checkpointsPerRun()).isEqualTo(1);
        assertThat(timing(Duration.ofSeconds(10), Duration.ofSeconds(59)).checkpointsPerRun()).isEqualTo(5);
    }

    @Test
    void withTimingRevalidatesAndRecomputesCheckpointsPerRun() {
        PipelineSettings s = PipelineSettings.resolve(noFlags(), NO_ENV);

        assertThat(s.withTiming(Duration.ofSeconds(2), Duration.ofSeconds(20)).checkpointsPerRun()).isEqualTo(10);
        assertThatThrownBy(() -> s.withTiming(Duration.ofSeconds(20), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--run-window (PT2S) must be at least the checkpoint interval (PT20S)");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t"})
    void blankBootstrapMeansEmbeddedKafka(String bootstrap) {
        PipelineSettings s = PipelineSettings.resolve(noFlags(), NO_ENV).withKafkaBootstrap(bootstrap);

        assertThat(s.embeddedKafka()).isTrue();
    }

    @Test
    void configuredBootstrapMeansExternalKafka() {
        PipelineSettings s = PipelineSettings.resolve(noFlags(), NO_ENV).withKafkaBootstrap("127.0.0.1:9092");

        assertThat(s.embeddedKafka()).isFalse();
        assertThat(s.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void catalogSettingsCarryTheResolvedConnectionAndWarehouse() {
        PipelineSettings.Overrides flags = noFlags();
        flags.warehouse = "s3://bucket/wh";

        PipelineSettings s = PipelineSettings.resolve(flags, NO_ENV);

        assertThat(s.catalog().pgUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/pqr");
        assertThat(s.catalog().pgUser()).isEqualTo("pqr");
        assertThat(s.catalog().pgPassword()).isEqualTo("pqr");
        assertThat(s.catalog().warehouse()).isEqualTo("s3://bucket/wh");
    }

    private static PipelineSettings timing(Duration checkpoint, Duration window) {
        PipelineSettings.Overrides flags = new PipelineSettings.Overrides();
        flags.checkpointInterval = checkpoint;
        flags.runWindow = window;
        return PipelineSettings.resolve(flags, NO_ENV);
    }
}
