package co.pqr.lakehouse.producer;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Composes the Spanish free text of generated PQRs: subject and description of a filing, and the
 * text of a response.
 *
 * <p>A description is built from independent fragments (opening, facts, request, closing, and
 * optionally a signature) chosen per {@link PqrType} and {@link Topic}, in one of five registers
 * (formal letter, plain, informal, a short burst, or an agent's transcription of a phone call or a
 * visit). On top of that some texts lose their accents, get typos, are written in ALL CAPS, and
 * some carry the citizen's own name, e-mail, phone or ID number typed in (the pipeline must redact
 * those).
 *
 * <p>Slots a fragment may hold: {mes} {fecha} {monto} {monto2} {contrato} {personas} {meses}
 * {dias} {semanas} {horas} {veces} {edad} {estrato} {hora} {hora_madrugada} {barrio} {comuna}
 * {direccion} {vereda} {sede} {funcionario} {radicado_prev} {certificado} {medicamento}
 * {especialidad} {diagnostico} {entidad} {atento}. One value is drawn per slot name and filing,
 * so subject and description agree.
 */
final class TextComposer {

  /** Subject and description of a RADICADA. */
  record Filing(String subject, String description) {}

  /** Which answer of a case a response is. */
  enum ResponseKind {
    FIRST,
    COMPLEMENT,
    AFTER_REOPEN
  }

  /** What the filing is about and who files it. */
  record FilingContext(
      Topic topic,
      PqrType type,
      Channel channel,
      Citizen citizen,
      boolean anonymous,
      String tenant,
      String entityName,
      String city,
      LocalDate filingDate) {}

  private enum Register {
    FORMAL,
    PLAIN,
    INFORMAL,
    SHORT,
    AGENT
  }

  private final SplittableRandom rng;
  private final FilingContext ctx;
  private final Map<String, String> slots = new HashMap<>();

  private TextComposer(SplittableRandom rng, FilingContext ctx) {
    this.rng = rng;
    this.ctx = ctx;
  }

  static Filing filing(SplittableRandom rng, FilingContext ctx) {
    return new TextComposer(rng, ctx).compose();
  }

  // ---------------------------------------------------------------- type-level fragments

  private static final Map<PqrType, List<String>> FORMAL_OPENINGS = new EnumMap<>(Map.of(
      PqrType.PETICION, List.of(
          "Respetados señores: en ejercicio del derecho fundamental de petición consagrado en el artículo 23 de la Constitución Política y regulado por la Ley 1755 de 2015, me permito presentar la siguiente solicitud.",
          "Por medio de la presente elevo derecho de petición ante {entidad}.",
          "Cordial saludo. Mediante el presente escrito presento petición respetuosa en los siguientes términos.",
          "Señores {entidad}, reciban un cordial saludo. Acudo a ustedes para solicitar lo siguiente."),
      PqrType.QUEJA, List.of(
          "Por medio de la presente quiero interponer una queja formal.",
          "Señores {entidad}: manifiesto mi total inconformidad por la siguiente situación.",
          "Presento queja por los hechos que relaciono a continuación.",
          "Cordial saludo. Me permito poner en su conocimiento una situación que considero inaceptable."),
      PqrType.RECLAMO, List.of(
          "Me dirijo a ustedes para presentar un reclamo.",
          "Presento reclamación formal ante {entidad} por lo siguiente.",
          "Mediante este escrito interpongo reclamo por los siguientes hechos.",
          "Respetados señores, por medio de la presente presento reclamo."),
      PqrType.SUGERENCIA, List.of(
          "Quisiera hacer una sugerencia para mejorar el servicio.",
          "Respetuosamente me permito sugerir lo siguiente.",
          "Como usuario frecuente de {entidad} quiero proponer una mejora."),
      PqrType.DENUNCIA, List.of(
          "Quiero denunciar la siguiente situación.",
          "Pongo en conocimiento de {entidad} los siguientes hechos irregulares.",
          "Presento denuncia y solicito la reserva de mi identidad.",
          "Me permito informar sobre posibles hechos de corrupción."),
      PqrType.FELICITACION, List.of(
          "Quiero hacer llegar una felicitación.",
          "Me permito expresar mi agradecimiento y felicitación.",
          "Escribo para reconocer el buen trabajo de {entidad}."),
      PqrType.SOLICITUD_INFORMACION, List.of(
          "Solicito información sobre lo siguiente.",
          "En ejercicio del derecho de acceso a la información pública (Ley 1712 de 2014), solicito:",
          "Respetados señores: de manera atenta solicito la siguiente información."),
      PqrType.CONSULTA, List.of(
          "Quisiera hacer una consulta.",
          "Me permito elevar la siguiente consulta.",
          "Cordial saludo, tengo una duda que espero me puedan resolver.")));

