package co.pqr.lakehouse.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Checks, before a job is built, that a configured Kafka bootstrap answers. Without it a bounded Kafka source
 * whose broker is unreachable retries in the background and the command hangs with nothing on the console.
 */
final class Reachability {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private Reachability() {}

  /**
   * Fails with one line naming the bootstrap when no listed server accepts a TCP connection, or when none
   * answers a Kafka metadata request, within {@code timeout}.
   */
  static void requireKafka(String bootstrap, Duration timeout) {
    List<String> failures = new ArrayList<>();
    boolean anyOpen = false;
    for (String server : bootstrap.split(",")) {
      String hostPort = server.trim();
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--kafka-bootstrap expects HOST:PORT[,HOST:PORT...], got '" + bootstrap + "'");
      }
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--kafka-bootstrap expects HOST:PORT[,HOST:PORT...], got '" + bootstrap + "'");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(hostPort.substring(0, colon), port),
            (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        anyOpen = true;
      } catch (IOException e) {
        failures.add(hostPort + " (" + e.getMessage() + ")");
      }
    }
    if (!anyOpen) {
      throw new IllegalArgumentException("Kafka bootstrap " + bootstrap + " is unreachable: " + String.join(", ", failures));
    }
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    Admin admin = Admin.create(props);
    try {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalArgumentException("Kafka bootstrap " + bootstrap + " accepts connections but did not answer"
          + " as a Kafka broker within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the Kafka bootstrap " + bootstrap);
    } finally {
      admin.close(Duration.ofSeconds(1));
    }
  }
}
