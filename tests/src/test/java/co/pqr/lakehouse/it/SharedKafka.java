package co.pqr.lakehouse.it;

import co.pqr.lakehouse.local.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * One embedded Kafka broker for all integration tests of the test JVM (each test uses its own
 * topics). The broker stops with the JVM (EmbeddedKafka's shutdown hook).
 */
final class SharedKafka {
  private static EmbeddedKafka broker;

  private SharedKafka() {}

  static synchronized EmbeddedKafka broker() {
    if (broker == null || !broker.isAlive()) {
      try {
        broker = EmbeddedKafka.start(Files.createTempDirectory("pqr-it-kafka"), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return broker;
  }
}