  private static final List<String> GREETINGS = List.of(
      "Buenas tardes", "Buenos días", "Buenas noches", "Hola buenas", "Buen día", "Hola",
      "Señores", "Buenas", "Buenas tardes señores", "Cordial saludo");

  private static final Map<PqrType, List<String>> INFORMAL_LEADS = new EnumMap<>(Map.of(
      PqrType.PETICION, List.of("quiero pedirles el favor", "necesito que me ayuden con algo",
          "les escribo para pedirles algo"),
      PqrType.QUEJA, List.of("quiero poner una queja", "es para quejarme", "tengo una queja"),
      PqrType.RECLAMO, List.of("tengo un reclamo", "quiero hacer un reclamo",
          "les escribo por un reclamo"),
      PqrType.SUGERENCIA, List.of("tengo una sugerencia", "quería sugerirles algo"),
      PqrType.DENUNCIA, List.of("quiero denunciar algo que está pasando",
          "quiero hacer una denuncia"),
      PqrType.FELICITACION, List.of("quiero felicitarlos", "solo quería dar las gracias"),
      PqrType.SOLICITUD_INFORMACION, List.of("necesito información", "quisiera saber algo"),
      PqrType.CONSULTA, List.of("tengo una pregunta", "una consulta")));

  private static final List<String> EXTRAS = List.of(
      "Ya había presentado esta misma solicitud con el radicado {radicado_prev} y no he recibido respuesta.",
      "Esta es la tercera vez que escribo por lo mismo.",
      "Adjunto fotos como evidencia.",
      "He llamado muchas veces a la línea de atención sin ninguna solución.",
      "Soy adulto mayor y se me dificulta desplazarme hasta la oficina.",
      "La situación se repite desde hace {meses} meses.",
      "Mis vecinos también están afectados.",
      "Es un caso de extrema urgencia.",
      "Nadie me da una razón clara.");

  private static final List<String> DENUNCIA_ASKS = List.of(
      "Solicito que se investigue y se tomen las medidas del caso.",
      "Pido reserva de mi identidad por temor a represalias.",
      "Les pido que actúen pronto antes de que pase algo grave.",
      "Solicito que se dé traslado a los organismos de control.");

  private static final List<String> PRAISE_FOLLOWUPS = List.of(
      "Ojalá todos los funcionarios fueran así.",
      "Es importante reconocer cuando las cosas se hacen bien.",
      "Por favor háganle llegar este mensaje a su jefe.",
      "Sigan así.",
      "Muchas gracias por el buen servicio.");

  private static final List<String> IDEA_FOLLOWUPS = List.of(
      "Creo que esto beneficiaría a muchos usuarios.",
      "Es una idea sencilla que ayudaría mucho.",
      "Quedo a disposición si lo consideran útil.");

  private static final List<String> IDEA_CONTEXT = List.of(
      "Les cuento que", "Lo digo porque", "Como antecedente,");

  private static final List<String> INFO_FOLLOWUPS = List.of(
      "Agradezco enviar la información a mi correo electrónico.",
      "Necesito la respuesta por escrito.",
      "Si la información no es de su competencia, les pido darle traslado a la entidad correspondiente.",
      "Es para un trámite que tengo pendiente.");

  private static final List<String> FORMAL_CLOSINGS = List.of(
      "Agradezco la atención prestada y quedo {atento} a su respuesta dentro de los términos de ley.",
      "Quedo {atento} a su pronta respuesta.",
      "Agradezco de antemano su colaboración.",
      "Muchas gracias por su atención.",
      "Cordialmente,",
      "Atentamente,");

