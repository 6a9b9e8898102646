package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.pqr.lakehouse.ClusterJob;
import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.S3Settings;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The production settings: S3 object store, write distribution, checkpoint locations, ClusterJob's arguments. */
class ProductionSettingsTest {

  private static PipelineSettings resolve(PipelineSettings.Overrides flags, Map<String, String> env) {
    return PipelineSettings.resolve(flags, env);
  }

  @Test
  void s3SettingsComeFromFlagsOverEnvironmentWithPathStyleWhenAnEndpointIsSet() {
    PipelineSettings.Overrides flags = new PipelineSettings.Overrides();
    flags.s3SecretKey = "flag-secret";
    PipelineSettings s = resolve(flags, Map.of("PQR_WAREHOUSE", "s3://pqr-lake/lakehouse",
        "PQR_S3_ENDPOINT", "http://rustfs:9000", "PQR_S3_ACCESS_KEY", "env-access", "PQR_S3_SECRET_KEY", "env-secret"));
    assertThat(s.warehouse()).isEqualTo("s3://pqr-lake/lakehouse");
    assertThat(s.s3Warehouse()).isTrue();
    assertThat(s.s3()).isEqualTo(new S3Settings("http://rustfs:9000", true, "env-access", "flag-secret", "us-east-1"));
    assertThat(s.catalog().s3()).isEqualTo(s.s3());
    assertThat(s.s3().toString()).doesNotContain("flag-secret");

    PipelineSettings aws = resolve(new PipelineSettings.Overrides(), Map.of("PQR_WAREHOUSE", "s3://bucket/p"));
    assertThat(aws.s3()).isEqualTo(S3Settings.DEFAULT);
    assertThat(aws.s3().pathStyle()).isFalse();
  }

  @Test
  void badS3SettingsFailWithTheSettingsName() {
    assertThatThrownBy(() -> new S3Settings("rustfs:9000", true, null, null, null))
        .hasMessageContaining("PQR_S3_ENDPOINT");
    assertThatThrownBy(() -> new S3Settings(null, false, "access", null, null))
        .hasMessageContaining("PQR_S3_SECRET_KEY");
    PipelineSettings.Overrides flags = new PipelineSettings.Overrides();
    flags.writeDistribution = "round-robin";
    assertThatThrownBy(() -> resolve(flags, Map.of())).hasMessageContaining("PQR_WRITE_DISTRIBUTION");
  }

  @Test
  void s3WarehouseUsesS3FileIoAndALocalOneKeepsLocalFileIo() {
    S3Settings s3 = new S3Settings("http://127.0.0.1:9000", true, "ak", "sk", null);
    PipelineSettings onS3 = resolve(new PipelineSettings.Overrides(), Map.of("PQR_WAREHOUSE", "s3://b/w")).withS3(s3);
    assertThat(LakehouseCatalog.properties(onS3.catalog())).containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
        .containsEntry("s3.endpoint", "http://127.0.0.1:9000").containsEntry("s3.path-style-access", "true")
        .containsEntry("s3.access-key-id", "ak").containsEntry("s3.secret-access-key", "sk")
        .containsEntry("client.region", "us-east-1");
    PipelineSettings local = resolve(new PipelineSettings.Overrides(), Map.of("PQR_WAREHOUSE", "/srv/lake")).withS3(s3);
    assertThat(LakehouseCatalog.properties(local.catalog()))
        .containsEntry("io-impl", "co.pqr.lakehouse.iceberg.LocalFileIO").doesNotContainKey("s3.endpoint");
  }

  @Test
  void checkpointsAndSavepointsGoBesideAnS3WarehouseWithTheS3Options() {
    PipelineSettings s = resolve(new PipelineSettings.Overrides(), Map.of("PQR_WAREHOUSE", "s3://b/lake",
        "PQR_S3_ENDPOINT", "http://rustfs:9000", "PQR_S3_ACCESS_KEY", "ak", "PQR_S3_SECRET_KEY", "sk"));
    Configuration conf = PipelineLauncher.flinkConfiguration(s, true, false);
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("s3://b/lake/_flink/checkpoints");
    assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isEqualTo("s3://b/lake/_flink/savepoints");
    assertThat(conf.toMap()).containsEntry("s3.endpoint", "http://rustfs:9000").containsEntry("s3.path.style.access", "true")
        .containsEntry("s3.access-key", "ak").containsEntry("s3.secret-key", "sk")
        .containsEntry("s3.directory.marker.retention", "keep");

    PipelineSettings local = resolve(new PipelineSettings.Overrides(), Map.of("PQR_DATA_DIR", "/srv/pqr"));
    Configuration localConf = PipelineLauncher.flinkConfiguration(local, true, false);
    assertThat(localConf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///srv/pqr/checkpoints");
    assertThat(localConf.toMap()).doesNotContainKey("s3.endpoint");
  }

  @Test
  void writeDistributionDefaultsToPartitionAndIsCarriedByEveryCopy() {
    PipelineSettings s = resolve(new PipelineSettings.Overrides(), Map.of("PQR_WRITE_DISTRIBUTION", "NONE"));
    assertThat(s.writeDistribution()).isEqualTo("none");
    assertThat(s.withParallelism(4).withTopic("t").withS3(S3Settings.DEFAULT).writeDistribution()).isEqualTo("none");
    assertThat(resolve(new PipelineSettings.Overrides(), Map.of()).writeDistribution()).isEqualTo("partition");
  }

  @Test
  void clusterJobRejectsIncompleteArgumentsBeforeTouchingAnything() {
    assertThatThrownBy(() -> ClusterJob.main(new String[] {"--mode", "sideways"}))
        .hasMessageContaining("--mode must be stream or backfill");
    assertThatThrownBy(() -> ClusterJob.main(new String[] {"--mode", "stream"}))
        .hasMessageContaining("--kafka-bootstrap or PQR_KAFKA_BOOTSTRAP");
    assertThatThrownBy(() -> ClusterJob.main(new String[] {"--mode", "backfill"}))
        .hasMessageContaining("--mode backfill needs one of --input, --from-raw or --kafka-from");
    assertThatThrownBy(() -> ClusterJob.main(new String[] {"--mode", "stream", "--from-raw", "2026-11-01"}))
        .hasMessageContaining("need --mode backfill");
  }
}
