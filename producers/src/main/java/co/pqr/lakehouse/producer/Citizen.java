package co.pqr.lakehouse.producer;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A synthetic citizen (or company, for NIT) with Colombian-looking personal data. Every value is
 * drawn from the given random source: nothing here is a real person's data.
 *
 * @param documentType CC, CE, TI, NIT or PA
 * @param documentNumber digits as stored in the {@code citizen} object (NIT with its check digit)
 * @param name full name as stored (mostly proper case, sometimes ALL CAPS as typed in forms)
 * @param displayName the name as the person writes it in free text
 * @param email may be null (not given)
 * @param phone may be null (not given)
 * @param female grammatical gender for the Spanish text ("atenta"/"atento")
 * @param company whether this is a company (NIT)
 */
record Citizen(
    String documentType,
    String documentNumber,
    String name,
    String displayName,
    String email,
    String phone,
    boolean female,
    boolean company) {

  static final List<String> FEMALE_NAMES = List.of(
      "María", "Luz Marina", "Ana María", "Sandra", "Claudia", "Gloria", "Martha", "Diana",
      "Paola", "Carolina", "Natalia", "Daniela", "Valentina", "Laura", "Juliana", "Alejandra",
      "Paula", "Andrea", "Liliana", "Beatriz", "Marleny", "Yuliana", "Isabella", "Sara",
      "Mariana", "Luisa Fernanda", "Ángela", "Adriana", "Catalina", "Esperanza", "Rosa",
      "Blanca", "Yesenia", "Leidy", "Maribel", "Sofía", "Gabriela", "Manuela", "Lina", "Érika",
      "Margarita", "Luz Dary", "Olga", "Ximena", "Tatiana", "Viviana");

  static final List<String> MALE_NAMES = List.of(
      "Juan", "Carlos", "José", "Luis", "Andrés", "Jorge", "Jhon", "Diego", "Alejandro",
      "Santiago", "Sebastián", "Camilo", "Felipe", "Julián", "Mauricio", "Hernán", "Jaime",
      "Óscar", "Fabio", "Édgar", "Wilson", "Héctor", "Alberto", "Juan Pablo", "Juan David",
      "Juan Camilo", "Carlos Andrés", "Luis Fernando", "John Jairo", "Jhonatan", "Mateo",
      "Samuel", "Esteban", "Daniel", "David", "Miguel Ángel", "Álvaro", "Rubén", "Gustavo",
      "Fernando", "Jesús", "Nelson", "Wílmar", "Yeison", "Brayan");

  static final List<String> SURNAMES = List.of(
      "Rodríguez", "Gómez", "González", "Martínez", "García", "López", "Hernández", "Sánchez",
      "Ramírez", "Pérez", "Díaz", "Muñoz", "Rojas", "Moreno", "Jiménez", "Vargas", "Castro",
      "Gutiérrez", "Restrepo", "Álvarez", "Ospina", "Giraldo", "Zapata", "Cardona", "Montoya",
      "Valencia", "Arango", "Henao", "Quintero", "Correa", "Marín", "Mejía", "Osorio", "Agudelo",
      "Betancur", "Vélez", "Londoño", "Echeverri", "Ríos", "Torres", "Suárez", "Ruiz",
      "Mosquera", "Palacios", "Córdoba", "Castaño", "Salazar", "Posada", "Uribe", "Builes",
      "Tabares", "Hoyos", "Durango", "Ramos", "Franco", "Cano", "Bedoya", "Patiño", "Ocampo",
      "Serna");

  private static final List<String> COMPANY_PATTERNS = List.of(
      "Inversiones %s S.A.S.", "Comercializadora %s Ltda.", "Transportes %s y Cía. S.A.S.",
      "Constructora %s S.A.S.", "Distribuciones %s S.A.S.", "Ferretería El Progreso S.A.S.",
      "Panadería La Espiga S.A.S.", "Droguería San Rafael S.A.S.",
      "Restaurante El Fogón Paisa S.A.S.", "Confecciones %s S.A.S.");

  private static final List<String> EMAIL_DOMAINS = List.of(
      "gmail.com", "gmail.com", "gmail.com", "gmail.com", "gmail.com", "hotmail.com",
      "hotmail.com", "hotmail.com", "outlook.com", "outlook.es", "yahoo.com", "yahoo.es",
      "une.net.co", "hotmail.es", "live.com", "icloud.com");

  private static final List<String> CC_LONG_PREFIXES = List.of(
      "1017", "1020", "1026", "1035", "1036", "1037", "1038", "1039", "1040", "1045", "1128",
      "1152", "1000", "1001", "1007", "1193", "1214");
  private static final List<String> CC_FEMALE_PREFIXES = List.of("43", "42", "32", "21", "39");
  private static final List<String> CC_MALE_PREFIXES = List.of("70", "71", "98", "15", "8");
  private static final List<String> MOBILE_PREFIXES = List.of(
      "300", "301", "302", "304", "305", "310", "311", "312", "313", "314", "315", "316", "317",
      "318", "319", "320", "321", "322", "323", "324", "350", "351");

  private static final Locale ES = Locale.forLanguageTag("es-CO");

  /** Draws a citizen: 85% CC, 5% CE, 3% TI, 4% NIT (a company), 3% PA. */
  static Citizen random(SplittableRandom rng) {
    int d = rng.nextInt(100);
    String type = d < 85 ? "CC" : d < 90 ? "CE" : d < 93 ? "TI" : d < 97 ? "NIT" : "PA";
    if (type.equals("NIT")) {
      return company(rng);
    }
    boolean female = rng.nextBoolean();
    String first = Pick.one(rng, female ? FEMALE_NAMES : MALE_NAMES);
    if (!first.contains(" ") && rng.nextInt(100) < 25) {
      String second = Pick.one(rng, female ? FEMALE_NAMES : MALE_NAMES);
      if (!second.contains(" ") && !second.equals(first)) {
        first = first + " " + second;
      }
    }
    String surname1 = Pick.one(rng, SURNAMES);
    String surname2 = rng.nextInt(100) < 85 ? Pick.one(rng, SURNAMES) : null;
    String display = surname2 == null ? first + " " + surname1 : first + " " + surname1 + " " + surname2;
    // In free text people often leave out the second surname.
    String written = rng.nextInt(100) < 40 ? first + " " + surname1 : display;
    String stored = rng.nextInt(100) < 10 ? display.toUpperCase(ES) : display;
    String number = documentNumber(rng, type, female);
    String email = rng.nextInt(100) < 85 ? personalEmail(rng, first, surname1, surname2) : null;
    String phone = rng.nextInt(100) < 90 ? phoneField(rng) : null;
    return new Citizen(type, number, stored, written, email, phone, female, false);
  }

  private static Citizen company(SplittableRandom rng) {
    String pattern = Pick.one(rng, COMPANY_PATTERNS);
    String name = String.format(ES, pattern, Pick.one(rng, SURNAMES));
    String slug = Text.stripAccents(name.toLowerCase(ES))
        .replaceAll("\\b(s\\.a\\.s\\.|ltda\\.|y cia\\.)", "")
        .replaceAll("[^a-z0-9]", "");
    String email = Pick.one(rng, List.of("contabilidad", "gerencia", "info", "administracion"))
        + "@" + slug + ".com.co";
    String phone = rng.nextInt(100) < 60 ? landline(rng) : mobile(rng);
    return new Citizen("NIT", nit(rng), name, name, email, phone, false, true);
  }

  static String documentNumber(SplittableRandom rng, String type, boolean female) {
    switch (type) {
      case "CC":
        if (rng.nextInt(100) < 55) {
          return Pick.one(rng, CC_LONG_PREFIXES) + digits(rng, 6);
        }
        String prefix = Pick.one(rng, female ? CC_FEMALE_PREFIXES : CC_MALE_PREFIXES);
        return prefix + digits(rng, 8 - prefix.length());
      case "CE":
        return (rng.nextBoolean() ? "" : "1") + (1 + rng.nextInt(9)) + digits(rng, 5);
      case "TI":
        return Pick.one(rng, List.of("1013", "1019", "1023", "1025", "1033")) + digits(rng, 6);
      case "PA":
        return (char) ('A' + rng.nextInt(26)) + "" + (char) ('A' + rng.nextInt(26)) + digits(rng, 7);
      default:
        throw new IllegalArgumentException(type);
    }
  }

  /** A NIT with its DIAN check digit, e.g. "900123456-7". */
  static String nit(SplittableRandom rng) {
    String base = Pick.one(rng, List.of("900", "901", "800", "811", "890")) + digits(rng, 6);
    return base + "-" + nitCheckDigit(base);
  }

  static int nitCheckDigit(String base) {
    int[] weights = {3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71};
    int sum = 0;
    for (int i = 0; i < base.length(); i++) {
      sum += (base.charAt(base.length() - 1 - i) - '0') * weights[i];
    }
    int r = sum % 11;
    return r > 1 ? 11 - r : r;
  }

  private static String personalEmail(
      SplittableRandom rng, String first, String surname1, String surname2) {
    String f = Text.stripAccentsAndEnye(first.toLowerCase(ES)).replace(" ", "");
    String s1 = Text.stripAccentsAndEnye(surname1.toLowerCase(ES));
    String s2 = surname2 == null ? "" : Text.stripAccentsAndEnye(surname2.toLowerCase(ES));
    String local;
    switch (rng.nextInt(6)) {
      case 0 -> local = f + "." + s1;
      case 1 -> local = f + "_" + s1 + (10 + rng.nextInt(90));
      case 2 -> local = f.charAt(0) + s1 + (s2.isEmpty() ? "" : s2.substring(0, 1));
      case 3 -> local = f + s1 + (1960 + rng.nextInt(46));
      case 4 -> local = f + "." + s1 + (s2.isEmpty() ? "" : "." + s2);
      default -> local = s1 + "." + f + (1 + rng.nextInt(99));
    }
    return local + "@" + Pick.one(rng, EMAIL_DOMAINS);
  }

  /** The phone as stored in the citizen object. */
  private static String phoneField(SplittableRandom rng) {
    int p = rng.nextInt(100);
    if (p < 10) {
      return landline(rng);
    }
    String mobile = mobile(rng);
    return p < 80 ? mobile : p < 90 ? "+57" + mobile : "+57 " + mobile;
  }

  static String mobile(SplittableRandom rng) {
    return Pick.one(rng, MOBILE_PREFIXES) + (1 + rng.nextInt(9)) + digits(rng, 6);
  }

  static String landline(SplittableRandom rng) {
    return Pick.one(rng, List.of("604", "604", "604", "601", "602", "605")) + (2 + rng.nextInt(7))
        + digits(rng, 6);
  }

  static String digits(SplittableRandom rng, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + rng.nextInt(10)));
    }
    return b.toString();
  }

  /** A phone number the way people type it in free text (own phone or, if none, a new one). */
  String phoneAsTyped(SplittableRandom rng) {
    String digits = phone == null ? mobile(rng) : phone.replaceAll("[^0-9]", "");
    if (digits.startsWith("57") && digits.length() == 12) {
      digits = digits.substring(2);
    }
    String a = digits.substring(0, 3);
    String b = digits.substring(3, 6);
    String c = digits.substring(6);
    boolean mobile = digits.startsWith("3");
    int f = rng.nextInt(mobile ? 8 : 5);
    if (mobile) {
      return switch (f) {
        case 0 -> a + " " + b + " " + c;
        case 1 -> "+57 " + a + " " + b + c;
        case 2 -> digits;
        case 3 -> a + "-" + b + "-" + c;
        case 4 -> "(" + a + ") " + b + " " + c;
        case 5 -> "+57" + digits;
        case 6 -> a + " " + b + c;
        default -> a + "." + b + "." + c;
      };
    }
    String local = digits.substring(3);
    return switch (f) {
      case 0 -> a + " " + local;
      case 1 -> "(" + a + ") " + local.substring(0, 3) + " " + local.substring(3);
      case 2 -> local.substring(0, 3) + " " + local.substring(3, 5) + " " + local.substring(5);
      case 3 -> a + "-" + local.substring(0, 3) + "-" + local.substring(3);
      default -> "+57 " + a + " " + local;
    };
  }

  /** The identity document the way people type it in free text, e.g. "C.C. 1.036.123.456". */
  String documentAsTyped(SplittableRandom rng) {
    String n = documentNumber;
    return switch (documentType) {
      case "CC" -> switch (rng.nextInt(8)) {
        case 0 -> "C.C. " + dotted(n);
        case 1 -> "CC " + n;
        case 2 -> "cédula " + dotted(n);
        case 3 -> "c.c. " + n;
        case 4 -> "cédula de ciudadanía No. " + dotted(n);
        case 5 -> "CC. " + n;
        case 6 -> "cc:" + n;
        default -> "cedula " + n;
      };
      case "CE" -> rng.nextBoolean() ? "C.E. " + n : "cédula de extranjería " + n;
      case "TI" -> rng.nextBoolean() ? "T.I. " + n : "tarjeta de identidad " + n;
      case "NIT" -> {
        String base = n.substring(0, n.indexOf('-'));
        yield rng.nextBoolean() ? "NIT " + dotted(base) + n.substring(n.indexOf('-')) : "NIT: " + n;
      }
      default -> rng.nextBoolean() ? "pasaporte " + n : "PA " + n;
    };
  }

  /** Thousands separators with dots: 1036123456 -> 1.036.123.456. */
  static String dotted(String digits) {
    StringBuilder b = new StringBuilder();
    int lead = digits.length() % 3;
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (i - lead) % 3 == 0) {
        b.append('.');
      }
      b.append(digits.charAt(i));
    }
    return b.toString();
  }
}