  private static final List<String> INFORMAL_CLOSINGS = List.of(
      "gracias", "Espero pronta respuesta!!", "por favor ayúdenme, ya no sé qué más hacer",
      "Gracias, quedo pendiente.", "ojalá esta vez sí respondan", "Mil gracias",
      "Gracias de antemano.", "gracias por su atención", "Atenta a su respuesta",
      "espero que me solucionen pronto!!!");

  private static final List<String> GENERIC_SUBJECTS = List.of(
      "Solicitud", "PQR", "URGENTE", "Ayuda por favor", "Radicado web", "Sin asunto",
      "Respuesta pendiente", "Caso sin resolver");

  // ---------------------------------------------------------------- composition

  /** Personal data typed into the text: each part may be null. */
  private record Typed(String identity, String contact, String signature) {
    static final Typed NONE = new Typed(null, null, null);
  }

  private Filing compose() {
    TopicTexts t = TopicTexts.of(ctx.topic());
    Register register = register();
    String subject = subject(t);
    List<String> body = body(t, register);
    Typed typed = personalData(register);
    String description = assemble(register, body, typed);

    boolean noAccents = switch (register) {
      case FORMAL -> Pick.chance(rng, 0.05);
      case PLAIN -> Pick.chance(rng, 0.2);
      case INFORMAL -> Pick.chance(rng, 0.5);
      case SHORT -> Pick.chance(rng, 0.7);
      case AGENT -> Pick.chance(rng, 0.1);
    };
    if (noAccents) {
      subject = Text.stripAccents(subject);
      description = Text.stripAccents(description);
    }
    if (register != Register.AGENT && Pick.chance(rng, 0.05)) {
      description = Text.upper(description);
      subject = Text.upper(subject);
    } else if (Pick.chance(rng, 0.06)) {
      subject = Text.upper(subject);
    }
    return new Filing(subject, description);
  }

  private Register register() {
    if ((ctx.channel() == Channel.TELEFONO || ctx.channel() == Channel.PRESENCIAL)
        && Pick.chance(rng, 0.5)) {
      return Register.AGENT;
    }
    double informalBias = switch (ctx.channel()) {
      case REDES_SOCIALES, CHAT, APP -> 0.25;
      case EMAIL, PRESENCIAL -> -0.15;
      default -> 0.0;
    };
    double x = rng.nextDouble();
    if (x < 0.40 - informalBias) {
      return Register.FORMAL;
    }
    if (x < 0.68 - informalBias / 2) {
      return Register.PLAIN;
    }
    if (x < 0.90) {
      return Register.INFORMAL;
    }
    return Register.SHORT;
  }

  private String subject(TopicTexts t) {
    if (Pick.chance(rng, 0.04)) {
      return Pick.one(rng, GENERIC_SUBJECTS);
    }
    String problem = fill(one(t.problems()));
    String info = fill(one(t.infoTopics()));
    String label = ctx.topic().label;
    String s = switch (ctx.type()) {
      case PETICION -> Pick.one(rng, List.of(
          "Derecho de petición - " + problem, "Petición: " + problem,
          "Solicitud por " + problem, Text.capitalize(problem),
          "Derecho de peticion " + problem));
      case QUEJA -> Pick.one(rng, List.of(
          "Queja por " + problem, "QUEJA - " + problem, Text.capitalize(problem),
          "Inconformidad: " + problem, "Queja " + ctx.entityName().replace("la ", "")));
      case RECLAMO -> Pick.one(rng, List.of(
          "Reclamo por " + problem, "Reclamación: " + problem, Text.capitalize(problem),
          "Reclamo " + problem + " - " + fill("{barrio}"), "RECLAMO " + problem));
      case DENUNCIA -> Pick.one(rng, List.of(
          "Denuncia: " + problem, "Denuncia por irregularidades en " + label,
          "Denuncia anónima", "Denuncia " + fill("{barrio}"), "Posible caso de corrupción"));
      case FELICITACION -> Pick.one(rng, List.of(
          "Felicitación", "Felicitaciones al equipo de " + label, "Agradecimiento por la atención",
          "Reconocimiento al buen servicio", "Gracias!!"));
      case SUGERENCIA -> Pick.one(rng, List.of(
          "Sugerencia sobre " + label, "Sugerencia", "Propuesta para mejorar " + label,
          "Idea para mejorar el servicio"));
      case SOLICITUD_INFORMACION -> Pick.one(rng, List.of(
          "Solicitud de información: " + info, "Información sobre " + info,
          "Solicitud de información", "Derecho de acceso a la información - " + info));
      case CONSULTA -> Pick.one(rng, List.of(
          "Consulta sobre " + info, "Consulta", "Pregunta sobre " + info,
          Text.capitalize(info) + "?"));
    };
    return s;
  }

