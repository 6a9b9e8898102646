package co.pqr.lakehouse.ml;

import java.util.Map;

/** The enrichment of one PQR by one model version; confidences are the winning class probabilities. */
public record Prediction(String type, String category, String sentiment, String urgency,
    Map<String, Double> confidence, String modelVersion) {

  public String get(Labels l) {
    return switch (l) {
      case TYPE -> type;
      case CATEGORY -> category;
      case SENTIMENT -> sentiment;
      case URGENCY -> urgency;
    };
  }
}
