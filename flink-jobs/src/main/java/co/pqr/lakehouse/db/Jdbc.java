package co.pqr.lakehouse.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Postgres connections made through the driver class directly, not through
 * {@link java.sql.DriverManager}: on a Flink cluster the driver lives in the job's class loader,
 * which DriverManager scans only once per JVM, so a second job on the same TaskManager could fail
 * with "No suitable driver".
 */
public final class Jdbc {
  private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

  private Jdbc() {}

  public static Connection connect(String url, String user, String password) throws SQLException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    Connection c = DRIVER.connect(url, props);
    if (c == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + url);
    }
    return c;
  }
}
