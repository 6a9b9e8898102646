package co.pqr.lakehouse.it;

import static org.awaitility.Awaitility.await;

import co.pqr.lakehouse.iceberg.S3Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3-API server in the test JVM: s3proxy (from its Maven artifact) over jclouds' filesystem
 * blob store in a test folder, with AWS signature authentication, on a free local port.
 *
 * <p>AWS SDK v2 from 2.30 on adds CRC checksums to every request, which s3proxy 2.6.0 rejects; the
 * SDK is told to send them only when an operation requires one ({@code aws.requestChecksumCalculation}
 * and {@code aws.responseChecksumValidation} = {@code WHEN_REQUIRED}, the system-property form of
 * {@code AWS_REQUEST_CHECKSUM_CALCULATION} / {@code AWS_RESPONSE_CHECKSUM_VALIDATION}). Flink's S3
 * plugin uses AWS SDK v1, which sends none.
 */
final class S3Server implements AutoCloseable {
  static final String ACCESS_KEY = "pqr-test-access";
  static final String SECRET_KEY = "pqr-test-secret-0123456789";

  private final Path dir;
  private final BlobStoreContext context;
  private final S3Proxy proxy;

  private S3Server(Path dir, BlobStoreContext context, S3Proxy proxy) {
    this.dir = dir;
    this.context = context;
    this.proxy = proxy;
  }

  static S3Server start(Path dir) throws Exception {
    System.setProperty("aws.requestChecksumCalculation", "WHEN_REQUIRED");
    System.setProperty("aws.responseChecksumValidation", "WHEN_REQUIRED");
    Files.createDirectories(dir);
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
    BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
        .credentials("identity", "credential")
        .overrides(props)
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    await("s3proxy started").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> "STARTED".equals(proxy.getState()));
    return new S3Server(dir, context, proxy);
  }

  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  S3Settings settings() {
    return new S3Settings(endpoint(), true, ACCESS_KEY, SECRET_KEY, S3Settings.DEFAULT_REGION);
  }

  void createBucket(String bucket) {
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  /** The keys of every object under {@code prefix} in {@code bucket}, read from the store itself. */
  List<String> keys(String bucket, String prefix) {
    BlobStore store = context.getBlobStore();
    List<String> keys = new ArrayList<>();
    String marker = null;
    do {
      ListContainerOptions options = ListContainerOptions.Builder.prefix(prefix).recursive();
      if (marker != null) {
        options = options.afterMarker(marker);
      }
      var page = store.list(bucket, options);
      for (StorageMetadata m : page) {
        if (m.getType() == org.jclouds.blobstore.domain.StorageType.BLOB) {
          keys.add(m.getName());
        }
      }
      marker = page.getNextMarker();
    } while (marker != null);
    return keys;
  }

  /** Where the filesystem blob store keeps an object's bytes (to read a committed object directly). */
  Path objectFile(String bucket, String key) {
    return dir.resolve(bucket).resolve(key);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
