package co.pqr.lakehouse.it;

import org.apache.iceberg.jdbc.JdbcCatalog;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.iceberg.S3Settings;
import co.pqr.lakehouse.ml.Corpus;
import co.pqr.lakehouse.ml.ModelRegistry;
import co.pqr.lakehouse.ml.ModelService;
import co.pqr.lakehouse.ml.ModelSet;
import co.pqr.lakehouse.ml.ModelTrainer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A complete, independent lakehouse for one test: a fresh Postgres database (created through the
 * project's role) and a fresh warehouse folder.
 */
final class TestLakehouse implements AutoCloseable {
  static final String ADMIN_URL = System.getenv().getOrDefault("PQR_PG_URL", PipelineSettings.DEFAULT_PG_URL);
  static final String USER = System.getenv().getOrDefault("PQR_PG_USER", PipelineSettings.DEFAULT_PG_USER);
  static final String PASSWORD = System.getenv().getOrDefault("PQR_PG_PASSWORD", PipelineSettings.DEFAULT_PG_PASSWORD);
  static final byte[] KEY = "integration-test-pseudonym-key-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  final String database;
  final PipelineSettings settings;

  TestLakehouse(Path dir, String bootstrap, String topic) throws Exception {
    this(dir, bootstrap, topic, dir.resolve("warehouse").toAbsolutePath().toString(), S3Settings.DEFAULT);
  }

  /** A lakehouse whose warehouse is {@code warehouse} (a folder, or s3://bucket/prefix reached with {@code s3}). */
  TestLakehouse(Path dir, String bootstrap, String topic, String warehouse, S3Settings s3) throws Exception {
    database = "pqr_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    }
    String url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + database;
    settings = new PipelineSettings(bootstrap, topic, "it-" + database, url, USER, PASSWORD,
        warehouse, dir.resolve("data"),
        Duration.ofMillis(500), Duration.ofSeconds(2), 2, PipelineSettings.DEFAULT_MAX_PAYLOAD_BYTES, 0, 500,
        Duration.ofMillis(300), "", s3);
    PipelineLauncher.prepareStorage(settings);
    activate(settings, sharedModel());
  }

  /** A lakehouse on an existing database (e.g. a container's): nothing is created, and close() drops nothing. */
  TestLakehouse(PipelineSettings settings) throws Exception {
    this.database = null;
    this.settings = settings;
    PipelineLauncher.prepareStorage(settings);
    activate(settings, sharedModel());
  }

  private static ModelSet model;
  private static Corpus training;

  /** One model trained per test JVM from the shipped corpus, registered into every test database. */
  static synchronized ModelSet sharedModel() throws Exception {
    if (model == null) {
      training = Corpus.load(ModelService.corpusDir().resolve("train"));
      model = ModelTrainer.train(training);
    }
    return model;
  }

  static void activate(PipelineSettings s, ModelSet m) throws Exception {
    ModelRegistry registry = ModelService.registry(s);
    registry.register(m, training, "test");
    registry.setStatus(m.version(), "active");
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(settings.pgUrl(), settings.pgUser(), settings.pgPassword());
  }

  List<Record> rows(TableIdentifier id) throws Exception {
    return rows(id, new String[0]);
  }

  /** The current rows of a table with only {@code columns} read (all columns when none are named). */
  List<Record> rows(TableIdentifier id, String... columns) throws Exception {
    try (JdbcCatalog catalog = LakehouseCatalog.open(settings.catalog())) {
      Table t = catalog.loadTable(id);
      List<Record> out = new ArrayList<>();
      if (t.currentSnapshot() == null) {
        return out;
      }
      IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(t);
      try (CloseableIterable<Record> it = (columns.length == 0 ? scan : scan.select(columns)).build()) {
        for (Record r : it) {
          out.add(r.copy());
        }
      }
      return out;
    }
  }

  Table table(TableIdentifier id) throws Exception {
    try (JdbcCatalog catalog = LakehouseCatalog.open(settings.catalog())) {
      return catalog.loadTable(id);
    }
  }

  List<Record> bronze() throws Exception {
    return rows(LakehouseTables.BRONZE);
  }

  List<Record> quarantine() throws Exception {
    return rows(LakehouseTables.QUARANTINE);
  }

  List<Record> silver() throws Exception {
    return rows(LakehouseTables.SILVER);
  }

  /**
   * The CLI flags that point a command at this lakehouse; the password goes through a file, as the
   * CLI takes secrets only from files or the environment.
   */
  List<String> cliArgs() throws java.io.IOException {
    java.nio.file.Path passwordFile = settings.dataDir().resolve("pg-password");
    java.nio.file.Files.createDirectories(settings.dataDir());
    java.nio.file.Files.writeString(passwordFile, settings.pgPassword());
    return List.of("--pg-url", settings.pgUrl(), "--pg-user", settings.pgUser(),
        "--pg-password-file", passwordFile.toString(), "--warehouse", settings.warehouse(),
        "--data-dir", settings.dataDir().toString());
  }

  /** Writes {@code input} to {@code file}, backfills it into this lakehouse and returns the run it recorded. */
  String backfillJsonl(List<Fixtures.In> input, java.nio.file.Path file) throws Exception {
    Produce.toJsonl(file, input);
    PipelineLauncher.Launched launched = PipelineLauncher.launch(settings, new co.pqr.lakehouse.io.JsonlInput(file),
        "backfill", KEY, false);
    launched.client().getJobExecutionResult().get();
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT run_id FROM control.runs WHERE run_id LIKE '" + launched.jobInstance() + "-%'")) {
      if (!rs.next()) {
        throw new AssertionError("the backfill of " + file + " recorded no run");
      }
      return rs.getString(1);
    }
  }

  long scalar(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws Exception {
    if (database == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }
}
