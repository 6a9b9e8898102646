package co.pqr.lakehouse.ml;

import java.util.List;

/** The four enrichment labels and their allowed values (corpus/LABELS.md). */
public enum Labels {
  TYPE("type", List.of("PETICION", "QUEJA", "RECLAMO", "SUGERENCIA", "DENUNCIA", "FELICITACION",
      "SOLICITUD_INFORMACION", "CONSULTA")),
  CATEGORY("category", List.of("FACTURACION", "CALIDAD_SERVICIO", "ATENCION", "TRAMITES", "INFRAESTRUCTURA", "SALUD",
      "SEGURIDAD", "MEDIO_AMBIENTE", "OTRO")),
  SENTIMENT("sentiment", List.of("NEGATIVO", "NEUTRO", "POSITIVO")),
  URGENCY("urgency", List.of("ALTA", "MEDIA", "BAJA"));

  public final String field;
  public final List<String> values;

  Labels(String field, List<String> values) {
    this.field = field;
    this.values = values;
  }
}
