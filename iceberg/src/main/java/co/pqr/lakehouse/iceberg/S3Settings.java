package co.pqr.lakehouse.iceberg;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach the S3-compatible object store (RustFS, MinIO, AWS S3) that holds a warehouse at
 * {@code s3://bucket/prefix}. Every field is optional: with no endpoint the AWS defaults apply, with no
 * keys the AWS default credential chain (AWS_ACCESS_KEY_ID, instance profile, ...) does.
 *
 * @param endpoint e.g. {@code http://rustfs:9000}; null for AWS itself
 * @param pathStyle path-style requests ({@code http://host/bucket/key}), which most self-hosted stores need
 * @param accessKey access key id, or null for the default credential chain
 * @param secretKey secret access key, or null for the default credential chain
 * @param region signing region; S3-compatible stores accept any, AWS needs the bucket's
 */
public record S3Settings(String endpoint, boolean pathStyle, String accessKey, String secretKey, String region)
    implements Serializable {

  public static final String DEFAULT_REGION = "us-east-1";

  /** Nothing configured: AWS endpoints, region and credential chain. */
  public static final S3Settings DEFAULT = new S3Settings(null, false, null, null, DEFAULT_REGION);

  public S3Settings {
    endpoint = blankToNull(endpoint);
    accessKey = blankToNull(accessKey);
    secretKey = blankToNull(secretKey);
    region = blankToNull(region) == null ? DEFAULT_REGION : region;
    if (endpoint != null && !endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      throw new IllegalArgumentException(
          "--s3-endpoint / PQR_S3_ENDPOINT must be an http:// or https:// URL, got '" + endpoint + "'");
    }
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException("--s3-access-key / PQR_S3_ACCESS_KEY and --s3-secret-key / PQR_S3_SECRET_KEY"
          + " must be given together (or neither, for the AWS default credential chain)");
    }
  }

  /** Whether a warehouse or checkpoint location is on S3 (s3://, s3a://). */
  public static boolean isS3(String location) {
    return location != null && (location.startsWith("s3://") || location.startsWith("s3a://"));
  }

  /** Iceberg {@code S3FileIO} catalog properties. */
  public Map<String, String> icebergProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
    props.put("client.region", region);
    props.put("s3.path-style-access", String.valueOf(pathStyle));
    if (endpoint != null) {
      props.put("s3.endpoint", endpoint);
    }
    if (accessKey != null) {
      props.put("s3.access-key-id", accessKey);
      props.put("s3.secret-access-key", secretKey);
    }
    return props;
  }

  /**
   * Options of Flink's S3 file system plugin ({@code flink-s3-fs-hadoop}), which Raw's file sink and
   * checkpoints use. On a standalone cluster they belong in the cluster's configuration.
   */
  public Map<String, String> flinkOptions() {
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("s3.path.style.access", String.valueOf(pathStyle));
    // Keep directory markers: otherwise every file written deletes its parents' markers (one bulk delete per
    // file), which is wasted work for checkpoints and part files, and takes seconds per call on some stores.
    opts.put("s3.directory.marker.retention", "keep");
    if (endpoint != null) {
      opts.put("s3.endpoint", endpoint);
      opts.put("s3.endpoint.region", region);
    }
    if (accessKey != null) {
      opts.put("s3.access-key", accessKey);
      opts.put("s3.secret-key", secretKey);
    }
    return opts;
  }

  @Override
  public String toString() {
    return "S3Settings[endpoint=" + endpoint + ", pathStyle=" + pathStyle + ", accessKey=" + accessKey
        + ", secretKey=" + (secretKey == null ? null : "****") + ", region=" + region + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
