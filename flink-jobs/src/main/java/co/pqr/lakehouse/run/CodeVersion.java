package co.pqr.lakehouse.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The code version recorded with every run: the Maven version and the git commit it was built from. */
public final class CodeVersion {
  private static final String VERSION = load();

  private CodeVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("/pqr-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String commit = p.getProperty("git.commit", "");
      String version = p.getProperty("version", "unknown");
      return commit.isBlank() || commit.startsWith("$") ? version : version + "+" + commit;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
