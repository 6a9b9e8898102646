package co.pqr.lakehouse.silver.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymKeyTest {

    private static final String B64_KEY_32 = Base64.getEncoder()
            .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dataDir;

    @Test
    void environmentKeyWinsOverTheKeyFile() throws Exception {
        PseudonymKey.resolve(Map.of(), dataDir); // a local key file now exists

        PseudonymKey.Resolved resolved = PseudonymKey.resolve(Map.of("PQR_PSEUDONYM_KEY", B64_KEY_32), dataDir);

        assertThat(resolved.key()).isEqualTo("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        assertThat(resolved.source()).isEqualTo("environment PQR_PSEUDONYM_KEY");
        assertThat(resolved.created()).isFalse();
    }

    @Test
    void environmentKeyIsUsedWithoutTouchingTheDataDir() {
        Path missing = dataDir.resolve("never-created");

        PseudonymKey.resolve(Map.of("PQR_PSEUDONYM_KEY", B64_KEY_32), missing);

        assertThat(missing).doesNotExist();
    }

    @Test
    void environmentKeyThatIsNotBase64IsUsedAsRawText() {
        String raw = "una frase secreta larga!";

        PseudonymKey.Resolved resolved = PseudonymKey.resolve(Map.of("PQR_PSEUDONYM_KEY", raw), dataDir);

        assertThat(resolved.key()).isEqualTo(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void environmentKeyThatIsBase64OfFewerThan16BytesButHas16CharactersIsUsedAsRawText() {
        String sixteenChars = "abcdefghijklmnop"; // valid base64 of only 12 bytes

        PseudonymKey.Resolved resolved = PseudonymKey.resolve(Map.of("PQR_PSEUDONYM_KEY", sixteenChars), dataDir);

        assertThat(resolved.key()).isEqualTo(sixteenChars.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shortEnvironmentKeyIsRejectedWithClearMessageThatDoesNotShowTheKey() {
        assertThatThrownBy(() -> PseudonymKey.resolve(Map.of("PQR_PSEUDONYM_KEY", "s3cr3t"), dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PQR_PSEUDONYM_KEY is too short")
                .hasMessageContaining("at least 16")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void blankEnvironmentKeyCountsAsUnset() {
        PseudonymKey.Resolved resolved = PseudonymKey.resolve(Map.of("PQR_PSEUDONYM_KEY", "  "), dataDir);

        assertThat(resolved.source()).startsWith("file ");
    }

    @Test
    void keyFileIsCreatedOnceAndReused() throws Exception {
        PseudonymKey.Resolved first = PseudonymKey.resolve(Map.of(), dataDir);
        PseudonymKey.Resolved second = PseudonymKey.resolve(Map.of(), dataDir);

        Path file = dataDir.resolve("pseudonym.key").toAbsolutePath();
        assertThat(first.created()).isTrue();
        assertThat(first.key()).hasSize(32);
        assertThat(first.source()).isEqualTo("file " + file);
        assertThat(file).exists();
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(first.key());

        assertThat(second.created()).isFalse();
        assertThat(second.key()).isEqualTo(first.key());
        assertThat(second.source()).isEqualTo(first.source());
        try (var entries = Files.list(dataDir)) {
            assertThat(entries).containsExactly(file); // no temporary files left behind
        }
    }

    @Test
    void keyFileIsCreatedInAMissingDataDir() {
        Path nested = dataDir.resolve("a/b");

        PseudonymKey.Resolved resolved = PseudonymKey.resolve(Map.of(), nested);

        assertThat(resolved.created()).isTrue();
        assertThat(nested.resolve("pseudonym.key")).exists();
    }

    @Test
    void keyFileIsReadableByTheOwnerOnly() throws Exception {
        assumeTrue(Files.getFileStore(dataDir).supportsFileAttributeView("posix"));

        PseudonymKey.resolve(Map.of(), dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("pseudonym.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void differentDataDirsGetDifferentKeys() {
        byte[] a = PseudonymKey.resolve(Map.of(), dataDir.resolve("a")).key();
        byte[] b = PseudonymKey.resolve(Map.of(), dataDir.resolve("b")).key();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void tooShortKeyFileIsRejectedWithClearMessage() throws Exception {
        Files.writeString(dataDir.resolve("pseudonym.key"), Base64.getEncoder().encodeToString(new byte[8]));

        assertThatThrownBy(() -> PseudonymKey.resolve(Map.of(), dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pseudonym.key")
                .hasMessageContaining("at least 16 bytes");
    }

    @Test
    void describeTellsTheOperatorToSetTheVariableInProduction() {
        PseudonymKey.Resolved created = PseudonymKey.resolve(Map.of(), dataDir);
        PseudonymKey.Resolved reused = PseudonymKey.resolve(Map.of(), dataDir);

        assertThat(created.describe())
                .isEqualTo("generated a new local pseudonymisation key at "
                        + dataDir.resolve("pseudonym.key").toAbsolutePath()
                        + "; set PQR_PSEUDONYM_KEY in production");
        assertThat(reused.describe()).startsWith("using the pseudonymisation key from file ");
    }

    @Test
    void resolvedNeverPrintsTheKey() {
        PseudonymKey.Resolved resolved = PseudonymKey.resolve(Map.of("PQR_PSEUDONYM_KEY", B64_KEY_32), dataDir);

        assertThat(resolved.toString())
                .doesNotContain(B64_KEY_32)
                .doesNotContain("0123456789abcdef")
                .contains("32 bytes");
    }

    @Test
    void resolvedKeyWorksWithThePseudonymizer() {
        PseudonymKey.Resolved resolved = PseudonymKey.resolve(Map.of(), dataDir);

        assertThat(new Pseudonymizer(resolved.key()).documentToken("CC", "1036123456")).hasSize(64);
    }
}
