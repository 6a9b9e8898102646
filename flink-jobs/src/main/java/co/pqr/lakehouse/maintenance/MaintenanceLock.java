package co.pqr.lakehouse.maintenance;

import co.pqr.lakehouse.db.Jdbc;
import co.pqr.lakehouse.iceberg.CatalogSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One maintainer per table at a time, across processes (stream jobs, the {@code maintain} command,
 * other machines): a Postgres session-level advisory lock in the catalog's database, keyed by
 * ({@code hashtext('pqr-maintenance')}, {@code hashtext(table)}). It is held on its own connection
 * for as long as the table is maintained and released on close — or by Postgres when the holder's
 * connection dies, so a crashed maintainer never leaves a stale lock behind.
 */
public final class MaintenanceLock implements AutoCloseable {
  private final Connection connection;
  private final String table;

  private MaintenanceLock(Connection connection, String table) {
    this.connection = connection;
    this.table = table;
  }

  /** The lock for {@code table}, or empty when another maintainer holds it. */
  public static Optional<MaintenanceLock> tryAcquire(CatalogSettings catalog, String table) throws SQLException {
    Connection c = Jdbc.connect(catalog.pgUrl(), catalog.pgUser(), catalog.pgPassword());
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT pg_try_advisory_lock(hashtext('pqr-maintenance'), hashtext(?))")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          return Optional.of(new MaintenanceLock(c, table));
        }
      }
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    c.close();
    return Optional.empty();
  }

  @Override
  public void close() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT pg_advisory_unlock(hashtext('pqr-maintenance'), hashtext(?))")) {
      ps.setString(1, table);
      ps.execute();
    } finally {
      connection.close();
    }
  }
}
