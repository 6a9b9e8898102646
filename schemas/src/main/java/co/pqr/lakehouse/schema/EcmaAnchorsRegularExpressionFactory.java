package co.pqr.lakehouse.schema;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * JDK regular expressions with ECMA-262 end anchors, for the JSON Schema {@code pattern} keyword.
 *
 * <p>In {@code java.util.regex} an unescaped {@code $} also matches just before a final line
 * terminator, so the JDK would accept {@code "acme\n"} for {@code ^[a-z0-9_-]{1,32}$}. JSON Schema
 * patterns follow ECMA-262, where {@code $} (without the multiline flag) matches only at the end of
 * the input. This factory rewrites every {@code $} anchor outside a character class into {@code \z}
 * and then searches like the default JDK factory ({@code find()}, i.e. unanchored unless the
 * pattern anchors itself, as JSON Schema requires).
 */
final class EcmaAnchorsRegularExpressionFactory implements RegularExpressionFactory {

  static final EcmaAnchorsRegularExpressionFactory INSTANCE =
      new EcmaAnchorsRegularExpressionFactory();

  private EcmaAnchorsRegularExpressionFactory() {}

  @Override
  public RegularExpression getRegularExpression(String regex) {
    Pattern pattern = Pattern.compile(toJavaRegex(regex));
    return value -> pattern.matcher(value).find();
  }

  /** Rewrites ECMA-262 {@code $} anchors (outside character classes) into Java's {@code \z}. */
  static String toJavaRegex(String ecma) {
    StringBuilder out = new StringBuilder(ecma.length() + 4);
    boolean inClass = false;
    for (int i = 0; i < ecma.length(); i++) {
      char c = ecma.charAt(i);
      if (c == '\\' && i + 1 < ecma.length()) {
        out.append(c).append(ecma.charAt(++i));
      } else if (inClass) {
        if (c == ']') {
          inClass = false;
        }
        out.append(c);
      } else if (c == '[') {
        inClass = true;
        out.append(c);
        // A ']' right after '[' or '[^' is a literal in Java, not the end of the class.
        if (i + 1 < ecma.length() && ecma.charAt(i + 1) == '^') {
          out.append(ecma.charAt(++i));
        }
        if (i + 1 < ecma.length() && ecma.charAt(i + 1) == ']') {
          out.append(ecma.charAt(++i));
        }
      } else if (c == '$') {
        out.append("\\z");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
