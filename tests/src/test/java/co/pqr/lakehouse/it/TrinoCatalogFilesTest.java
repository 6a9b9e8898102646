package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.iceberg.CatalogSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trino in the compose stack reads the same Iceberg JDBC catalog as the pipeline: the catalog files
 * under {@code trino/catalog/} are checked against the settings the compose file gives the pipeline
 * (database, catalog name and schema, warehouse, S3 endpoint) and against {@link CatalogSettings}.
 */
class TrinoCatalogFilesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Path root;
  private static JsonNode services;

  @BeforeAll
  static void render() throws Exception {
    root = ObservabilityFiles.root();
    ComposeFileTest.Result r = ComposeFileTest.compose(root, ".env.example", "config");
    assertThat(r.exit()).as("docker-compose config:\n" + r.err()).isZero();
    services = YAML.readTree(r.out()).path("services");
  }

  @Test
  void icebergCatalogIsThePipelinesCatalog() throws Exception {
    Properties trino = properties("lakehouse.properties");
    JsonNode pipeline = services.path("job-submitter").path("environment");
    JsonNode env = services.path("trino").path("environment");
    CatalogSettings catalog = new CatalogSettings(pipeline.path("PQR_PG_URL").asText(),
        pipeline.path("PQR_PG_USER").asText(), "unused", pipeline.path("PQR_WAREHOUSE").asText());

    assertThat(trino.getProperty("connector.name")).isEqualTo("iceberg");
    assertThat(trino.getProperty("iceberg.catalog.type")).isEqualTo("jdbc");
    assertThat(trino.getProperty("iceberg.jdbc-catalog.catalog-name")).isEqualTo(CatalogSettings.CATALOG_NAME);
    assertThat(trino.getProperty("iceberg.jdbc-catalog.connection-url")).isEqualTo(catalog.catalogJdbcUrl());
    assertThat(trino.getProperty("iceberg.jdbc-catalog.connection-user")).isEqualTo(catalog.pgUser());
    assertThat(resolve(trino.getProperty("iceberg.jdbc-catalog.connection-password"), env))
        .isEqualTo(pipeline.path("PQR_PG_PASSWORD").asText());
    assertThat(resolve(trino.getProperty("iceberg.jdbc-catalog.default-warehouse-dir"), env))
        .isEqualTo(catalog.warehouse());
    assertThat(trino.getProperty("s3.endpoint")).isEqualTo(pipeline.path("PQR_S3_ENDPOINT").asText());
    assertThat(trino.getProperty("s3.path-style-access")).isEqualTo(pipeline.path("PQR_S3_PATH_STYLE").asText());
    assertThat(resolve(trino.getProperty("s3.aws-access-key"), env)).isEqualTo(pipeline.path("PQR_S3_ACCESS_KEY").asText());
    assertThat(resolve(trino.getProperty("s3.aws-secret-key"), env)).isEqualTo(pipeline.path("PQR_S3_SECRET_KEY").asText());
  }

  @Test
  void goldCatalogReadsPostgresAsTheReadOnlyRole() throws Exception {
    Properties gold = properties("gold.properties");
    JsonNode env = services.path("trino").path("environment");
    assertThat(gold.getProperty("connector.name")).isEqualTo("postgresql");
    assertThat(gold.getProperty("connection-url"))
        .isEqualTo(services.path("job-submitter").path("environment").path("PQR_PG_URL").asText());
    assertThat(gold.getProperty("connection-user")).isEqualTo("pqr_grafana");
    assertThat(resolve(gold.getProperty("connection-password"), env))
        .isEqualTo(services.path("grafana").path("environment").path("PQR_GRAFANA_PASSWORD").asText());
  }

  @Test
  void trinoIsPinnedHealthCheckedAndMountsTheCatalogFolder() {
    JsonNode trino = services.path("trino");
    assertThat(trino.path("image").asText()).matches("trinodb/trino:\\d+");
    assertThat(trino.path("healthcheck").path("test")).isNotEmpty();
    boolean mounted = false;
    String catalogDir = root.resolve("trino/catalog").toString();
    for (JsonNode v : trino.path("volumes")) {
      // docker-compose renders short syntax as "source:target:mode", long syntax as an object
      mounted |= v.isTextual() ? v.asText().equals(catalogDir + ":/etc/trino/catalog:ro")
          : v.path("type").asText().equals("bind") && v.path("source").asText().equals(catalogDir)
              && v.path("target").asText().equals("/etc/trino/catalog") && v.path("read_only").asBoolean();
    }
    assertThat(mounted).as("trino mounts trino/catalog read-only at /etc/trino/catalog").isTrue();
  }

  private static Properties properties(String file) throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(root.resolve("trino/catalog").resolve(file))) {
      p.load(r);
    }
    return p;
  }

  /** Trino's ${ENV:NAME} substitution, from the container's environment as compose renders it. */
  private static String resolve(String value, JsonNode env) {
    Matcher m = Pattern.compile("\\$\\{ENV:([A-Z0-9_]+)}").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      assertThat(env.has(m.group(1))).as("trino's environment sets " + m.group(1)).isTrue();
      m.appendReplacement(out, Matcher.quoteReplacement(env.path(m.group(1)).asText()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
