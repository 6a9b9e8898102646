package co.pqr.lakehouse.ml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/**
 * Trains a {@link ModelSet} from a corpus with OpenNLP's maximum-entropy document categorizer over
 * bag-of-stems and stem-bigram features. Training is deterministic: the same corpus and settings
 * give the same model, and the version is derived from the corpus digest and the settings.
 */
public final class ModelTrainer {
  public static final String ALGORITHM = "opennlp-maxent(bow+bigram,stems) iterations=300 cutoff=1";

  private ModelTrainer() {}

  public static String versionFor(Corpus corpus) {
    String settings = Integer.toHexString(ALGORITHM.hashCode() & 0xffff);
    return "pqr-nlp-" + corpus.digest().substring(0, 12) + "-" + settings;
  }

  public static ModelSet train(Corpus corpus) throws IOException {
    TrainingParameters params = TrainingParameters.defaultParams();
    params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT");
    params.put(TrainingParameters.ITERATIONS_PARAM, 300);
    params.put(TrainingParameters.CUTOFF_PARAM, 1);
    params.put(TrainingParameters.THREADS_PARAM, 1);
    Map<Labels, DoccatModel> models = new EnumMap<>(Labels.class);
    for (Labels l : Labels.values()) {
      List<DocumentSample> samples = new ArrayList<>();
      for (LabelledText t : corpus.examples()) {
        samples.add(new DocumentSample(t.label(l), TextFeatures.tokens(t.subject(), t.description(), t.declaredType())));
      }
      DoccatFactory factory = new DoccatFactory(new FeatureGenerator[] {
          new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2)});
      models.put(l, DocumentCategorizerME.train("es", ObjectStreamUtils.createObjectStream(samples), params, factory));
    }
    return new ModelSet(versionFor(corpus), models);
  }
}
