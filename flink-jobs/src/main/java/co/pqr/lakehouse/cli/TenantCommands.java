package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Database;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.postgresql.PGConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenant add}: a tenant's own dashboard reader in Postgres (README "Security"). */
@Command(name = "tenant", mixinStandardHelpOptions = true, description = "Manage tenants' dashboard reader roles.",
    subcommands = TenantCommands.Add.class)
public final class TenantCommands {

  /** Where a generated password comes from; 24 random bytes, base64url. */
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Creates (or updates) the login role of one tenant's dashboards and maps it to the tenant in
   * {@code control.tenant_readers}: row-level security (migration V5) then shows that role only the tenant's
   * Gold rows. The role is LOGIN, NOINHERIT and a member of nothing, so it can neither inherit nor SET ROLE
   * to anything else. Roles are cluster-wide: the owner needs CREATEROLE (scripts/ensure-postgres.sh gives it).
   */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Create tenant T's dashboard reader role (it can SELECT only T's Gold rows) and print what a"
          + " Grafana datasource needs.",
          "Password: --password-file, else env PQR_TENANT_PASSWORD, else generated and printed once."})
  static final class Add implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "TENANT", description = "The tenant_id, as in the events.")
    String tenant;

    @Option(names = "--role", paramLabel = "NAME",
        description = "Role name (default pqr_tenant_ + the tenant id in lower case, other characters as _).")
    String role;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the role's password.")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
      if (tenant == null || tenant.isBlank() || tenant.length() > 200) {
        throw new IllegalArgumentException("TENANT must be a non-blank tenant_id of at most 200 characters");
      }
      String roleName = role == null ? roleFor(tenant) : role;
      if (!roleName.matches("[a-z_][a-z0-9_]{0,62}")) {
        throw new IllegalArgumentException("--role must be a lower-case Postgres identifier ([a-z_][a-z0-9_]*,"
            + " at most 63 characters), got '" + roleName + "'");
      }
      String password = Secrets.fromFileOrEnv("--password-file", passwordFile, "PQR_TENANT_PASSWORD", System.getenv());
      boolean generated = password == null;
      if (generated) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      }
      PipelineSettings s = common.resolve();
      try (Connection c = Database.connect(s)) {
        requireCreateRole(c, s.pgUser());
        Database.migrate(s);
        create(c, roleName, password);
      }
      PostgresTarget target = PostgresTarget.of(s.pgUrl());
      System.out.println("tenant " + tenant + ": reader role " + roleName
          + " (LOGIN, member of nothing; row-level security shows it only this tenant's Gold rows)");
      System.out.println("Grafana datasource: type postgres, host " + target.hostPort() + ", database "
          + target.database() + ", user " + roleName + ", schema gold");
      if (generated) {
        System.out.println("password (generated, shown only now; put it in the datasource's secure settings): "
            + password);
      } else {
        System.out.println("password: the one in " + (passwordFile != null ? passwordFile.toAbsolutePath()
            : System.getenv("PQR_TENANT_PASSWORD_FILE") != null ? "PQR_TENANT_PASSWORD_FILE" : "PQR_TENANT_PASSWORD")
            + " (give Grafana the same, e.g. through its environment)");
      }
      return 0;
    }

    private void create(Connection c, String roleName, String password) throws SQLException {
      c.setAutoCommit(false);
      try {
        String mapped = mappedTenant(c, roleName);
        boolean exists = exists(c, roleName);
        if (exists && mapped == null) {
          throw new IllegalArgumentException("role " + roleName + " already exists and is not a tenant reader of this"
              + " database; choose another --role");
        }
        if (mapped != null && !mapped.equals(tenant)) {
          throw new IllegalArgumentException("role " + roleName + " already reads tenant " + mapped
              + "; choose another --role");
        }
        String attributes = " LOGIN NOINHERIT NOCREATEDB NOCREATEROLE";
        try (Statement st = c.createStatement()) {
          st.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + quote(roleName) + attributes);
          String db = currentDatabase(c);
          st.execute("GRANT CONNECT ON DATABASE " + quote(db) + " TO " + quote(roleName));
          st.execute("GRANT USAGE ON SCHEMA gold, control TO " + quote(roleName));
          st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA gold TO " + quote(roleName));
          st.execute("GRANT SELECT ON control.tenant_readers TO " + quote(roleName));
        }
        // The password is hashed (SCRAM) by the driver: it never travels in an SQL statement that could be logged.
        c.unwrap(PGConnection.class).alterUserPassword(roleName, password.toCharArray(), "scram-sha-256");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO control.tenant_readers (role_name, tenant_id)"
            + " VALUES (?, ?) ON CONFLICT (role_name) DO NOTHING")) {
          ps.setString(1, roleName);
          ps.setString(2, tenant);
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The default role name of a tenant: {@code pqr_tenant_} + its id in lower case, other characters as {@code _}. */
  static String roleFor(String tenant) {
    String name = "pqr_tenant_" + tenant.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return name.length() > 63 ? name.substring(0, 63) : name;
  }

  private static void requireCreateRole(Connection c, String user) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
      if (!rs.next() || !rs.getBoolean(1)) {
        throw new IllegalArgumentException("tenant add needs CREATEROLE on the Postgres role " + user
            + " (tenant roles are cluster-wide): run scripts/ensure-postgres.sh, or ALTER ROLE " + user
            + " CREATEROLE as a superuser");
      }
    }
  }

  private static String mappedTenant(Connection c, String roleName) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id FROM control.tenant_readers WHERE role_name = ?")) {
      ps.setString(1, roleName);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static boolean exists(Connection c, String roleName) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, roleName);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String currentDatabase(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** Host, port and database of a {@code jdbc:postgresql://host:port/db?...} URL, for the Grafana hint. */
  record PostgresTarget(String hostPort, String database) {
    static PostgresTarget of(String jdbcUrl) {
      String rest = jdbcUrl.substring("jdbc:postgresql:".length());
      if (rest.startsWith("//")) {
        rest = rest.substring(2);
      }
      int q = rest.indexOf('?');
      if (q >= 0) {
        rest = rest.substring(0, q);
      }
      int slash = rest.indexOf('/');
      return slash < 0 ? new PostgresTarget("localhost:5432", rest)
          : new PostgresTarget(rest.substring(0, slash).isEmpty() ? "localhost:5432" : rest.substring(0, slash),
              rest.substring(slash + 1));
    }
  }
}
