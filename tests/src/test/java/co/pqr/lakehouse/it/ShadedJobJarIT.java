package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar that clusters run ({@code flink-job-jar}): nothing in it that the cluster's own
 * classpath (Flink and its logging, {@code target/flink-cluster.classpath}) already has, so no Flink class
 * can be loaded twice; the service files its libraries need are merged; and the compose stack's producer
 * command runs from it on Flink's classpath.
 */
class ShadedJobJarIT {
  private static Path jar;
  private static String clusterClasspath;

  @TempDir Path dir;

  @BeforeAll
  static void locate() throws Exception {
    jar = Path.of(FlinkSessionCluster.required("pqr.job.jar"));
    assertThat(jar).as("the shaded job jar: build module flink-job-jar first (mvn install -DskipTests)").exists();
    clusterClasspath = Files.readString(Path.of(FlinkSessionCluster.required("pqr.flink.cluster.classpath"))).trim();
  }

  @Test
  void jarHasNoClassOfTheClustersOwnClasspathAndNoLoggingBackend() throws Exception {
    Set<String> clusterClasses = new HashSet<>();
    for (String entry : clusterClasspath.split(java.io.File.pathSeparator)) {
      try (JarFile j = new JarFile(entry)) {
        // flink-shaded-jackson relocates snakeyaml but keeps two unrelocated Java 9 variants under
        // META-INF/versions/9/org/yaml: without their base classes they load nothing, so only base entries count
        j.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
            .forEach(clusterClasses::add);
      }
    }
    assertThat(clusterClasses).contains("org/apache/flink/runtime/taskexecutor/TaskManagerRunner.class",
        "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class");
    List<String> duplicates = new ArrayList<>();
    List<String> flinkClasses = new ArrayList<>();
    try (JarFile j = new JarFile(jar.toFile())) {
      assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("co.pqr.lakehouse.ClusterJob");
      j.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).forEach(n -> {
        if (clusterClasses.contains(n)) {
          duplicates.add(n);
        }
        if (n.startsWith("org/apache/flink/")) {
          flinkClasses.add(n);
        }
      });
      assertThat(j.getEntry("co/pqr/lakehouse/ClusterJob.class")).isNotNull();
      assertThat(j.getEntry("org/apache/iceberg/aws/s3/S3FileIO.class")).isNotNull();
      assertThat(j.getEntry("software/amazon/awssdk/services/s3/S3Client.class")).isNotNull();
      assertThat(j.getEntry("org/apache/flink/connector/kafka/source/KafkaSource.class")).isNotNull();
      assertThat(j.getEntry("org/apache/flink/formats/parquet/ParquetWriterFactory.class")).isNotNull();
      assertThat(j.getEntry("org/apache/flink/fs/s3hadoop/S3FileSystemFactory.class"))
          .as("Flink's S3 file system is a cluster plugin, not part of the job").isNull();
      assertThat(service(j, "java.sql.Driver")).contains("org.postgresql.Driver");
      assertThat(service(j, "org.flywaydb.core.extensibility.Plugin")).contains("PostgreSQL");
      assertThat(service(j, "software.amazon.awssdk.http.SdkHttpService")).isNotBlank();
      assertThat(j.stream().map(ZipEntry::getName))
          .noneMatch(n -> n.startsWith("org/slf4j/") || n.startsWith("org/apache/logging/log4j/")
              || n.startsWith("ch/qos/logback/") || n.equals("log4j2.properties"));
    }
    assertThat(duplicates).as("classes in both the job jar and the cluster's classpath").isEmpty();
    assertThat(flinkClasses).as("Flink classes in the job jar: connectors and formats only").allMatch(n ->
        n.startsWith("org/apache/flink/connector/kafka/") || n.startsWith("org/apache/flink/streaming/connectors/kafka/")
            || n.startsWith("org/apache/flink/formats/parquet/") || n.startsWith("org/apache/flink/dropwizard/")
            || n.startsWith("org/apache/flink/streaming/util/serialization/"));
  }

  @Test
  void producerOfTheComposeStackRunsFromTheJarOnFlinksClasspath() throws Exception {
    Path out = dir.resolve("events.jsonl");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", jar + java.io.File.pathSeparator + clusterClasspath, "co.pqr.lakehouse.cli.PqrLakehouse",
        "produce", "--cases", "20", "--seed", "5", "--write-jsonl", out.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(Files.readAllLines(out)).hasSizeGreaterThan(20);
  }

  private static String service(JarFile j, String name) throws Exception {
    ZipEntry e = j.getEntry("META-INF/services/" + name);
    assertThat(e).as("META-INF/services/" + name).isNotNull();
    return new String(j.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
  }
}
