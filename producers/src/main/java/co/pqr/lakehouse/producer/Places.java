package co.pqr.lakehouse.producer;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Colombian places for the {@code location} object and for free text: DANE municipality codes,
 * neighbourhoods, rural districts, office names and street addresses.
 */
final class Places {
  private Places() {}

  /** A municipality: DANE code, department and city, as the contract's {@code location}. */
  record Location(String daneCode, String department, String city) {}

  static final Location MEDELLIN = new Location("05001", "Antioquia", "Medellín");

  static final List<Location> VALLE_DE_ABURRA = List.of(
      MEDELLIN,
      new Location("05088", "Antioquia", "Bello"),
      new Location("05266", "Antioquia", "Envigado"),
      new Location("05360", "Antioquia", "Itagüí"),
      new Location("05631", "Antioquia", "Sabaneta"),
      new Location("05380", "Antioquia", "La Estrella"),
      new Location("05129", "Antioquia", "Caldas"),
      new Location("05212", "Antioquia", "Copacabana"),
      new Location("05308", "Antioquia", "Girardota"),
      new Location("05079", "Antioquia", "Barbosa"));

  static final List<Location> ANTIOQUIA_REGIONS = List.of(
      new Location("05615", "Antioquia", "Rionegro"),
      new Location("05376", "Antioquia", "La Ceja"),
      new Location("05440", "Antioquia", "Marinilla"),
      new Location("05148", "Antioquia", "El Carmen de Viboral"),
      new Location("05318", "Antioquia", "Guarne"),
      new Location("05607", "Antioquia", "El Retiro"),
      new Location("05045", "Antioquia", "Apartadó"),
      new Location("05837", "Antioquia", "Turbo"),
      new Location("05154", "Antioquia", "Caucasia"),
      new Location("05042", "Antioquia", "Santa Fe de Antioquia"),
      new Location("05890", "Antioquia", "Yarumal"),
      new Location("05579", "Antioquia", "Puerto Berrío"),
      new Location("05172", "Antioquia", "Chigorodó"),
      new Location("05147", "Antioquia", "Carepa"),
      new Location("05034", "Antioquia", "Andes"),
      new Location("05686", "Antioquia", "Santa Rosa de Osos"),
      new Location("05756", "Antioquia", "Sonsón"));

  static final List<Location> NATIONAL = List.of(
      new Location("11001", "Bogotá, D.C.", "Bogotá, D.C."),
      new Location("76001", "Valle del Cauca", "Cali"),
      new Location("08001", "Atlántico", "Barranquilla"),
      new Location("13001", "Bolívar", "Cartagena de Indias"),
      new Location("68001", "Santander", "Bucaramanga"),
      new Location("66001", "Risaralda", "Pereira"),
      new Location("17001", "Caldas", "Manizales"),
      new Location("54001", "Norte de Santander", "Cúcuta"),
      new Location("73001", "Tolima", "Ibagué"),
      new Location("47001", "Magdalena", "Santa Marta"),
      new Location("50001", "Meta", "Villavicencio"),
      new Location("52001", "Nariño", "Pasto"),
      new Location("23001", "Córdoba", "Montería"),
      new Location("63001", "Quindío", "Armenia"),
      new Location("41001", "Huila", "Neiva"),
      new Location("20001", "Cesar", "Valledupar"),
      new Location("19001", "Cauca", "Popayán"),
      new Location("15001", "Boyacá", "Tunja"),
      new Location("70001", "Sucre", "Sincelejo"),
      new Location("27001", "Chocó", "Quibdó"));

  /** Where a tenant's citizens live: the entity's own territory, or the whole country. */
  static Location forTenant(SplittableRandom rng, String tenant) {
    int p = rng.nextInt(100);
    switch (tenant) {
      case "alcaldia-medellin":
        return p < 90 ? MEDELLIN : Pick.one(rng, VALLE_DE_ABURRA);
      case "gobernacion-antioquia":
        return p < 25 ? MEDELLIN : p < 50 ? Pick.one(rng, VALLE_DE_ABURRA)
            : Pick.one(rng, ANTIOQUIA_REGIONS);
      case "epm":
        return p < 75 ? Pick.one(rng, VALLE_DE_ABURRA) : Pick.one(rng, ANTIOQUIA_REGIONS);
      case "eps-sura":
        return p < 40 ? Pick.one(rng, VALLE_DE_ABURRA) : p < 50 ? Pick.one(rng, ANTIOQUIA_REGIONS)
            : Pick.one(rng, NATIONAL);
      default:
        return p < 30 ? MEDELLIN : p < 40 ? Pick.one(rng, ANTIOQUIA_REGIONS)
            : Pick.one(rng, NATIONAL);
    }
  }

  static final List<String> BARRIOS = List.of(
      "Belén", "Robledo", "Manrique", "Aranjuez", "Castilla", "Buenos Aires", "La América",
      "Laureles", "El Poblado", "Villa Hermosa", "San Javier", "Doce de Octubre", "Popular",
      "Santa Cruz", "Guayabal", "La Candelaria", "Santo Domingo Savio", "Campo Valdés",
      "Florencia", "Pedregal", "Las Granjas", "Enciso", "Alfonso López", "Belén Rincón",
      "San Antonio de Prado", "El Salado", "La Milagrosa", "Niquitao", "Boston", "Prado Centro",
      "La Esperanza", "San José", "Villa del Sol", "El Carmen", "La Paz", "Obrero");

  static final List<String> VEREDAS = List.of(
      "El Tablazo", "La Palma", "Santa Elena", "Mazo", "El Llano", "La Clara", "Potrerito",
      "San José", "La Mosca", "El Hato", "Las Palmas", "Piedras Blancas");

  static final List<String> SEDES = List.of(
      "Centro", "San Antonio", "Belén", "La Alpujarra", "Bello", "Itagüí", "Envigado",
      "Rionegro", "Aranjuez", "El Poblado", "Castilla", "Las Américas");

  private static final List<String> STREET_TYPES = List.of(
      "Calle", "Carrera", "Calle", "Carrera", "Diagonal", "Transversal", "Circular", "Avenida");

  /** A Colombian street address such as "Calle 45 # 67-12" or "Carrera 80 con Calle 33". */
  static String address(SplittableRandom rng) {
    String type = Pick.one(rng, STREET_TYPES);
    int n = Pick.between(rng, 1, 110);
    String suffix = rng.nextInt(100) < 15 ? String.valueOf((char) ('A' + rng.nextInt(4))) : "";
    if (rng.nextInt(100) < 25) {
      String other = type.equals("Calle") ? "Carrera" : "Calle";
      return type + " " + n + suffix + " con " + other + " " + Pick.between(rng, 1, 110);
    }
    if (rng.nextInt(100) < 20) {
      type = switch (type) {
        case "Carrera" -> "Cra.";
        case "Calle" -> "Cl.";
        case "Diagonal" -> "Dg.";
        case "Transversal" -> "Tv.";
        default -> type;
      };
    }
    return type + " " + n + suffix + " # " + Pick.between(rng, 1, 99) + "-"
        + Pick.between(rng, 1, 120);
  }

  /** Display names of the default tenants, for free text and responses. */
  static final Map<String, String> ENTITY_NAMES = Map.of(
      "alcaldia-medellin", "la Alcaldía de Medellín",
      "gobernacion-antioquia", "la Gobernación de Antioquia",
      "epm", "EPM",
      "sic", "la Superintendencia de Industria y Comercio",
      "eps-sura", "EPS SURA");

  static String entityName(String tenant) {
    return ENTITY_NAMES.getOrDefault(tenant, "la entidad");
  }
}
