package co.pqr.lakehouse.producer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** Spelling transformations that make generated text look typed by real people. */
final class Text {
  private Text() {}

  static final Locale ES = Locale.forLanguageTag("es-CO");

  /** Removes the acute accents and diaeresis but keeps ñ (the common way people skip accents). */
  static String stripAccents(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(switch (c) {
        case 'á' -> 'a';
        case 'é' -> 'e';
        case 'í' -> 'i';
        case 'ó' -> 'o';
        case 'ú', 'ü' -> 'u';
        case 'Á' -> 'A';
        case 'É' -> 'E';
        case 'Í' -> 'I';
        case 'Ó' -> 'O';
        case 'Ú', 'Ü' -> 'U';
        default -> c;
      });
    }
    return b.toString();
  }

  /** {@link #stripAccents} and ñ to n (for e-mail local parts and slugs). */
  static String stripAccentsAndEnye(String s) {
    return stripAccents(s).replace('ñ', 'n').replace('Ñ', 'N');
  }

  static String capitalize(String s) {
    if (s.isEmpty()) {
      return s;
    }
    int cp = s.codePointAt(0);
    return new StringBuilder().appendCodePoint(Character.toUpperCase(cp))
        .append(s.substring(Character.charCount(cp))).toString();
  }

  static String upper(String s) {
    return s.toUpperCase(ES);
  }

  static String lower(String s) {
    return s.toLowerCase(ES);
  }

  private static final Map<String, List<String>> MISSPELLINGS = Map.ofEntries(
      Map.entry("también", List.of("tambien", "tanbien")),
      Map.entry("porque", List.of("xq", "porq", "por que")),
      Map.entry("que", List.of("q", "qe")),
      Map.entry("hace", List.of("ase", "hase")),
      Map.entry("necesito", List.of("nesecito", "nececito")),
      Map.entry("servicio", List.of("serbicio", "servisio")),
      Map.entry("respuesta", List.of("repuesta", "respuesta")),
      Map.entry("vez", List.of("ves")),
      Map.entry("días", List.of("dias", "dìas")),
      Map.entry("ya", List.of("ya", "lla")),
      Map.entry("llamé", List.of("yame", "llame")),
      Map.entry("hice", List.of("hize", "ise")),
      Map.entry("haber", List.of("aver", "a ver")),
      Map.entry("solicito", List.of("solisito", "solicto")),
      Map.entry("factura", List.of("fatura", "factrua")),
      Map.entry("información", List.of("informacion", "imformacion")),
      Map.entry("favor", List.of("fabor", "favr")),
      Map.entry("gracias", List.of("grasias", "gracas")),
      Map.entry("está", List.of("esta", "sta")),
      Map.entry("están", List.of("estan", "stan")),
      Map.entry("entonces", List.of("entonses", "tons")),
      Map.entry("para", List.of("pa", "pára")),
      Map.entry("nadie", List.of("naide")),
      Map.entry("haya", List.of("halla", "aya")),
      Map.entry("cobro", List.of("covro")),
      Map.entry("ahora", List.of("aora")));

  /**
   * Introduces a few typos: known misspellings of common words and swapped adjacent letters.
   * Leaves tokens with digits, '@' or '.' inside alone so numbers and addresses stay readable.
   */
  static String typos(String s, SplittableRandom rng, double rate) {
    String[] words = s.split(" ", -1);
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < words.length; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(typo(words[i], rng, rate));
    }
    return b.toString();
  }

  private static String typo(String word, SplittableRandom rng, double rate) {
    int end = word.length();
    while (end > 0 && !Character.isLetter(word.charAt(end - 1))) {
      end--;
    }
    String core = word.substring(0, end);
    String tail = word.substring(end);
    if (core.isEmpty() || !core.chars().allMatch(Character::isLetter)) {
      return word;
    }
    List<String> variants = MISSPELLINGS.get(core.toLowerCase(ES));
    if (variants != null && rng.nextDouble() < rate * 4) {
      String v = Pick.one(rng, variants);
      return (Character.isUpperCase(core.charAt(0)) ? capitalize(v) : v) + tail;
    }
    if (core.length() >= 5 && rng.nextDouble() < rate) {
      int p = 1 + rng.nextInt(core.length() - 2);
      char[] cs = core.toCharArray();
      if (rng.nextBoolean()) {
        char t = cs[p];
        cs[p] = cs[p + 1];
        cs[p + 1] = t;
        return new String(cs) + tail;
      }
      return core.substring(0, p) + core.substring(p + 1) + tail;
    }
    return word;
  }
}
