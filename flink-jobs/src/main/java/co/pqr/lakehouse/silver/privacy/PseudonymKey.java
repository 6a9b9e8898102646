package co.pqr.lakehouse.silver.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where the pseudonymisation key comes from.
 *
 * <ol>
 *   <li>The environment variable {@value #ENV_VAR}: base64 of at least 16 bytes (e.g. {@code openssl rand -base64
 *       32}), or else, if it is not valid base64 of at least 16 bytes, its raw text of at least 16 characters.
 *       This is how production supplies the key (from a secret store).
 *   <li>Otherwise the file named by {@value #FILE_ENV_VAR} (a mounted secret), holding the key in base64.
 *   <li>Otherwise the local file {@code <dataDir>/}{@value #KEY_FILE}, holding the key in base64. Only the demo
 *       may generate it when absent (32 random bytes, owner-only permissions where the filesystem is POSIX); it is
 *       then reused on every later run, so tokens stay stable on one machine. Every other command fails with one
 *       line naming these three places: the key never comes from a default in the code.
 * </ol>
 *
 * <p>The key itself is never logged nor put in any message: losing it means tokens can no longer be matched
 * across runs, leaking it means tokens can be recomputed for a guessed document number.
 */
public final class PseudonymKey {

    public static final String ENV_VAR = "PQR_PSEUDONYM_KEY";
    public static final String FILE_ENV_VAR = "PQR_PSEUDONYM_KEY_FILE";
    public static final String KEY_FILE = "pseudonym.key";
    public static final int GENERATED_KEY_BYTES = 32;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PseudonymKey() {}

    /**
     * The resolved key, where it came from ({@code "environment PQR_PSEUDONYM_KEY"} or {@code "file <path>"}) and
     * whether this call generated it. The key bytes are copied in and out and never appear in {@link #toString()}.
     */
    public record Resolved(byte[] key, String source, boolean created) {

        public Resolved {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(source, "source");
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        /** A line for the CLI to print; never contains the key. */
        public String describe() {
            return created
                    ? "generated a new local pseudonymisation key at " + source.substring("file ".length())
                            + "; set " + ENV_VAR + " in production"
                    : "using the pseudonymisation key from " + source;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Resolved that
                    && Arrays.equals(key, that.key)
                    && source.equals(that.source)
                    && created == that.created;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(key), source, created);
        }

        @Override
        public String toString() {
            return "Resolved[key=<" + key.length + " bytes>, source=" + source + ", created=" + created + "]";
        }
    }

    /**
     * Resolves the key from {@code env} (usually {@link System#getenv()}) or from {@code dataDir/pseudonym.key},
     * creating that file if needed. A blank {@value #ENV_VAR} counts as unset.
     *
     * @throws IllegalArgumentException if the environment variable or the key file holds a key that is too short
     * @throws UncheckedIOException if the key file cannot be read or created
     */
    public static Resolved resolve(Map<String, String> env, Path dataDir) {
        return resolve(env, dataDir, true);
    }

    /**
     * As {@link #resolve(Map, Path)}, but when {@code mayCreate} is false a missing key is an error (one line naming
     * {@value #ENV_VAR}, {@value #FILE_ENV_VAR} and the data folder's key file) instead of a newly generated file.
     */
    public static Resolved resolve(Map<String, String> env, Path dataDir, boolean mayCreate) {
        String fromEnv = env == null ? null : env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Resolved(decodeEnvironmentKey(fromEnv.strip()), "environment " + ENV_VAR, false);
        }
        String named = env == null ? null : env.get(FILE_ENV_VAR);
        try {
            if (named != null && !named.isBlank()) {
                Path file = Path.of(named.strip()).toAbsolutePath().normalize();
                if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                    throw new IllegalArgumentException(FILE_ENV_VAR + " names " + file + ", which is not a readable file");
                }
                return new Resolved(readKeyFile(file), "file " + file, false);
            }
            Objects.requireNonNull(dataDir, "dataDir (needed for " + KEY_FILE + " when " + ENV_VAR + " is not set)");
            Path file = dataDir.resolve(KEY_FILE).toAbsolutePath().normalize();
            if (Files.exists(file)) {
                return new Resolved(readKeyFile(file), "file " + file, false);
            }
            if (!mayCreate) {
                throw new IllegalArgumentException("no pseudonymisation key: set " + ENV_VAR + " (base64, e.g. `openssl"
                        + " rand -base64 32`) or " + FILE_ENV_VAR + ", or put the key in " + file
                        + " (only the demo generates one)");
            }
            return createKeyFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the pseudonymisation key file: " + e.getMessage(), e);
        }
    }

    static byte[] decodeEnvironmentKey(String value) {
        byte[] decoded = decodeBase64(value);
        if (decoded != null && decoded.length >= Pseudonymizer.MIN_KEY_BYTES) {
            return decoded;
        }
        if (value.length() >= Pseudonymizer.MIN_KEY_BYTES) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException(ENV_VAR + " is too short: it must be base64 of at least "
                + Pseudonymizer.MIN_KEY_BYTES + " bytes (e.g. the output of `openssl rand -base64 32`) or at least "
                + Pseudonymizer.MIN_KEY_BYTES + " characters of text; got " + value.length() + " characters");
    }

    private static byte[] decodeBase64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notStandard) {
            try {
                return Base64.getUrlDecoder().decode(value);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
    }

    private static byte[] readKeyFile(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] key = decodeBase64(content);
        if (key == null || key.length < Pseudonymizer.MIN_KEY_BYTES) {
            throw new IllegalArgumentException("pseudonymisation key file " + file + " does not hold base64 of at least "
                    + Pseudonymizer.MIN_KEY_BYTES + " bytes; restore it from backup (tokens depend on it) or set "
                    + ENV_VAR);
        }
        return key;
    }

    /**
     * Writes a fresh key to a private temporary file and links it into place, so that two processes starting
     * together end up sharing one key: the loser of the race reads the winner's file.
     */
    private static Resolved createKeyFile(Path file) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        byte[] key = new byte[GENERATED_KEY_BYTES];
        RANDOM.nextBytes(key);
        Path temp = Files.createTempFile(dir, "." + KEY_FILE + ".", ".tmp", attributes);
        try {
            Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            boolean created;
            try {
                Files.createLink(file, temp);
                created = true;
            } catch (FileAlreadyExistsException lostRace) {
                created = false;
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                created = moveIfAbsent(temp, file);
            }
            if (!created) {
                return new Resolved(readKeyFile(file), "file " + file, false);
            }
            if (posix) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return new Resolved(key, "file " + file, true);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean moveIfAbsent(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file);
            return true;
        } catch (FileAlreadyExistsException lostRace) {
            return false;
        }
    }
}
