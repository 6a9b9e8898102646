package co.pqr.lakehouse.ml;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import opennlp.tools.stemmer.snowball.SnowballStemmer;

/**
 * Turns a PQR's subject and description into the tokens the classifiers see: lower case, accents
 * folded (citizens often type without them), e-mails/URLs/numbers replaced by placeholders, Spanish
 * stop words dropped, Snowball Spanish stems. Subject tokens are added twice (a subject says what
 * the PQR is about), and the type the citizen declared becomes one more token when known.
 */
public final class TextFeatures {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern EMAIL = Pattern.compile("\\S+@\\S+");
  private static final Pattern URL = Pattern.compile("https?://\\S+|www\\.\\S+");
  private static final Pattern MONEY = Pattern.compile("\\$\\s?[0-9][0-9.,]*");
  private static final Pattern NUMBER = Pattern.compile("[0-9][0-9.,:/-]*");
  private static final Pattern SPLIT = Pattern.compile("[^a-z0-9ñ_]+");
  private static final Set<String> STOP = Set.of(
      "a", "al", "algo", "ante", "con", "de", "del", "el", "en", "es", "esta", "este", "esto", "ha", "hay", "la",
      "las", "le", "les", "lo", "los", "me", "mi", "mis", "muy", "nos", "o", "para", "pero", "por", "que", "se",
      "su", "sus", "tambien", "te", "un", "una", "uno", "unos", "unas", "y", "ya", "yo", "fue", "son", "ser", "como",
      "mas", "sin", "sobre", "entre", "cuando", "donde", "eso", "esa", "ese", "han", "he", "hace", "tengo");

  private TextFeatures() {}

  public static String[] tokens(String subject, String description, String declaredType) {
    SnowballStemmer stemmer = new SnowballStemmer(SnowballStemmer.ALGORITHM.SPANISH);
    List<String> out = new ArrayList<>();
    List<String> subjectTokens = words(subject, stemmer);
    out.addAll(subjectTokens);
    out.addAll(subjectTokens);
    out.addAll(words(description, stemmer));
    if (declaredType != null && !declaredType.isBlank()) {
      out.add("declared_" + declaredType.trim().toLowerCase(Locale.ROOT));
    }
    if (out.isEmpty()) {
      out.add("_empty_");
    }
    return out.toArray(new String[0]);
  }

  static List<String> words(String text, SnowballStemmer stemmer) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    String t = text.toLowerCase(Locale.ROOT).replace('ñ', '\u0001');
    t = MARKS.matcher(Normalizer.normalize(t, Normalizer.Form.NFD)).replaceAll("").replace('\u0001', 'ñ');
    if (t.indexOf('@') >= 0) {
      t = EMAIL.matcher(t).replaceAll(" _email_ ");
    }
    if (t.contains("http") || t.contains("www.")) {
      t = URL.matcher(t).replaceAll(" _url_ ");
    }
    if (t.indexOf('$') >= 0) {
      t = MONEY.matcher(t).replaceAll(" _money_ ");
    }
    t = NUMBER.matcher(t).replaceAll(" _num_ ");
    for (String w : SPLIT.split(t)) {
      if (w.isEmpty() || STOP.contains(w)) {
        continue;
      }
      out.add(w.startsWith("_") ? w : stemmer.stem(w).toString());
    }
    return out;
  }
}
