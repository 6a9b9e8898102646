package co.pqr.lakehouse.producer;

import java.util.List;

/**
 * What a generated PQR is about. Drives the wording of subject, description and response and the
 * area it is assigned to. Not part of the event contract (Silver infers a category on its own).
 */
enum Topic {
  BILLING(
      "facturación",
      List.of("Facturación y Cartera", "Gestión Comercial", "Secretaría de Hacienda - Impuestos")),
  SERVICE_OUTAGE(
      "la prestación del servicio",
      List.of("Mantenimiento de Redes", "Centro de Control de Operaciones", "Gestión Operativa")),
  STAFF_TREATMENT(
      "la atención al ciudadano",
      List.of("Atención al Ciudadano", "Talento Humano", "Control Interno Disciplinario")),
  PROCEDURES(
      "trámites y certificados",
      List.of("Gestión Documental", "Oficina de Pasaportes", "Servicios Administrativos",
          "Oficina Jurídica")),
  ROADS_LIGHTING(
      "vías y alumbrado público",
      List.of("Secretaría de Infraestructura Física", "Mantenimiento Vial", "Alumbrado Público",
          "Secretaría de Movilidad")),
  HEALTH(
      "los servicios de salud",
      List.of("Autorizaciones Médicas", "Gestión Farmacéutica", "Red de Prestadores",
          "Secretaría de Salud")),
  SECURITY(
      "la seguridad del sector",
      List.of("Secretaría de Seguridad y Convivencia", "Inspección de Policía")),
  ENVIRONMENT(
      "el medio ambiente",
      List.of("Secretaría de Medio Ambiente", "Gestión de Residuos Sólidos",
          "Autoridad Ambiental"));

  /** Spanish noun phrase used in generic subjects ("Sugerencia sobre {label}"). */
  final String label;
  /** Areas a PQR on this topic can be assigned to. */
  final List<String> areas;

  Topic(String label, List<String> areas) {
    this.label = label;
    this.areas = areas;
  }
}