  private List<String> body(TopicTexts t, Register register) {
    List<String> out = new ArrayList<>();
    switch (ctx.type()) {
      case PETICION, QUEJA, RECLAMO -> {
        int facts = register == Register.SHORT ? 1 : Pick.between(rng, 1, 3);
        out.addAll(distinct(t.facts(), facts));
        if (register != Register.SHORT && Pick.chance(rng, 0.35)) {
          out.add(Pick.one(rng, EXTRAS));
        }
        int asks = register == Register.SHORT ? (Pick.chance(rng, 0.5) ? 1 : 0)
            : Pick.between(rng, 1, 2);
        out.addAll(distinct(t.asks(), asks));
      }
      case DENUNCIA -> {
        out.add(one(t.denuncias()));
        if (register != Register.SHORT && Pick.chance(rng, 0.4)) {
          out.add(one(t.facts()));
        }
        out.add(Pick.one(rng, DENUNCIA_ASKS));
      }
      case FELICITACION -> {
        out.add(one(t.praises()));
        if (Pick.chance(rng, 0.6)) {
          out.add(Pick.one(rng, PRAISE_FOLLOWUPS));
        }
      }
      case SUGERENCIA -> {
        if (register != Register.SHORT && Pick.chance(rng, 0.4)) {
          String fact = one(t.facts());
          out.add(Pick.one(rng, IDEA_CONTEXT) + " " + lowerFirst(fact));
        }
        out.addAll(distinct(t.ideas(), Pick.between(rng, 1, 2)));
        if (Pick.chance(rng, 0.5)) {
          out.add(Pick.one(rng, IDEA_FOLLOWUPS));
        }
      }
      case SOLICITUD_INFORMACION, CONSULTA -> {
        out.addAll(distinct(t.questions(), Pick.between(rng, 1, 2)));
        if (register != Register.SHORT && Pick.chance(rng, 0.5)) {
          out.add(Pick.one(rng, INFO_FOLLOWUPS));
        }
      }
    }
    List<String> filled = new ArrayList<>(out.size());
    for (String s : out) {
      filled.add(fill(s));
    }
    return filled;
  }

