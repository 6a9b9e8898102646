package co.pqr.lakehouse.producer;

/** Channel a PQR arrived through (contract v1 enum {@code channel}). */
enum Channel {
  WEB,
  EMAIL,
  TELEFONO,
  PRESENCIAL,
  CHAT,
  REDES_SOCIALES,
  APP;

  /** Whether filings through this channel only happen while offices are open. */
  boolean officeHoursOnly() {
    return this == PRESENCIAL;
  }
}
