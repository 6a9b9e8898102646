package co.pqr.lakehouse.silver.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PseudonymizerTest {

    private static final byte[] KEY = "pqr-test-key-0123456789abcdef!!!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_KEY = "another-key-for-a-second-tenant".getBytes(StandardCharsets.US_ASCII);
    private static final String CITIZEN = "María Fernanda Gómez Pérez";

    private final Pseudonymizer pseudonymizer = new Pseudonymizer(KEY);

    private String redact(String text) {
        return pseudonymizer.redact(text, CITIZEN);
    }

    @Nested
    class Keys {

        @Test
        void keyShorterThan16BytesIsRejectedWithClearMessage() {
            assertThatThrownBy(() -> new Pseudonymizer(new byte[15]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 16 bytes")
                    .hasMessageContaining("15 bytes");
        }

        @Test
        void nullKeyIsRejected() {
            assertThatThrownBy(() -> new Pseudonymizer(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 16 bytes");
        }

        @Test
        void keyOfExactly16BytesIsAccepted() {
            assertThat(new Pseudonymizer(new byte[16]).documentToken("CC", "123")).hasSize(64);
        }

        @Test
        void changingTheCallersKeyArrayAfterwardsDoesNotChangeTokens() {
            byte[] key = KEY.clone();
            Pseudonymizer p = new Pseudonymizer(key);
            String before = p.documentToken("CC", "1036123456");
            key[0] ^= 1;
            assertThat(p.documentToken("CC", "1036123456")).isEqualTo(before);
        }

        @Test
        void toStringDoesNotRevealTheKey() {
            assertThat(pseudonymizer.toString()).doesNotContain("pqr-test-key");
        }
    }

    @Nested
    class DocumentTokens {

        @Test
        void tokenIsKnownHmacSha256OfTypeColonNormalisedNumber() throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal("CC:1036123456".getBytes(StandardCharsets.UTF_8)));

            assertThat(pseudonymizer.documentToken("CC", "1.036.123.456")).isEqualTo(expected);
            // same value computed outside Java (python hmac), pins the format against accidental change
            assertThat(expected).isEqualTo("930260a736dddbeacb4e73477f96b3f625752fcf0118c720e4c467ec463421d6");
        }

        @Test
        void samePersonGetsSameTokenDespiteFormatting() {
            String token = pseudonymizer.documentToken("CC", "1036123456");
            assertThat(pseudonymizer.documentToken("CC", "1.036.123.456")).isEqualTo(token);
            assertThat(pseudonymizer.documentToken("CC", " 1 036 123 456 ")).isEqualTo(token);
            assertThat(pseudonymizer.documentToken("CC", "1,036,123,456")).isEqualTo(token);
            assertThat(pseudonymizer.documentToken("CC", "1036-123-456")).isEqualTo(token);
            assertThat(pseudonymizer.documentToken("cc", "1036123456")).isEqualTo(token);
        }

        @Test
        void lettersInPassportNumbersAreUpperCased() {
            assertThat(pseudonymizer.documentToken("PA", "ab 123456"))
                    .isEqualTo(pseudonymizer.documentToken("PA", "AB123456"));
        }

        @Test
        void tokenIs64LowercaseHexCharacters() {
            assertThat(pseudonymizer.documentToken("CE", "123456")).matches("[0-9a-f]{64}");
        }

        @Test
        void differentKeysGiveDifferentTokens() {
            assertThat(new Pseudonymizer(OTHER_KEY).documentToken("CC", "1036123456"))
                    .isNotEqualTo(pseudonymizer.documentToken("CC", "1036123456"));
        }

        @Test
        void differentDocumentTypesGiveDifferentTokens() {
            assertThat(pseudonymizer.documentToken("TI", "1036123456"))
                    .isNotEqualTo(pseudonymizer.documentToken("CC", "1036123456"));
        }

        @Test
        void differentNumbersGiveDifferentTokens() {
            assertThat(pseudonymizer.documentToken("CC", "1036123457"))
                    .isNotEqualTo(pseudonymizer.documentToken("CC", "1036123456"));
        }

        @Test
        void tokenDoesNotContainTheNumber() {
            assertThat(pseudonymizer.documentToken("CC", "1036123456")).doesNotContain("1036123456");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", " . - , "})
        void blankNumberHasNoToken(String number) {
            assertThat(pseudonymizer.documentToken("CC", number)).isNull();
        }

        @Test
        void nullNumberHasNoToken() {
            assertThat(pseudonymizer.documentToken("CC", null)).isNull();
        }

        @Test
        void tokenSurvivesJavaSerialisationAsFlinkDoes() throws Exception {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                pseudonymizer.documentToken("CC", "1"); // Mac already created: must not be serialised
                out.writeObject(pseudonymizer);
            }
            Pseudonymizer copy;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                copy = (Pseudonymizer) in.readObject();
            }
            assertThat(copy.documentToken("CC", "1036123456"))
                    .isEqualTo(pseudonymizer.documentToken("CC", "1036123456"));
        }

        @Test
        void tokensAreTheSameFromManyThreads() throws Exception {
            String expected = pseudonymizer.documentToken("CC", "1036123456");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> results = pool.invokeAll(java.util.Collections.nCopies(200,
                        () -> pseudonymizer.documentToken("CC", "1.036.123.456")));
                for (Future<String> result : results) {
                    assertThat(result.get()).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Emails {

        @Test
        void emailTypedInDescriptionIsRedacted() {
            assertThat(redact("Escríbanme a maria.gomez@gmail.com por favor."))
                    .isEqualTo("Escríbanme a [EMAIL] por favor.");
        }

        @Test
        void emailWithPlusAndSubdomainsIsRedactedLeavingTheFinalFullStop() {
            assertThat(redact("Mi correo es JUAN_PEREZ+pqr@empresa.com.co."))
                    .isEqualTo("Mi correo es [EMAIL].");
        }

        @Test
        void emailWrittenWithArrobaIsRedacted() {
            assertThat(redact("correo: mfgomez (arroba) hotmail.com gracias"))
                    .isEqualTo("correo: [EMAIL] gracias");
        }

        @Test
        void emailInAngleBracketsIsRedacted() {
            assertThat(redact("Contactar <atencion.ciudadana@entidad.gov.co>"))
                    .isEqualTo("Contactar <[EMAIL]>");
        }
    }

    @Nested
    class Phones {

        @ParameterizedTest
        @ValueSource(strings = {
            "3001234567", "300 123 4567", "300-123-4567", "300.123.4567", "(300) 123 4567", "310 555 12 34",
            "+57 310 5551234", "(+57) 3105551234", "+573105551234", "0057 3105551234",
            "604 4445566", "601 234 5678", "(601) 2345678", "6012345678"
        })
        void colombianMobileAndLandlineNumbersAreRedacted(String phone) {
            assertThat(redact("Pueden llamarme al " + phone + " en la tarde."))
                    .isEqualTo("Pueden llamarme al [TELEFONO] en la tarde.");
        }

        @Test
        void mobileTypedInDescriptionIsRedacted() {
            assertThat(redact("Mi celular es 3001234567."))
                    .isEqualTo("Mi celular es [TELEFONO].");
        }

        @Test
        void sevenDigitLandlineAfterTelIsRedacted() {
            assertThat(redact("Mi tel: 2345678")).isEqualTo("Mi tel: [TELEFONO]");
        }

        @Test
        void sevenDigitLandlineAfterTelefonoFijoIsRedacted() {
            assertThat(redact("teléfono fijo 234 5678, gracias")).isEqualTo("teléfono fijo [TELEFONO], gracias");
        }

        @Test
        void landlineWithOldAreaCodeAfterTelIsRedacted() {
            assertThat(redact("Tel. (4) 444 5566 ext 12")).isEqualTo("Tel. [TELEFONO] ext 12");
        }

        @Test
        void everyNumberInAListAfterAPhoneWordIsRedacted() {
            assertThat(redact("Teléfonos 2345678 - 3001234567 o 234-5679."))
                    .isEqualTo("Teléfonos [TELEFONO] - [TELEFONO] o [TELEFONO].");
        }

        @Test
        void numberGluedToLettersIsNotAPhone() {
            assertThat(redact("código ABC3001234567x")).isEqualTo("código ABC3001234567x");
        }
    }

    @Nested
    class Documents {

        @Test
        void cedulaWithThousandsDotsAfterCCIsRedacted() {
            assertThat(redact("Soy C.C. 1.036.123.456 de Medellín"))
                    .isEqualTo("Soy C.C. [DOCUMENTO] de Medellín");
        }

        @Test
        void documentNumbersAfterEachDocumentTypeAreRedacted() {
            assertThat(redact("CC 1036123456, cédula 32.123.456, NIT 900.123.456-7, T.I. 1001234567, "
                            + "CE 123456, pasaporte AB123456"))
                    .isEqualTo("CC [DOCUMENTO], cédula [DOCUMENTO], NIT [DOCUMENTO], T.I. [DOCUMENTO], "
                            + "CE [DOCUMENTO], pasaporte [DOCUMENTO]");
        }

        @Test
        void cedulaDeCiudadaniaNumeroIsRedactedKeepingTheWords() {
            assertThat(redact("identificado con cédula de ciudadanía No. 71.234.567 expedida en Cali"))
                    .isEqualTo("identificado con cédula de ciudadanía No. [DOCUMENTO] expedida en Cali");
        }

        @Test
        void documentNumberGluedToItsTypeIsRedacted() {
            assertThat(redact("CC1036123456 y C.C.71234567"))
                    .isEqualTo("CC[DOCUMENTO] y C.C.[DOCUMENTO]");
        }

        @Test
        void shortOldCedulaAfterKeywordIsRedacted() {
            assertThat(redact("cédula 71.234")).isEqualTo("cédula [DOCUMENTO]");
        }

        @Test
        void bareIdentityNumberWithoutKeywordIsRedacted() {
            assertThat(redact("mi número es 1036123456 y el de mi hijo 1.001.234.567."))
                    .isEqualTo("mi número es [DOCUMENTO] y el de mi hijo [DOCUMENTO].");
        }
    }

    @Nested
    class Names {

        @Test
        void fullNameTypedInDescriptionIsRedacted() {
            assertThat(redact("Yo, María Fernanda Gómez Pérez, solicito copia."))
                    .isEqualTo("Yo, [NOMBRE], solicito copia.");
        }

        @Test
        void twoWordsOfTheNameAreRedactedWhateverTheCaseAndAccents() {
            assertThat(redact("Atentamente, MARIA GOMEZ")).isEqualTo("Atentamente, [NOMBRE]");
            assertThat(redact("firma: maria fernanda")).isEqualTo("firma: [NOMBRE]");
            assertThat(redact("la señora maría gómez pérez llamó")).isEqualTo("la señora [NOMBRE] llamó");
            assertThat(redact("MARÍA FERNANDA GÓMEZ PÉREZ")).isEqualTo("[NOMBRE]");
        }

        @Test
        void surnameAloneIsRedacted() {
            assertThat(redact("el señor Gómez dijo y la familia PEREZ también"))
                    .isEqualTo("el señor [NOMBRE] dijo y la familia [NOMBRE] también");
        }

        @Test
        void hyphenatedSurnamesAreRedactedAsOneName() {
            assertThat(redact("Firmado: Gomez-Perez.")).isEqualTo("Firmado: [NOMBRE].");
        }

        @Test
        void firstNameAloneIsNotRedacted() {
            assertThat(redact("Mi vecina María no tiene agua.")).isEqualTo("Mi vecina María no tiene agua.");
        }

        @Test
        void wordThatMerelyContainsANameIsNotRedacted() {
            assertThat(pseudonymizer.redact("Hola, soy María. Marianela es mi vecina.", "María"))
                    .isEqualTo("Hola, soy [NOMBRE]. Marianela es mi vecina.");
            assertThat(redact("Marianela y Gomezano no son la ciudadana; Perezoso tampoco."))
                    .isEqualTo("Marianela y Gomezano no son la ciudadana; Perezoso tampoco.");
        }

        @Test
        void nameWithDecomposedAccentsIsRedacted() {
            assertThat(redact("Maria\u0301 Go\u0301mez escribió")).isEqualTo("[NOMBRE] escribió");
        }

        @Test
        void particlesOfTheNameAloneAreNotRedacted() {
            assertThat(pseudonymizer.redact("La señora Ana de la Cruz vive cerca de la sede y de la Cruz Roja",
                            "Ana de la Cruz"))
                    .isEqualTo("La señora [NOMBRE] vive cerca de la sede y de la [NOMBRE] Roja");
        }

        @Test
        void nameFiledAsSurnamesCommaFirstNamesIsUnderstood() {
            assertThat(pseudonymizer.redact("Soy María Gómez, escribo por mi madre", "GÓMEZ PÉREZ, MARÍA"))
                    .isEqualTo("Soy [NOMBRE], escribo por mi madre");
        }

        @Test
        void shortSurnameAloneIsNotRedactedButInTheFullNameItIs() {
            assertThat(pseudonymizer.redact("Hay paz. Luz Paz escribe.", "Luz Paz"))
                    .isEqualTo("Hay paz. [NOMBRE] escribe.");
        }

        @Test
        void withoutCitizenNameOnlyContactDataIsRedacted() {
            assertThat(pseudonymizer.redact("María Gómez, 3001234567", null)).isEqualTo("María Gómez, [TELEFONO]");
            assertThat(pseudonymizer.redact("María Gómez, 3001234567", "  ")).isEqualTo("María Gómez, [TELEFONO]");
        }
    }

    @Nested
    class NotPersonalData {

        @Test
        void datesAreNotRedacted() {
            String text = "La respuesta llegó el 2026-03-01 y no el 01/03/2026 ni el 1.03.2026 a las 10:30; "
                    + "evento 2026-03-01T10:15:30-05:00";
            assertThat(redact(text)).isEqualTo(text);
        }

        @Test
        void moneyAmountsAreNotRedacted() {
            String text = "Me cobraron $ 150.000 y luego 1.250.000 pesos, o sea $1'250.000 COP; también "
                    + "2.500.000 COP, 150000 pesos y US$ 100.";
            assertThat(redact(text)).isEqualTo(text);
        }

        @Test
        void radicadoNumbersAreNotRedacted() {
            String text = "Radicado 2026-ER-0012345, radicado No. 20261234567, rad. 2026ER0012345, caso 123456, "
                    + "PQR-2026-000123";
            assertThat(redact(text)).isEqualTo(text);
        }

        @Test
        void addressesAndShortNumbersAreNotRedacted() {
            String text = "Vivo en la Calle 45 # 23-10, apto 301, Carrera 80 No. 45-123, barrio 12 de Octubre, "
                    + "estrato 3, DANE 05001, código postal 050021; tengo 3 hijos de 12, 15 y 17 años.";
            assertThat(redact(text)).isEqualTo(text);
        }

        @Test
        void legalReferencesAreNotRedacted() {
            String text = "Según la Ley 1581 de 2012, el Decreto 1377 de 2013 y la Resolución 001234 de 2026";
            assertThat(redact(text)).isEqualTo(text);
        }

        @Test
        void textWithoutPersonalDataIsReturnedUnchanged() {
            String text = "  Solicito información sobre el  trámite.\n\tGracias!  ";
            assertThat(redact(text)).isSameAs(text);
        }

        @Test
        void nullTextGivesNull() {
            assertThat(redact(null)).isNull();
        }
    }

    @Nested
    class SeveralKindsAtOnce {

        @Test
        void everyKindInOneDescriptionIsRedactedAndTheRestKeptByteForByte() {
            String text = "Señores entidad:\n"
                    + "Yo, María Fernanda Gómez Pérez, identificada con C.C. 1.036.123.456, radiqué el "
                    + "2026-03-01 la PQR 2026-ER-0012345 y me cobraron $ 150.000 de más.  Escríbanme a "
                    + "maria.gomez@gmail.com o llamen al (+57) 310 555 1234; fijo 604 4445566.\n"
                    + "Dirección: Calle 45 # 23-10.  Atentamente,  GÓMEZ";
            String expected = "Señores entidad:\n"
                    + "Yo, [NOMBRE], identificada con C.C. [DOCUMENTO], radiqué el "
                    + "2026-03-01 la PQR 2026-ER-0012345 y me cobraron $ 150.000 de más.  Escríbanme a "
                    + "[EMAIL] o llamen al [TELEFONO]; fijo [TELEFONO].\n"
                    + "Dirección: Calle 45 # 23-10.  Atentamente,  [NOMBRE]";
            assertThat(redact(text)).isEqualTo(expected);
        }

        @Test
        void allCapsTextIsRedacted() {
            assertThat(redact("MI NOMBRE ES MARÍA FERNANDA GÓMEZ, CÉDULA 1036123456, CELULAR 3001234567, "
                            + "CORREO MFGOMEZ@GMAIL.COM. PAGUÉ $ 150.000 EL 01/03/2026."))
                    .isEqualTo("MI NOMBRE ES [NOMBRE], CÉDULA [DOCUMENTO], CELULAR [TELEFONO], "
                            + "CORREO [EMAIL]. PAGUÉ $ 150.000 EL 01/03/2026.");
        }

        @Test
        void nameInsideAnEmailIsRedactedAsTheEmail() {
            assertThat(redact("María Gómez <maria.gomez@x.co> tel 3001234567"))
                    .isEqualTo("[NOMBRE] <[EMAIL]> tel [TELEFONO]");
        }

        @Test
        void nameAfterACourtesyTitleIsRedactedWithoutTheCitizensName() {
            // Answers carry no citizen object: the title is the only clue.
            assertThat(pseudonymizer.redact("Señora Quiñónez Villafañe: el cobro fue reversado. Sr. Barrantes, ya"
                            + " llega. Respetado doctor Juan de la Cruz, gracias. Don José.", null))
                    .isEqualTo("Señora [NOMBRE]: el cobro fue reversado. Sr. [NOMBRE], ya llega. Respetado doctor"
                            + " [NOMBRE], gracias. Don [NOMBRE].");
            assertThat(pseudonymizer.redact("Donde está mi respuesta, señor? La señora no contestó.", null))
                    .isEqualTo("Donde está mi respuesta, señor? La señora no contestó.");
        }

        @Test
        void pathologicalInputIsHandledQuickly() {
            String text = "1.".repeat(5000) + "a@".repeat(5000) + "María ".repeat(2000) + "$1".repeat(5000);
            long start = System.nanoTime();
            pseudonymizer.redact(text, CITIZEN);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        }
    }
}
