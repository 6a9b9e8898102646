package co.pqr.lakehouse.producer;

/** Lifecycle event type (contract v1 enum {@code event_type}). */
enum EventType {
  RADICADA,
  ASIGNADA,
  RESPONDIDA,
  CERRADA,
  REABIERTA
}
