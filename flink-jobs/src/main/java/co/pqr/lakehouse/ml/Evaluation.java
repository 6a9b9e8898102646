package co.pqr.lakehouse.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Accuracy, macro-F1 and confusion matrices of a model version on a labelled set it never saw. */
public final class Evaluation {
  /** Per label: accuracy, macro-F1 and the confusion matrix (rows = gold, columns = predicted). */
  public record LabelScore(Labels label, int n, double accuracy, double macroF1, long[][] confusion) {}

  private final String modelVersion;
  private final Map<Labels, LabelScore> scores;

  private Evaluation(String modelVersion, Map<Labels, LabelScore> scores) {
    this.modelVersion = modelVersion;
    this.scores = scores;
  }

  public static Evaluation of(ModelSet model, List<LabelledText> heldOut) {
    Map<Labels, long[][]> confusion = new LinkedHashMap<>();
    for (Labels l : Labels.values()) {
      confusion.put(l, new long[l.values.size()][l.values.size()]);
    }
    for (LabelledText t : heldOut) {
      Prediction p = model.classify(t.subject(), t.description(), t.declaredType());
      for (Labels l : Labels.values()) {
        confusion.get(l)[l.values.indexOf(t.label(l))][l.values.indexOf(p.get(l))]++;
      }
    }
    Map<Labels, LabelScore> scores = new LinkedHashMap<>();
    for (Labels l : Labels.values()) {
      long[][] m = confusion.get(l);
      int k = l.values.size();
      long correct = 0;
      long total = 0;
      double f1Sum = 0;
      int classes = 0;
      for (int i = 0; i < k; i++) {
        long tp = m[i][i];
        long gold = 0;
        long predicted = 0;
        for (int j = 0; j < k; j++) {
          gold += m[i][j];
          predicted += m[j][i];
          total += m[i][j];
        }
        correct += tp;
        if (gold == 0 && predicted == 0) {
          continue;
        }
        classes++;
        double precision = predicted == 0 ? 0 : (double) tp / predicted;
        double recall = gold == 0 ? 0 : (double) tp / gold;
        f1Sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      }
      scores.put(l, new LabelScore(l, (int) total, total == 0 ? 0 : (double) correct / total,
          classes == 0 ? 0 : f1Sum / classes, m));
    }
    return new Evaluation(model.version(), scores);
  }

  public LabelScore score(Labels l) {
    return scores.get(l);
  }

  public String modelVersion() {
    return modelVersion;
  }

  /** The figures as a flat map, as recorded in the model registry. */
  public Map<String, Object> metrics() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (LabelScore s : scores.values()) {
      out.put(s.label().field + ".accuracy", round(s.accuracy()));
      out.put(s.label().field + ".macro_f1", round(s.macroF1()));
      out.put(s.label().field + ".n", s.n());
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  public String markdown(String heldOutDescription) {
    StringBuilder md = new StringBuilder();
    md.append("# Model evaluation: ").append(modelVersion).append("\n\n");
    md.append("Held-out set: ").append(heldOutDescription).append(" (never used in training).\n\n");
    md.append("| label | n | accuracy | macro-F1 |\n|---|---|---|---|\n");
    for (LabelScore s : scores.values()) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f |%n", s.label().field, s.n(), s.accuracy(), s.macroF1()));
    }
    for (LabelScore s : scores.values()) {
      md.append("\n## ").append(s.label().field).append(": confusion matrix (rows = true, columns = predicted)\n\n");
      List<String> header = new ArrayList<>(s.label().values);
      md.append("| true \\ predicted | ").append(String.join(" | ", header)).append(" |\n");
      md.append("|---|").append("---|".repeat(header.size())).append("\n");
      for (int i = 0; i < header.size(); i++) {
        md.append("| ").append(header.get(i)).append(" |");
        for (int j = 0; j < header.size(); j++) {
          md.append(' ').append(s.confusion()[i][j]).append(" |");
        }
        md.append("\n");
      }
    }
    return md.toString();
  }
}
