package co.pqr.lakehouse.db;

import co.pqr.lakehouse.config.PipelineSettings;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/** The Postgres side of the product: schema migrations (Flyway) and connections. */
public final class Database {
  private Database() {}

  /** Creates or upgrades the control, gold and iceberg schemas. Safe to run on every start. */
  public static void migrate(PipelineSettings s) {
    Flyway.configure()
        .dataSource(s.pgUrl(), s.pgUser(), s.pgPassword())
        .schemas("control")
        .createSchemas(true)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  public static Connection connect(PipelineSettings s) throws SQLException {
    return co.pqr.lakehouse.db.Jdbc.connect(s.pgUrl(), s.pgUser(), s.pgPassword());
  }
}
