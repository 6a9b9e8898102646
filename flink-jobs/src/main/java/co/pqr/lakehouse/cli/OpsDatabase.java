package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Database;
import java.sql.Connection;
import java.sql.SQLException;

/** The operations commands' first step: reach the control plane (one clear line if not), then migrate it. */
final class OpsDatabase {
  private OpsDatabase() {}

  static void reachAndMigrate(PipelineSettings s) throws SQLException {
    try (Connection c = Database.connect(s)) {
      c.isValid(5);
    } catch (SQLException e) {
      throw new SQLException("cannot reach Postgres at " + s.pgUrl() + " as " + s.pgUser() + ": "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }
    Database.migrate(s);
  }
}
