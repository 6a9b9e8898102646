package co.pqr.lakehouse.iceberg;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.jdbc.JdbcCatalog;

/** Builds the Iceberg JDBC catalog (in Postgres) that holds the Bronze and Silver tables. */
public final class LakehouseCatalog {

  private LakehouseCatalog() {}

  public static Map<String, String> properties(CatalogSettings settings) {
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.URI, settings.catalogJdbcUrl());
    props.put(CatalogProperties.WAREHOUSE_LOCATION, settings.warehouse());
    props.put("jdbc.user", settings.pgUser() == null ? "" : settings.pgUser());
    props.put("jdbc.password", settings.pgPassword() == null ? "" : settings.pgPassword());
    props.put("jdbc.schema-version", "V1");
    if (LocalFileIO.isLocal(settings.warehouse())) {
      props.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    } else if (S3Settings.isS3(settings.warehouse())) {
      props.putAll(settings.s3().icebergProperties());
    }
    return props;
  }

  public static CatalogLoader loader(CatalogSettings settings) {
    registerJdbcDriver();
    return CatalogLoader.custom(
        CatalogSettings.CATALOG_NAME,
        properties(settings),
        new Configuration(),
        JdbcCatalog.class.getName());
  }

  /** The catalog; close it (it holds a Postgres connection pool), e.g. with try-with-resources. */
  public static JdbcCatalog open(CatalogSettings settings) {
    return (JdbcCatalog) loader(settings).loadCatalog();
  }

  /**
   * Makes the Postgres driver of this class's class loader known to {@code DriverManager}, which the
   * JDBC catalog connects through. On a Flink cluster every job has its own class loader, but
   * DriverManager discovers drivers once per JVM: without this, the first connection of a second job
   * on the same TaskManager (or of a second submission on the JobManager) fails with "No suitable
   * driver". Loading the driver class runs its static initializer, which registers it; idempotent.
   */
  static void registerJdbcDriver() {
    try {
      Class.forName("org.postgresql.Driver", true, LakehouseCatalog.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the Postgres JDBC driver (org.postgresql:postgresql) is not on the classpath", e);
    }
  }
}
