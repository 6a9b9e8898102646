package co.pqr.lakehouse.producer;

/** Type declared by the citizen (contract v1 enum {@code pqr_type}) and its legal term. */
enum PqrType {
  PETICION(15, "petición"),
  QUEJA(15, "queja"),
  RECLAMO(15, "reclamo"),
  SUGERENCIA(15, "sugerencia"),
  DENUNCIA(15, "denuncia"),
  FELICITACION(15, "felicitación"),
  SOLICITUD_INFORMACION(10, "solicitud de información"),
  CONSULTA(30, "consulta");

  /** Legal term in business days (Ley 1755 de 2015). */
  final int businessDays;
  /** The Spanish noun used in responses ("su queja radicada con el número ..."). */
  final String noun;

  PqrType(int businessDays, String noun) {
    this.businessDays = businessDays;
    this.noun = noun;
  }

  /**
   * Calendar days that N business days span when no holiday falls inside: 7 per 5. The
   * generator uses it to place on-time answers well before and late answers well after the real
   * due date without a holiday calendar.
   */
  int approxCalendarDays() {
    return businessDays * 7 / 5;
  }
}
