package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.cli.PqrLakehouse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets stay secret: a whole {@code backfill} run through the command line (in-process, as a user would run it)
 * with the pseudonymisation key in a file and the pipeline writing as a writer role whose password is in a file.
 * Neither the key (raw, base64 or hex) nor the password appears on stdout, stderr, in any log line at INFO (the
 * CLI's level: Flink, Iceberg, Kafka, Flyway and the pipeline), in the Flink job name, or in
 * {@code control.runs}. The run itself also shows that the pipeline works end to end as a member of the
 * {@code pqr_writer} role (Gold, run ledger and Iceberg commits). Runtime about 30 s.
 */
class SecretsIT {
  @TempDir Path dir;

  @Test
  void aBackfillNeverPrintsLogsOrStoresTheKeyOrThePassword() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String keyBase64 = Base64.getEncoder().encodeToString(key);
    String password = "pw-" + UUID.randomUUID();
    String writer = "pqr_it_writer_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);

    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("pseudonym.key"), keyBase64 + "\n");
    Path passwordFile = Files.writeString(dir.resolve("writer-password"), password + "\n");
    Path input = dir.resolve("input.jsonl");
    List<Fixtures.In> records = Fixtures.edgeCases();
    Produce.toJsonl(input, records);

    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), null, "unused");
        Connection admin = DriverManager.getConnection(TestLakehouse.ADMIN_URL, TestLakehouse.USER, TestLakehouse.PASSWORD);
        Statement adminSt = admin.createStatement()) {
      adminSt.execute("CREATE ROLE " + writer + " LOGIN INHERIT IN ROLE pqr_writer PASSWORD '" + password + "'");
      try {
        Captured run = runCli("backfill", "--input", input.toString(), "--pg-url", lake.settings.pgUrl(),
            "--pg-writer-user", writer, "--pg-writer-password-file", passwordFile.toString(),
            "--warehouse", lake.settings.warehouse(), "--data-dir", data.toString(), "--parallelism", "2");

        assertThat(run.exit()).as(run.err() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("using the pseudonymisation key from file " + data.resolve("pseudonym.key"))
            .contains(" as " + writer).contains("backfill finished in");
        assertThat(run.logs()).as("log4j captured something").contains("pqr-backfill jsonl:");
        String everything = run.stdout() + run.stderr() + run.err() + run.logs() + controlRuns(lake)
            + String.join("\n", lake.bronze().stream().map(r -> String.valueOf(r.getField("run_id"))).toList());
        assertThat(everything)
            .doesNotContain(password)
            .doesNotContain(keyBase64)
            .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(key))
            .doesNotContain(HexFormat.of().formatHex(key))
            .doesNotContain(new String(key, StandardCharsets.ISO_8859_1));
        // the writer did the work: Gold rows and the run, recorded by the writer's connections
        assertThat(lake.scalar("SELECT count(*) FROM gold.pqr_case")).isPositive();
        assertThat(lake.scalar("SELECT count(*) FROM control.runs")).isEqualTo(1);
        assertThat(lake.bronze().size() + lake.quarantine().size()).isEqualTo(records.size());
      } finally {
        // the writer's sessions end asynchronously; only then can the database and the role go
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
          try (ResultSet rs = adminSt.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + writer + "'")) {
            rs.next();
            return rs.getLong(1) == 0;
          }
        });
        lake.close();
        adminSt.execute("DROP ROLE " + writer);
      }
    }
  }

  private static String controlRuns(TestLakehouse lake) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Connection c = lake.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT row_to_json(r)::text FROM control.runs r")) {
      while (rs.next()) {
        sb.append(rs.getString(1)).append('\n');
      }
    }
    assertThat(sb).contains("jsonl:");
    return sb.toString();
  }

  private record Captured(int exit, String stdout, String stderr, String err, String logs) {}

  /** Runs the CLI in-process with System.out/err, picocli's err writer and every log4j event at INFO captured. */
  private static Captured runCli(String... args) {
    StringWriter logs = new StringWriter();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    org.apache.logging.log4j.core.config.Configuration config = ctx.getConfiguration();
    WriterAppender appender = WriterAppender.newBuilder().setName("secrets-it").setTarget(logs)
        .setLayout(PatternLayout.newBuilder().withPattern("%p %c - %m%n%throwable").build()).build();
    appender.start();
    config.addAppender(appender);
    LoggerConfig root = config.getRootLogger();
    Level rootLevel = root.getLevel();
    root.addAppender(appender, Level.ALL, null);
    Configurator.setRootLevel(Level.INFO);
    for (LoggerConfig lc : config.getLoggers().values()) {
      if (lc != root) {
        lc.addAppender(appender, Level.ALL, null);
      }
    }
    ctx.updateLoggers();

    PrintStream out = System.out;
    PrintStream errStream = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int exit;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      picocli.CommandLine cl = PqrLakehouse.commandLine();
      cl.setErr(new PrintWriter(err, true));
      exit = cl.execute(args);
    } finally {
      System.setOut(out);
      System.setErr(errStream);
      for (LoggerConfig lc : config.getLoggers().values()) {
        lc.removeAppender("secrets-it");
      }
      root.removeAppender("secrets-it");
      Configurator.setRootLevel(rootLevel);
      appender.stop();
      ctx.updateLoggers();
    }
    return new Captured(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8),
        err.toString(), logs.toString());
  }
}
