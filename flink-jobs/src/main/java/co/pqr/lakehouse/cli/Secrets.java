package co.pqr.lakehouse.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where passwords and keys come from: a file named by a flag or by {@code <ENV>_FILE} (a mounted secret), or the
 * value itself in {@code <ENV>}. Never a command-line value (visible in {@code ps} and in Flink's job plan), and
 * no message here ever contains the secret, only where it was looked for.
 */
final class Secrets {
  private Secrets() {}

  /** The secret, or null when none of the three places gives one (the caller's default applies). */
  static String fromFileOrEnv(String flag, Path flagFile, String envVar, Map<String, String> env) {
    if (flagFile != null) {
      return read(flagFile, flag);
    }
    String named = env.get(envVar + "_FILE");
    if (named != null && !named.isBlank()) {
      return read(Path.of(named.strip()), envVar + "_FILE");
    }
    String value = env.get(envVar);
    return value == null || value.isBlank() ? null : value;
  }

  /** The file's content without its trailing line break. */
  static String read(Path file, String origin) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(origin + ": cannot read the secret file " + file.toAbsolutePath());
    }
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8);
      String stripped = s.replaceFirst("\\r?\\n\\z", "");
      if (stripped.isEmpty()) {
        throw new IllegalArgumentException(origin + ": the secret file " + file.toAbsolutePath() + " is empty");
      }
      return stripped;
    } catch (IOException e) {
      throw new IllegalArgumentException(origin + ": cannot read the secret file " + file.toAbsolutePath());
    }
  }

  /** The text with the value of any {@code password=} URL parameter replaced by {@code ***}. */
  static String redact(String text) {
    return text == null ? null : text.replaceAll("(?i)(password=)[^&\\s)]*", "$1***");
  }
}
