package co.pqr.lakehouse.iceberg;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where the Iceberg JDBC catalog lives (a Postgres schema of its own, apart from Gold) and where the
 * warehouse is (a local folder, or {@code s3://bucket/prefix} reached with {@link #s3()}). Immutable
 * and serialisable so Flink operators can rebuild catalog connections.
 */
public record CatalogSettings(String pgUrl, String pgUser, String pgPassword, String warehouse, S3Settings s3)
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
    s3 = s3 == null ? S3Settings.DEFAULT : s3;
    // Also runs when a Flink task deserialises an operator holding these settings, before any operator of
    // the task opens: the job's Postgres driver is then known to DriverManager (see registerJdbcDriver).
    LakehouseCatalog.registerJdbcDriver();
  }

  /** A catalog whose warehouse needs no object-store settings (a local folder, or S3 with AWS defaults). */
  public CatalogSettings(String pgUrl, String pgUser, String pgPassword, String warehouse) {
    this(pgUrl, pgUser, pgPassword, warehouse, S3Settings.DEFAULT);
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

  /** Never shows the password. */
  @Override
  public String toString() {
    return "CatalogSettings[pgUrl=" + pgUrl + ", pgUser=" + pgUser + ", pgPassword="
        + (pgPassword == null ? "null" : "<hidden>") + ", warehouse=" + warehouse + ", s3=" + s3 + "]";
  }
}
