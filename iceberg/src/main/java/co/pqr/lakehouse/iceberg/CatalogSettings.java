package co.pqr.lakehouse.iceberg;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where the Iceberg JDBC catalog lives (a Postgres schema of its own, apart from Gold) and where the
 * warehouse is. Immutable and serialisable so Flink operators can rebuild catalog connections.
 */
public record CatalogSettings(String pgUrl, String pgUser, String pgPassword, String warehouse)
    implements Serializable {

  /** The Postgres schema that holds the Iceberg catalog tables. */
  public static final String CATALOG_SCHEMA = "iceberg";

  public static final String CATALOG_NAME = "pqr";

  public CatalogSettings {
    Objects.requireNonNull(pgUrl, "pgUrl (--pg-url / PQR_PG_URL) is required");
    Objects.requireNonNull(warehouse, "warehouse (--warehouse / PQR_WAREHOUSE) is required");
    while (warehouse.endsWith("/") && warehouse.length() > 1) {
      warehouse = warehouse.substring(0, warehouse.length() - 1);
    }
  }

  /** The JDBC URL of the catalog: the same database, with the catalog schema as current schema. */
  public String catalogJdbcUrl() {
    String sep = pgUrl.contains("?") ? "&" : "?";
    return pgUrl + sep + "currentSchema=" + CATALOG_SCHEMA;
  }

  /** {@code {warehouse}/{layer}}: the stable layout of the lakehouse. */
  public String layerLocation(String layer) {
    return warehouse + "/" + layer;
  }
}
