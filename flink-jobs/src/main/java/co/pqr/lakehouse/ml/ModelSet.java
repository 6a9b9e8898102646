package co.pqr.lakehouse.ml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;

/**
 * One model version: an OpenNLP document categorizer per label (type, category, sentiment,
 * urgency). Not thread-safe: each Flink task or CLI thread builds its own from the artifact bytes.
 * The artifact is a zip of the four OpenNLP model files.
 */
public final class ModelSet {
  private final String version;
  private final Map<Labels, DoccatModel> models;
  private final Map<Labels, DocumentCategorizerME> categorizers = new EnumMap<>(Labels.class);

  public ModelSet(String version, Map<Labels, DoccatModel> models) {
    this.version = version;
    this.models = new EnumMap<>(models);
    for (Labels l : Labels.values()) {
      DoccatModel m = models.get(l);
      if (m == null) {
        throw new IllegalArgumentException("model " + version + " has no " + l.field + " categorizer");
      }
      categorizers.put(l, new DocumentCategorizerME(m));
    }
  }

  public String version() {
    return version;
  }

  public Prediction classify(String subject, String description, String declaredType) {
    String[] tokens = TextFeatures.tokens(subject, description, declaredType);
    Map<Labels, String> best = new EnumMap<>(Labels.class);
    Map<String, Double> confidence = new LinkedHashMap<>();
    for (Labels l : Labels.values()) {
      DocumentCategorizerME c = categorizers.get(l);
      double[] p = c.categorize(tokens);
      String label = c.getBestCategory(p);
      best.put(l, label);
      confidence.put(l.field, p[c.getIndex(label)]);
    }
    return new Prediction(best.get(Labels.TYPE), best.get(Labels.CATEGORY), best.get(Labels.SENTIMENT),
        best.get(Labels.URGENCY), confidence, version);
  }

  public byte[] toBytes() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Labels l : Labels.values()) {
        ZipEntry entry = new ZipEntry(l.field + ".bin");
        entry.setTime(0);
        zip.putNextEntry(entry);
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        models.get(l).serialize(model);
        zip.write(model.toByteArray());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  public static ModelSet fromBytes(String version, byte[] artifact) throws IOException {
    Map<Labels, DoccatModel> models = new EnumMap<>(Labels.class);
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(artifact))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        byte[] content = zip.readAllBytes();
        for (Labels l : Labels.values()) {
          if (e.getName().equals(l.field + ".bin")) {
            try (InputStream in = new ByteArrayInputStream(content)) {
              models.put(l, new DoccatModel(in));
            }
          }
        }
      }
    }
    return new ModelSet(version, models);
  }
}