  private String assemble(Register register, List<String> body, Typed typed) {
    String joined = String.join(" ", body);
    String identity = typed.identity() == null ? "" : typed.identity() + " ";
    String contact = typed.contact() == null ? "" : " " + typed.contact();
    String signature = typed.signature() == null ? "" : typed.signature();
    switch (register) {
      case FORMAL -> {
        String opening = fill(Pick.one(rng, FORMAL_OPENINGS.get(ctx.type())));
        String closing = fill(Pick.one(rng, FORMAL_CLOSINGS));
        String sep = Pick.chance(rng, 0.5) ? "\n\n" : " ";
        return opening + sep + identity + joined + contact + sep + closing + signature;
      }
      case PLAIN -> {
        String greeting = Pick.one(rng, GREETINGS) + Pick.one(rng, List.of(". ", ", ", ". ", "\n"));
        String closing = Pick.chance(rng, 0.6)
            ? fill(Pick.one(rng, FORMAL_CLOSINGS)) : Pick.one(rng, INFORMAL_CLOSINGS);
        String text = greeting.endsWith(", ") && identity.isEmpty() ? lowerFirst(joined) : joined;
        if (Pick.chance(rng, 0.15)) {
          text = Text.typos(text, rng, 0.05);
        }
        return greeting + identity + text + contact + " " + closing + signature;
      }
      case INFORMAL -> {
        String greeting = Pick.one(rng, GREETINGS);
        String lead = Pick.one(rng, INFORMAL_LEADS.get(ctx.type()));
        String head = greeting + Pick.one(rng, List.of(", ", " ", ". ", "!! "))
            + (Pick.chance(rng, 0.5) ? lead : Text.capitalize(lead))
            + Pick.one(rng, List.of(". ", ", ", ": ", " "));
        String text = lowerFirst(joined) + " " + Pick.one(rng, INFORMAL_CLOSINGS);
        text = text.replace("?", Pick.chance(rng, 0.4) ? "??" : "?");
        if (Pick.chance(rng, 0.3)) {
          text = text.replace(". ", ".. ");
        }
        if (Pick.chance(rng, 0.6)) {
          head = Text.typos(head, rng, 0.06);
          text = Text.typos(text, rng, 0.06);
        }
        return head + identity + text + contact + signature;
      }
      case SHORT -> {
        String text = joined.replace(". ", Pick.chance(rng, 0.5) ? "!! " : "... ");
        if (Pick.chance(rng, 0.6)) {
          text = Text.lower(text);
        }
        if (Pick.chance(rng, 0.6)) {
          text = Text.typos(text, rng, 0.08);
        }
        return identity + text + contact + signature;
      }
      case AGENT -> {
        Citizen c = ctx.citizen();
        boolean f = c != null && c.female();
        String who = ctx.anonymous() || c == null ? "Ciudadano anónimo"
            : c.company() ? "Representante de " + (typed.identity() != null ? c.displayName() : "la empresa")
            : (f ? "Ciudadana" : "Ciudadano") + (typed.identity() != null ? " " + typed.identity() : "");
        String how = ctx.channel() == Channel.TELEFONO
            ? Pick.one(rng, List.of("se comunica a la línea de atención", "llama a la línea",
                "se comunica telefónicamente"))
            : Pick.one(rng, List.of("se acerca a la sede " + fill("{sede}"),
                "se presenta en ventanilla", "asiste personalmente a la oficina"));
        String data = typed.contact() == null ? "" : " Deja como datos de contacto: " + typed.contact();
        String end = Pick.one(rng, List.of(
            " Se radica " + ctx.type().noun + " para trámite del área competente.",
            " Se le informa el número de radicado y los tiempos de respuesta.",
            " Se orienta al usuario y se registra el caso.", ""));
        return who + " " + how + " y manifiesta: \"" + joined + "\"" + data + end;
      }
    }
    throw new IllegalStateException();
  }

  /**
   * Decides which of the citizen's own name, ID number, e-mail and phone the text carries, and
   * words them the way people type them.
   */
  private Typed personalData(Register register) {
    Citizen c = ctx.citizen();
    if (c == null || ctx.anonymous()) {
      return Typed.NONE;
    }
    boolean name = Pick.chance(rng, register == Register.FORMAL ? 0.35 : 0.18);
    boolean doc = Pick.chance(rng, register == Register.FORMAL ? 0.3 : 0.1);
    boolean email = Pick.chance(rng, 0.15);
    boolean phone = Pick.chance(rng, 0.22);
    if (!name && !doc && !email && !phone) {
      return Typed.NONE;
    }
    List<String> contact = new ArrayList<>();
    if (email) {
      String address = c.email() != null ? c.email()
          : "contacto" + Citizen.digits(rng, 3) + "@gmail.com";
      contact.add(Pick.one(rng, List.of(
          "Pueden responderme al correo " + address + ".",
          "Mi correo es " + address,
          "Favor enviar la respuesta a " + address + ".",
          "correo: " + address)));
    }
    if (phone) {
      String number = c.phoneAsTyped(rng);
      contact.add(Pick.one(rng, List.of(
          "Mi celular es " + number + ".",
          "Pueden llamarme al " + number + ".",
          "Tel: " + number,
          "Mi número de WhatsApp es " + number + ".",
          "cel " + number)));
    }
    String contactText = contact.isEmpty() ? null : String.join(" ", contact);
    if (!name && !doc) {
      return new Typed(null, contactText, null);
    }
    String docText = doc ? c.documentAsTyped(rng) : null;
    String o = c.female() ? "a" : "o";
    if (register == Register.AGENT) {
      String identity = name ? c.displayName() + (docText != null ? " (" + docText + ")" : "")
          : "identificad" + o + " con " + docText;
      return new Typed(identity, contactText, null);
    }
    if (Pick.chance(rng, 0.55)) {
      String identity;
      if (!name) {
        identity = "Me identifico con " + docText + ".";
      } else if (c.company()) {
        identity = "Escribo en representación de " + c.displayName()
            + (docText != null ? ", " + docText : "") + ".";
      } else if (register == Register.FORMAL) {
        identity = Pick.chance(rng, 0.5)
            ? "Mi nombre es " + c.displayName()
                + (docText != null ? ", identificad" + o + " con " + docText : "") + "."
            : "Yo, " + c.displayName()
                + (docText != null ? ", identificad" + o + " con " + docText : "")
                + ", mayor de edad" + (ctx.city() != null ? " y domiciliad" + o + " en "
                + ctx.city() : "") + ", actúo en nombre propio.";
      } else {
        identity = Pick.one(rng, List.of("Mi nombre es ", "Soy ", "les escribe ", "soy "))
            + c.displayName()
            + (docText != null ? Pick.one(rng, List.of(" con ", ", mi cédula es ", " ")) + docText : "")
            + ".";
      }
      return new Typed(identity, contactText, null);
    }
    StringBuilder sig = new StringBuilder(Pick.chance(rng, 0.6) ? "\n\n" : " ");
    if (name) {
      sig.append(c.displayName());
    }
    if (docText != null) {
      sig.append(name ? (Pick.chance(rng, 0.5) ? "\n" : " ") : "").append(docText);
    }
    return new Typed(null, contactText, sig.toString());
  }

