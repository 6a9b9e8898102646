package co.pqr.lakehouse.ops;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh Postgres database on the lakehouse's server, for work that must not touch the lakehouse's
 * own database (a replay's control plane and catalog, a KPI diff's Gold). Created through the
 * configured role (it needs CREATEDB) and dropped, with any open connections, by {@link #close}.
 */
public final class ScratchDatabase implements AutoCloseable {
  private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?$");

  private final PipelineSettings base;
  private final String name;
  private final String url;

  private ScratchDatabase(PipelineSettings base, String name, String url) {
    this.base = base;
    this.name = name;
    this.url = url;
  }

  public static ScratchDatabase create(PipelineSettings s, String purpose) throws SQLException {
    Matcher m = URL.matcher(s.pgUrl());
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot derive a scratch database from --pg-url " + s.pgUrl()
          + ": expected jdbc:postgresql://HOST[:PORT]/DATABASE");
    }
    String name = "pqr_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    String url = m.group(1) + name + (m.group(3) == null ? "" : m.group(3));
    try (Connection c = Jdbc.connect(s.pgUrl(), s.pgUser(), s.pgPassword()); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new SQLException("cannot create the scratch database " + name + " (the role " + s.pgUser()
          + " needs CREATEDB): " + e.getMessage(), e);
    }
    return new ScratchDatabase(s, name, url);
  }

  public String name() {
    return name;
  }

  public String url() {
    return url;
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = Jdbc.connect(base.pgUrl(), base.pgUser(), base.pgPassword()); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
