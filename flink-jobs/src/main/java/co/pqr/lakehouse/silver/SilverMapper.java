package co.pqr.lakehouse.silver;

import co.pqr.lakehouse.bronze.BronzeEvent;
import co.pqr.lakehouse.metrics.LabelledCounters;
import co.pqr.lakehouse.ml.ModelRegistry;
import co.pqr.lakehouse.ml.ModelSet;
import co.pqr.lakehouse.ml.Prediction;
import co.pqr.lakehouse.silver.privacy.Pseudonymizer;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Silver's per-event step: {@link SilverNormalizer}, then, for filings, the AI enrichment by the
 * model version fixed when the job was submitted (and by the shadow version, if one is set, stored
 * beside it). Models are loaded from the registry in Postgres once per task.
 */
public class SilverMapper extends RichMapFunction<BronzeEvent, SilverEvent> {
  /** Where to load a model version from. */
  public record ModelRef(String pgUrl, String pgUser, String pgPassword, String version)
      implements java.io.Serializable {
    /** Never shows the password. */
    @Override
    public String toString() {
      return "ModelRef[pgUrl=" + pgUrl + ", pgUser=" + pgUser + ", version=" + version + "]";
    }
  }

  private final byte[] pseudonymKey;
  private final ModelRef active;
  private final ModelRef shadow;
  private transient SilverNormalizer normalizer;
  private transient ModelSet activeModel;
  private transient ModelSet shadowModel;
  private transient Histogram latency;

  public SilverMapper(byte[] pseudonymKey, ModelRef active, ModelRef shadow) {
    this.pseudonymKey = pseudonymKey.clone();
    this.active = active;
    this.shadow = shadow;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    normalizer = new SilverNormalizer(new Pseudonymizer(pseudonymKey));
    activeModel = load(active);
    shadowModel = load(shadow);
    latency = getRuntimeContext().getMetricGroup().addGroup(LabelledCounters.GROUP)
        .histogram("classification_latency_us", new DescriptiveStatisticsHistogram(10_000));
  }

  private static ModelSet load(ModelRef ref) throws Exception {
    return ref == null ? null : new ModelRegistry(ref.pgUrl(), ref.pgUser(), ref.pgPassword()).load(ref.version());
  }

  @Override
  public SilverEvent map(BronzeEvent value) {
    SilverEvent s = normalizer.normalize(value, Instant.now());
    if ("RADICADA".equals(s.eventType) && activeModel != null) {
      long t0 = System.nanoTime();
      enrich(s, activeModel.classify(s.subject, s.description, s.pqrType));
      latency.update((System.nanoTime() - t0) / 1000);
      if (shadowModel != null) {
        Prediction p = shadowModel.classify(s.subject, s.description, s.pqrType);
        s.shadowModelVersion = p.modelVersion();
        s.shadowInferredType = p.type();
        s.shadowCategory = p.category();
        s.shadowSentiment = p.sentiment();
        s.shadowUrgency = p.urgency();
      }
    }
    return s;
  }

  static void enrich(SilverEvent s, Prediction p) {
    s.inferredType = p.type();
    s.category = p.category();
    s.sentiment = p.sentiment();
    s.urgency = p.urgency();
    s.typeConfidence = p.confidence().get("type");
    s.categoryConfidence = p.confidence().get("category");
    s.sentimentConfidence = p.confidence().get("sentiment");
    s.urgencyConfidence = p.confidence().get("urgency");
    s.modelVersion = p.modelVersion();
  }
}