  /** Words that make a fragment implausible for a tenant (no passports at an EPS). */
  private static final Map<String, List<String>> OFF_TOPIC = Map.of(
      "eps-sura", List.of("pasaporte", "predial", "avalúo", "medidor", "metro cúbico", "vía",
          "estrato", "reconexión"),
      "epm", List.of("pasaporte", "predial", "avalúo", "medicamento", "IPS", "especialista",
          "funcionaria Luz Marina"),
      "sic", List.of("pasaporte", "predial", "avalúo", "IPS", "medicamento"),
      "alcaldia-medellin", List.of("IPS", "copago"),
      "gobernacion-antioquia", List.of("medidor", "metro cúbico", "reconexión"));

  /** The fragments of a pool that suit the tenant (all of them if none does). */
  private List<String> suitable(List<String> pool) {
    List<String> banned = OFF_TOPIC.get(ctx.tenant());
    if (banned == null) {
      return pool;
    }
    List<String> out = new ArrayList<>(pool.size());
    for (String fragment : pool) {
      if (banned.stream().noneMatch(fragment::contains)) {
        out.add(fragment);
      }
    }
    return out.isEmpty() ? pool : out;
  }

  private String one(List<String> pool) {
    return Pick.one(rng, suitable(pool));
  }

  private List<String> distinct(List<String> pool, int n) {
    List<String> copy = new ArrayList<>(suitable(pool));
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n && !copy.isEmpty(); i++) {
      out.add(copy.remove(rng.nextInt(copy.size())));
    }
    return out;
  }

  private static String lowerFirst(String s) {
    if (s.isEmpty() || s.startsWith("¿")) {
      return s;
    }
    // Keep acronyms and proper nouns at the start ("EPM", "El Poblado") as they are.
    if (s.length() > 1 && Character.isUpperCase(s.charAt(1))) {
      return s;
    }
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  // ---------------------------------------------------------------- slots

  private static final List<String> MEDICAMENTOS = List.of(
      "losartán 50 mg", "metformina 850 mg", "insulina glargina", "levotiroxina 100 mcg",
      "atorvastatina 40 mg", "omeprazol 20 mg", "enoxaparina", "pregabalina 75 mg",
      "salbutamol inhalador", "quetiapina 25 mg", "sertralina 50 mg", "carbamazepina");
  private static final List<String> ESPECIALIDADES = List.of(
      "ortopedia", "cardiología", "dermatología", "neurología", "ginecología", "oftalmología",
      "psiquiatría", "endocrinología", "medicina interna", "pediatría", "urología", "reumatología");
  private static final List<String> DIAGNOSTICOS = List.of(
      "diabetes tipo 2", "hipertensión arterial", "artritis reumatoide", "cáncer de mama",
      "epilepsia", "EPOC", "insuficiencia renal", "depresión mayor");
  private static final List<String> ALL_CERTIFICADOS = List.of(
      "residencia", "estratificación", "paz y salvo de predial", "nomenclatura",
      "libertad y tradición", "afiliación", "tiempo de servicio",
      "existencia y representación legal", "sisbén", "vecindad");
  private static final Map<String, List<String>> CERTIFICADOS = Map.of(
      "alcaldia-medellin", List.of("residencia", "estratificación", "paz y salvo de predial",
          "nomenclatura", "sisbén", "vecindad"),
      "gobernacion-antioquia", List.of("tiempo de servicio", "existencia y representación legal",
          "libertad y tradición", "paz y salvo de impuesto vehicular", "residencia"),
      "epm", List.of("paz y salvo", "disponibilidad de servicios", "estado de cuenta"),
      "sic", List.of("registro de marca", "existencia y representación legal",
          "antecedentes de sanciones"),
      "eps-sura", List.of("afiliación", "aportes", "semanas cotizadas", "incapacidad"));
  private static final List<String> FUNCIONARIOS = List.of(
      "la funcionaria Luz Marina", "el señor Jaime de la ventanilla 4", "la asesora Diana",
      "el orientador Carlos", "la doctora Patricia", "el funcionario Andrés",
      "la señora Gloria de la taquilla 2", "el asesor del turno 15");
  private static final List<String> HORAS = List.of(
      "las 6 de la mañana", "las 8 de la mañana", "el mediodía", "las 2 de la tarde",
      "las 4 de la tarde", "las 7 de la noche");

  private String fill(String template) {
    if (template.indexOf('{') < 0) {
      return template;
    }
    StringBuilder b = new StringBuilder(template.length() + 32);
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        b.append(template, i, template.length());
        break;
      }
      int close = template.indexOf('}', open);
      b.append(template, i, open);
      String name = template.substring(open + 1, close);
      b.append(slots.computeIfAbsent(name, this::draw));
      i = close + 1;
    }
    return b.toString();
  }

  private String draw(String slot) {
    LocalDate d = ctx.filingDate();
    return switch (slot) {
      case "mes" -> month(d.minusMonths(rng.nextInt(2)));
      case "fecha" -> date(d.minusDays(Pick.between(rng, 1, 40)));
      case "monto" -> money(Pick.between(rng, 180, 2_400) * 1_000 + Pick.between(rng, 0, 9) * 100);
      case "monto2" -> money(Pick.between(rng, 25, 170) * 1_000 + Pick.between(rng, 0, 9) * 100);
      case "contrato" -> Citizen.digits(rng, 1).replace('0', '1') + Citizen.digits(rng, Pick.between(rng, 6, 9));
      case "personas" -> String.valueOf(Pick.between(rng, 2, 5));
      case "meses" -> String.valueOf(Pick.between(rng, 2, 8));
      case "dias" -> String.valueOf(Pick.between(rng, 2, 20));
      case "semanas" -> String.valueOf(Pick.between(rng, 2, 9));
      case "horas" -> String.valueOf(Pick.between(rng, 2, 9));
      case "veces" -> String.valueOf(Pick.between(rng, 3, 12));
      case "edad" -> String.valueOf(Pick.between(rng, 64, 93));
      case "estrato" -> String.valueOf(Pick.between(rng, 1, 6));
      case "hora" -> Pick.one(rng, HORAS);
      case "hora_madrugada" -> String.valueOf(Pick.between(rng, 2, 5));
      case "barrio" -> Pick.one(rng, Places.BARRIOS);
      case "comuna" -> Integer.toString(Pick.chance(rng, 0.8) ? Pick.between(rng, 1, 16)
          : Pick.one(rng, List.of(50, 60, 70, 80, 90)).intValue());
      case "direccion" -> Places.address(rng);
      case "vereda" -> Pick.one(rng, Places.VEREDAS);
      case "sede" -> Pick.one(rng, Places.SEDES);
      case "funcionario" -> Pick.one(rng, FUNCIONARIOS);
      case "radicado_prev" -> (d.getYear() - rng.nextInt(2)) + "-ER-" + Citizen.digits(rng, 7);
      case "certificado" -> Pick.one(rng, CERTIFICADOS.getOrDefault(ctx.tenant(), ALL_CERTIFICADOS));
      case "medicamento" -> Pick.one(rng, MEDICAMENTOS);
      case "especialidad" -> Pick.one(rng, ESPECIALIDADES);
      case "diagnostico" -> Pick.one(rng, DIAGNOSTICOS);
      case "entidad" -> ctx.entityName();
      case "atento" -> ctx.citizen() != null && ctx.citizen().female() ? "atenta" : "atento";
      default -> throw new IllegalArgumentException("unknown slot {" + slot + "}");
    };
  }

  private String month(LocalDate d) {
    return d.getMonth().getDisplayName(TextStyle.FULL, Text.ES).toLowerCase(Text.ES);
  }

  private String date(LocalDate d) {
    return switch (rng.nextInt(4)) {
      case 0 -> String.format(Text.ES, "%02d/%02d/%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
      case 1 -> d.getDayOfMonth() + " de " + month(d) + " de " + d.getYear();
      default -> d.getDayOfMonth() + " de " + month(d);
    };
  }

  private String money(int pesos) {
    String digits = String.valueOf(pesos);
    return switch (rng.nextInt(5)) {
      case 0 -> "$" + Citizen.dotted(digits);
      case 1 -> "$ " + Citizen.dotted(digits);
      case 2 -> Citizen.dotted(digits) + " pesos";
      case 3 -> (pesos / 1000) + " mil pesos";
      default -> "$" + Citizen.dotted(digits).replace('.', ',');
    };
  }

  // ---------------------------------------------------------------- responses

  private static final List<String> RESPONSE_OPENINGS = List.of(
      "Cordial saludo.", "Respetado(a) ciudadano(a):", "Apreciado usuario:",
      "Señor(a) peticionario(a):", "Reciba un cordial saludo de {entidad}.", "Buen día.");
  private static final List<String> RESPONSE_CLOSINGS = List.of(
      "Cualquier inquietud adicional puede comunicarse a través de nuestros canales de atención.",
      "Esperamos haber atendido de fondo su solicitud.",
      "Con esta respuesta se da por atendida su comunicación.",
      "Le recordamos que puede consultar el estado de sus solicitudes en nuestro portal.");
  private static final List<String> FELICITACION_ANSWERS = List.of(
      "agradecemos sus palabras, que fueron compartidas con el equipo y quedarán registradas en la hoja de vida del servidor.",
      "su mensaje fue socializado con el equipo de trabajo; nos motiva a seguir mejorando.");
  private static final List<String> SUGERENCIA_ANSWERS = List.of(
      "su sugerencia fue analizada y será tenida en cuenta en el plan de mejoramiento.",
      "agradecemos su propuesta, que fue remitida al área responsable para evaluar su viabilidad.");

  /**
   * The text of an entity's answer.
   *
   * @param type the declared type, or null when the entity answers something never filed here
   */
  static String response(SplittableRandom rng, Topic topic, PqrType type, String pqrId,
      String entityName, String area, ResponseKind kind) {
    TopicTexts t = TopicTexts.of(topic);
    List<String> answers = type == PqrType.FELICITACION ? FELICITACION_ANSWERS
        : type == PqrType.SUGERENCIA ? SUGERENCIA_ANSWERS : t.answers();
    String answer = Pick.one(rng, answers);
    String noun = type == null ? "solicitud" : type.noun;
    String filed = type == PqrType.RECLAMO ? "radicado" : "radicada";
    String opening = Pick.one(rng, RESPONSE_OPENINGS).replace("{entidad}", entityName);
    String body = switch (kind) {
      case FIRST -> Pick.one(rng, List.of(
          "En atención a su " + noun + " " + filed + " con el número " + pqrId + ", le informamos que " + answer,
          "Con relación a su " + noun + " de la referencia (" + pqrId + "), nos permitimos informarle que " + answer,
          "Damos respuesta a su comunicación con radicado " + pqrId + ": " + Text.capitalize(answer)));
      case COMPLEMENT -> "En alcance a la respuesta dada a su " + noun + " " + pqrId
          + ", le informamos además que " + answer;
      case AFTER_REOPEN -> "Una vez revisado nuevamente el caso " + pqrId
          + ", reabierto por su inconformidad con la respuesta inicial, le informamos que " + answer;
    };
    String closing = Pick.one(rng, RESPONSE_CLOSINGS);
    String signature = Pick.chance(rng, 0.5) ? "\n\n" + area + "\n" + Text.capitalize(entityName) : "";
    return opening + " " + body + " " + closing + signature;
  }
}
