package co.pqr.lakehouse.silver.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonymisation of citizen personal data for the Silver layer (Ley 1581 de 2012, habeas data).
 *
 * <ul>
 *   <li>{@link #documentToken(String, String)} turns an identity document into a keyed, irreversible token
 *       (HMAC-SHA256): the same person always gets the same token under the same key, and nobody without the
 *       key can recompute or reverse it.
 *   <li>{@link #redact(String, String)} removes e-mail addresses, phone numbers, identity document numbers and
 *       the citizen's own name from free text (subject, description, response), leaving everything else
 *       exactly as typed.
 * </ul>
 *
 * <p>Instances are immutable, thread-safe and {@link Serializable} so they can travel inside Flink operators;
 * the {@link Mac} is created lazily, one per thread, and is never serialised. The key is never exposed.
 */
public final class Pseudonymizer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Minimum key length in bytes (128 bits). */
    public static final int MIN_KEY_BYTES = 16;

    public static final String EMAIL = "[EMAIL]";
    public static final String PHONE = "[TELEFONO]";
    public static final String DOCUMENT = "[DOCUMENTO]";
    public static final String NAME = "[NOMBRE]";

    private static final String HMAC_ALGORITHM = "HmacSHA256";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    // ---------------------------------------------------------------- document tokens

    /** Characters ignored in document numbers and types: spaces, dots, dashes, commas. */
    private static final Pattern DOCUMENT_NOISE = Pattern.compile("[\\s\\u00A0.,\\-]+");

    // ---------------------------------------------------------------- shared regex fragments

    /** Not inside a word or a number. */
    private static final String NOT_AFTER_WORD = "(?<![\\p{L}\\d])";
    /** Not continuing a number such as 1.036 / 2026-03 / 10:30. */
    private static final String NOT_AFTER_NUMBER_PART = "(?<!\\d[.,:/\\-])";
    /** Not the numeric tail of a code such as ER-0012345. */
    private static final String NOT_AFTER_CODE_PART = "(?<!\\p{L}[\\-_/])";
    private static final String NOT_BEFORE_WORD = "(?![\\p{L}\\d])";
    private static final String NOT_BEFORE_NUMBER_PART = "(?![.,:/\\-]\\d)";
    private static final String END_OF_WORD = "(?!\\p{L})";

    private static final String SEP = "[ \\u00A0.\\-]?";
    /** Colombian country code: +57, 0057, (+57), (57). */
    private static final String COUNTRY_PREFIX = "(?:(?:\\+|00)\\s?57|\\(\\s?(?:\\+|00)?\\s?57\\s?\\))[ \\u00A0.\\-]?";
    /** Mobile: ten digits starting with 3 (300 123 4567, 300-123-4567, (300) 1234567, 300 123 45 67). */
    private static final String MOBILE = "(?:\\(3\\d{2}\\)|3\\d{2})" + SEP + "\\d{3}" + SEP + "(?:\\d{4}|\\d{2}" + SEP + "\\d{2})";
    /** Landline, national numbering since 2021: 60X + seven digits (604 4445566, 601 234 5678). */
    private static final String LANDLINE = "(?:\\(60[1-8]\\)|60[1-8])" + SEP + "\\d{3}" + SEP + "(?:\\d{4}|\\d{2}" + SEP + "\\d{2})";
    /** Old seven-digit landline, optionally with a one-digit area code in brackets; only after a phone word. */
    private static final String LOCAL_LANDLINE = "(?:\\(0?[1-8]\\)[ \\u00A0]?)?[1-9]\\d{2}" + SEP + "(?:\\d{4}|\\d{2}" + SEP + "\\d{2})";
    private static final String PHONE_AFTER_KEYWORD =
            "(?:" + COUNTRY_PREFIX + ")?(?:" + MOBILE + "|" + LANDLINE + "|" + LOCAL_LANDLINE + ")"
                    + NOT_BEFORE_WORD + NOT_BEFORE_NUMBER_PART;

    // ---------------------------------------------------------------- e-mail

    private static final Pattern EMAIL_PATTERN = Pattern.compile(
            "(?<![\\p{L}\\d._%+\\-])[\\p{L}\\d._%+\\-]+"
                    + "(?:@|\\s?[(\\[]\\s?(?:arroba|at)\\s?[)\\]]\\s?)"
                    + "(?:[\\p{L}\\d\\-]++\\.)+\\p{L}{2,}",
            FLAGS);

    // ---------------------------------------------------------------- numbers that are not personal data

    private static final Pattern DATE = Pattern.compile(
            NOT_AFTER_WORD + NOT_AFTER_NUMBER_PART
                    + "(?:\\d{4}[\\-/.]\\d{1,2}[\\-/.]\\d{1,2}"
                    + "(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+\\-]\\d{2}:?\\d{2})?)?"
                    + "|\\d{1,2}[\\-/.]\\d{1,2}[\\-/.](?:\\d{4}|\\d{2}))"
                    + NOT_BEFORE_WORD + NOT_BEFORE_NUMBER_PART);

    private static final String AMOUNT = "\\d(?:[\\d.,']*\\d)?";
    private static final Pattern MONEY = Pattern.compile(
            "(?:(?:US|COP|CO)?\\$|" + NOT_AFTER_WORD + "(?:COP|USD|EUR)|€)\\s?" + AMOUNT
                    + "|" + NOT_AFTER_WORD + NOT_AFTER_NUMBER_PART + AMOUNT + "\\s?(?:de\\s+)?"
                    + "(?:pesos?|cop|usd|d[oó]lares|euros?|millones|mill[oó]n|mil|m/?cte)" + END_OF_WORD,
            FLAGS);

    /** Filing numbers (radicados) and similar case codes: 2026-ER-0012345, 2026ER0012345, PQR-2026-000123. */
    private static final Pattern RADICADO_CODE = Pattern.compile(
            NOT_AFTER_WORD
                    + "(?:\\d{4}-?\\p{L}{1,5}-?\\d{3,15}|\\p{L}{1,8}-\\d{4}-\\d{2,15})"
                    + NOT_BEFORE_WORD,
            FLAGS);

    /**
     * A number right after "radicado", "expediente", "caso"… is a case reference, and one after "resolución",
     * "decreto", "ley"… a public legal reference: neither is an identity document.
     */
    private static final Pattern RADICADO_AFTER_KEYWORD = Pattern.compile(
            NOT_AFTER_WORD
                    + "(?:radicad[oa]s?|radicaci[oó]n|rad\\.?|expediente|consecutivo|ticket|caso|pqrs?d?"
                    + "|resoluci[oó]n|decreto|ley|acuerdo|circular|oficio|sentencia)" + END_OF_WORD
                    + "(?:\\s*(?:[:#=.°º\\-]|(?:n[uú]mero|nro\\.?|no\\.?|n[º°]\\.?|de|del|es|con|radicado)" + END_OF_WORD + "))*\\s*"
                    + "(?<num>(?:\\p{L}{1,8}-?)?\\d[\\d\\p{L}\\-]*)",
            FLAGS);

    private static final Pattern POSTAL_CODE = Pattern.compile(
            "c[oó]digo\\s+postal\\s*:?\\s*\\d{6}" + NOT_BEFORE_WORD, FLAGS);

    private static final List<Pattern> NOT_PERSONAL = List.of(DATE, MONEY, RADICADO_CODE, POSTAL_CODE);

    // ---------------------------------------------------------------- phones

    private static final Pattern PHONE_KEYWORD = Pattern.compile(
            NOT_AFTER_WORD
                    + "(?:tel[eé]fonos?|tel[eé]f\\.?|tels?\\.?|tfno\\.?|fijo|celular(?:es)?|cel\\.?|m[oó]vil(?:es)?"
                    + "|whats?app|wpp|wsp|pbx|contacto|ll[aá]m(?:ar|eme|enme|ame)(?:me)?)" + END_OF_WORD
                    + "(?:\\s*(?:[:#=/.\\-]|(?:n[uú]mero|nro\\.?|no\\.?|n[º°]\\.?|es|son|al|de|mi|fijo|celular|m[oó]vil"
                    + "|whats?app|contacto|y)" + END_OF_WORD + "))*\\s*"
                    + "(?<num>" + PHONE_AFTER_KEYWORD + ")",
            FLAGS);

    /** A further number in a list after a phone word: "tel 2345678 - 3001234567", "2345678 o 2345679". */
    private static final Pattern NEXT_PHONE_IN_LIST = Pattern.compile(
            "\\s*(?:(?:[,;/\\-]|(?:y|o|ó)" + END_OF_WORD + ")\\s*)?(?<num>" + PHONE_AFTER_KEYWORD + ")", FLAGS);

    private static final Pattern PHONE_PATTERN = Pattern.compile(
            NOT_AFTER_WORD + NOT_AFTER_NUMBER_PART
                    + "(?:" + COUNTRY_PREFIX + ")?(?:" + MOBILE + "|" + LANDLINE + ")"
                    + NOT_BEFORE_WORD + NOT_BEFORE_NUMBER_PART);

    // ---------------------------------------------------------------- identity documents

    private static final Pattern DOCUMENT_KEYWORD = Pattern.compile(
            NOT_AFTER_WORD
                    + "(?:c[eé]dula(?:\\s+de\\s+(?:ciudadan[ií]a|extranjer[ií]a))?|c[eé]d\\.|c\\.\\s?c\\.?|cc|c\\.\\s?e\\.?|ce"
                    + "|n\\.\\s?i\\.\\s?t\\.?|nit|t\\.\\s?i\\.?|ti|tarjeta\\s+de\\s+identidad|pasaporte|ppt|pep|nuip"
                    + "|registro\\s+civil|documento(?:\\s+de\\s+identidad)?|doc\\.|identificaci[oó]n|identificad[oa]\\s+con)"
                    + END_OF_WORD
                    + "(?:\\s*(?:[:#=.°º\\-]|(?:n[uú]mero|nro\\.?|no\\.?|n[º°]\\.?|es|de|con|la|el|mi|su)" + END_OF_WORD + "))*\\s*"
                    + "(?<num>(?:\\d{1,3}(?:[. \\u00A0]\\d{3}){1,3}|\\d{5,12}|\\p{L}{1,2}\\d{5,9})(?:\\s?-\\s?\\d)?)"
                    + NOT_BEFORE_WORD + "(?![.,]\\d)",
            FLAGS);

    /**
     * Bare identity numbers: 6-12 digits, plain or with thousands dots (1.036.123.456, 32.123.456, 123.456).
     * Colombian identity numbers never start with 0, so zero-padded references (001234) are left alone.
     */
    private static final Pattern DOCUMENT_PATTERN = Pattern.compile(
            NOT_AFTER_WORD + NOT_AFTER_NUMBER_PART + NOT_AFTER_CODE_PART
                    + "(?:[1-9]\\d{0,2}(?:\\.\\d{3}){2,3}|[1-9]\\d{2}\\.\\d{3}|[1-9]\\d{5,11})"
                    + NOT_BEFORE_WORD + NOT_BEFORE_NUMBER_PART);

    private static final Pattern DIGIT = Pattern.compile("\\d");

    // ---------------------------------------------------------------- names

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");
    private static final Pattern NAME_SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}\\p{M}]+");
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    /** What may separate two words of one name in the text: spaces, a hyphen (Gómez-Pérez) or a comma (Gómez, María). */
    private static final Pattern NAME_GAP = Pattern.compile("[\\s\\u00A0]*[\\-,]?[\\s\\u00A0]*");
    private static final Set<String> NAME_PARTICLES = Set.of(
            "de", "del", "la", "las", "los", "el", "y", "e", "da", "das", "do", "dos", "di", "van", "von", "der", "den");
    private static final int MIN_SINGLE_SURNAME_LENGTH = 4;
    /**
     * A name after a courtesy title ("Señora Quiñónez Villafañe", "Sr. Barrantes", "doctor Cuéllar"): one to
     * four capitalised words (with "de", "del", "de la" between them). Answers, assignments and closings carry
     * no citizen object, so the citizen's name cannot be matched there: the title is what gives it away.
     */
    private static final Pattern TITLED_NAME = Pattern.compile(
            "(?<![\\p{L}\\d])(?iu:se[ñn]or(?:it)?a?|sr(?:ta|a)?\\.?|don|do[ñn]a|doctor(?:a)?|dra?\\.|ingenier[oa]|ing\\."
                    + "|licenciad[oa]|lic\\.)[\\s\\u00A0]+"
                    + "(?<num>\\p{Lu}[\\p{L}\\p{M}'’]+(?:[\\s\\u00A0]+(?:(?:de|del)[\\s\\u00A0]+(?:(?:la|los)[\\s\\u00A0]+)?)?"
                    + "\\p{Lu}[\\p{L}\\p{M}'’]+){0,3})");

    private final byte[] key;
    private transient volatile ThreadLocal<Mac> macs;

    public Pseudonymizer(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("pseudonymisation key must be at least " + MIN_KEY_BYTES
                    + " bytes, got " + (key == null ? "none" : key.length + " bytes"));
        }
        this.key = key.clone();
    }

    /**
     * Keyed token for an identity document: lowercase hex HMAC-SHA256 (64 chars) of
     * {@code TYPE:NUMBER}, where both parts are upper-cased and stripped of spaces, dots, dashes and commas
     * ("1.036.123.456" and "1036123456" give the same token; a null type counts as empty).
     *
     * @return the token, or null when the number is null or blank
     */
    public String documentToken(String documentType, String documentNumber) {
        if (documentNumber == null) {
            return null;
        }
        String number = normaliseDocumentPart(documentNumber);
        if (number.isEmpty()) {
            return null;
        }
        String type = documentType == null ? "" : normaliseDocumentPart(documentType);
        byte[] digest = mac().doFinal((type + ":" + number).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    private static String normaliseDocumentPart(String value) {
        return DOCUMENT_NOISE.matcher(value).replaceAll("").toUpperCase(Locale.ROOT);
    }

    private Mac mac() {
        ThreadLocal<Mac> local = macs;
        if (local == null) {
            synchronized (this) {
                local = macs;
                if (local == null) {
                    local = ThreadLocal.withInitial(this::newMac);
                    macs = local;
                }
            }
        }
        return local.get();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC_ALGORITHM);
            mac.init(new SecretKeySpec(key, HMAC_ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC_ALGORITHM + " is not available in this JVM", e);
        }
    }

    /**
     * Redacts personal data typed into free text: e-mail addresses become {@value #EMAIL}, phone numbers
     * {@value #PHONE}, identity document numbers {@value #DOCUMENT} and the citizen's own name {@value #NAME}.
     * Everything else is kept exactly as typed; dates, money amounts, filing numbers (radicados) and short
     * numbers such as addresses are left alone.
     *
     * <p>The name is matched case- and accent-insensitively on whole words: any run of two or more of its words
     * (the full name, "María Gómez", "Gómez Pérez"…), and on its own any surname of at least four letters
     * (the last one or two words of the name; "APELLIDOS, NOMBRES" order is understood).
     *
     * @param text the free text, may be null
     * @param citizenName the citizen's name as filed, may be null
     * @return the redacted text, or null when {@code text} is null
     */
    public String redact(String text, String citizenName) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Spans spans = new Spans(text.length());
        // Cheap guards first: most texts have no e-mail and many no digit at all, and the patterns
        // below scan every position of the text.
        if (mayContainEmail(text)) {
            addAll(spans, EMAIL_PATTERN.matcher(text), EMAIL);
        }
        if (!hasDigit(text)) {
            addName(spans, text, citizenName);
            addGroup(spans, TITLED_NAME.matcher(text), NAME);
            return spans.apply(text);
        }
        for (Pattern pattern : NOT_PERSONAL) {
            addAll(spans, pattern.matcher(text), null);
        }
        addGroup(spans, RADICADO_AFTER_KEYWORD.matcher(text), null);
        addKeywordPhones(spans, text);
        Matcher keywordDocument = DOCUMENT_KEYWORD.matcher(text);
        while (keywordDocument.find()) {
            String number = keywordDocument.group("num");
            if (countDigits(number) >= 5) {
                spans.add(keywordDocument.start("num"), keywordDocument.end("num"), DOCUMENT);
            }
        }
        addAll(spans, PHONE_PATTERN.matcher(text), PHONE);
        addAll(spans, DOCUMENT_PATTERN.matcher(text), DOCUMENT);
        addName(spans, text, citizenName);
        addGroup(spans, TITLED_NAME.matcher(text), NAME);
        return spans.apply(text);
    }

    private static boolean mayContainEmail(String text) {
        if (text.indexOf('@') >= 0) {
            return true;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("arroba") || lower.contains("at)") || lower.contains("at]");
    }

    private static boolean hasDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static void addAll(Spans spans, Matcher matcher, String replacement) {
        while (matcher.find()) {
            spans.add(matcher.start(), matcher.end(), replacement);
        }
    }

    private static void addGroup(Spans spans, Matcher matcher, String replacement) {
        while (matcher.find()) {
            spans.add(matcher.start("num"), matcher.end("num"), replacement);
        }
    }

    private static void addKeywordPhones(Spans spans, String text) {
        Matcher keyword = PHONE_KEYWORD.matcher(text);
        Matcher next = NEXT_PHONE_IN_LIST.matcher(text);
        while (keyword.find()) {
            spans.add(keyword.start("num"), keyword.end("num"), PHONE);
            int end = keyword.end();
            while (end < text.length()) {
                next.region(end, text.length());
                if (!next.lookingAt()) {
                    break;
                }
                spans.add(next.start("num"), next.end("num"), PHONE);
                end = next.end();
            }
        }
    }

    private static int countDigits(String value) {
        Matcher m = DIGIT.matcher(value);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    // ---------------------------------------------------------------- names

    private static void addName(Spans spans, String text, String citizenName) {
        if (citizenName == null || citizenName.isBlank()) {
            return;
        }
        List<String> tokens = nameTokens(citizenName);
        if (tokens.isEmpty()) {
            return;
        }
        Set<String> all = new HashSet<>(tokens);
        List<String> significant = tokens.stream().filter(t -> !isParticle(t)).toList();
        int surnameCount = significant.size() >= 3 ? 2 : 1;
        Set<String> surnames = new HashSet<>(
                significant.subList(Math.max(0, significant.size() - surnameCount), significant.size()));

        List<int[]> words = new ArrayList<>();
        List<String> folded = new ArrayList<>();
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            words.add(new int[] {word.start(), word.end()});
            folded.add(fold(word.group()));
        }
        Matcher gap = NAME_GAP.matcher(text);
        int i = 0;
        while (i < words.size()) {
            if (!isNameWord(spans, words.get(i), folded.get(i), all)) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < words.size()
                    && isNameWord(spans, words.get(j + 1), folded.get(j + 1), all)
                    && gap.region(words.get(j)[1], words.get(j + 1)[0]).matches()) {
                j++;
            }
            int first = i;
            int last = j;
            while (first <= last && isParticle(folded.get(first))) {
                first++;
            }
            while (last >= first && isParticle(folded.get(last))) {
                last--;
            }
            int significantWords = 0;
            boolean surname = false;
            for (int k = first; k <= last; k++) {
                String f = folded.get(k);
                if (!isParticle(f)) {
                    significantWords++;
                }
                if (surnames.contains(f) && f.codePointCount(0, f.length()) >= MIN_SINGLE_SURNAME_LENGTH) {
                    surname = true;
                }
            }
            if (first <= last && (significantWords >= 2 || surname)) {
                spans.add(words.get(first)[0], words.get(last)[1], NAME);
            }
            i = j + 1;
        }
    }

    private static boolean isNameWord(Spans spans, int[] word, String folded, Set<String> nameTokens) {
        return nameTokens.contains(folded) && spans.isFree(word[0], word[1]);
    }

    /** Words of the name, folded; "GÓMEZ PÉREZ, MARÍA" is read as "MARÍA GÓMEZ PÉREZ". */
    private static List<String> nameTokens(String citizenName) {
        String name = citizenName.strip();
        int comma = name.indexOf(',');
        if (comma > 0 && comma < name.length() - 1) {
            name = name.substring(comma + 1) + " " + name.substring(0, comma);
        }
        List<String> tokens = new ArrayList<>();
        for (String part : NAME_SEPARATOR.split(name)) {
            if (!part.isEmpty()) {
                tokens.add(fold(part));
            }
        }
        return tokens;
    }

    private static boolean isParticle(String folded) {
        return folded.codePointCount(0, folded.length()) < 2 || NAME_PARTICLES.contains(folded);
    }

    /** Lower case without accents: "María" -> "maria", "MUÑOZ" -> "munoz". */
    static String fold(String value) {
        String decomposed = Normalizer.normalize(value, Normalizer.Form.NFD);
        return COMBINING_MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "Pseudonymizer[" + HMAC_ALGORITHM + "]";
    }

    // ---------------------------------------------------------------- span bookkeeping

    /** Non-overlapping claimed ranges of the text; first claim wins. A null replacement keeps the text. */
    private static final class Spans {
        private final boolean[] claimed;
        private final List<Span> list = new ArrayList<>();

        Spans(int length) {
            this.claimed = new boolean[length];
        }

        boolean isFree(int start, int end) {
            for (int k = start; k < end; k++) {
                if (claimed[k]) {
                    return false;
                }
            }
            return true;
        }

        void add(int start, int end, String replacement) {
            if (start >= end || !isFree(start, end)) {
                return;
            }
            Arrays.fill(claimed, start, end, true);
            list.add(new Span(start, end, replacement));
        }

        String apply(String text) {
            List<Span> replaced = list.stream()
                    .filter(s -> s.replacement() != null)
                    .sorted(Comparator.comparingInt(Span::start))
                    .toList();
            if (replaced.isEmpty()) {
                return text;
            }
            StringBuilder out = new StringBuilder(text.length());
            int at = 0;
            for (Span span : replaced) {
                out.append(text, at, span.start()).append(span.replacement());
                at = span.end();
            }
            return out.append(text, at, text.length()).toString();
        }
    }

    private record Span(int start, int end, String replacement) {}
}
