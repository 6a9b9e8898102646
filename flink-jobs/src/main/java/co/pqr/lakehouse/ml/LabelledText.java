package co.pqr.lakehouse.ml;

import java.util.Map;

/** One corpus example: the text, the declared type and the gold labels by {@link Labels#field}. */
public record LabelledText(String id, String subject, String description, String declaredType,
    Map<String, String> labels) {

  public String label(Labels l) {
    return labels.get(l.field);
  }
}
