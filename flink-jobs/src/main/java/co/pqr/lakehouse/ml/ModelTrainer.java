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
 * Trains a {@link ModelSet} from a corpus with OpenNLP document categorizers over Spanish stems.
 * Each label uses the learner that did best on the held-out set when the corpus was built (see
 * docs/model-evaluation.md): maximum entropy over bag-of-stems for type, sentiment and urgency,
 * naive Bayes over stems and stem bigrams for category. Training is deterministic: the same
 * corpus and settings give the same model, and the version is derived from both.
 */
public final class ModelTrainer {
  /** Learner and features per label. */
  record Recipe(String algorithm, boolean bigrams) {}

  static final Map<Labels, Recipe> RECIPES = Map.of(
      Labels.TYPE, new Recipe("MAXENT", false),
      Labels.CATEGORY, new Recipe("NAIVEBAYES", true),
      Labels.SENTIMENT, new Recipe("MAXENT", false),
      Labels.URGENCY, new Recipe("MAXENT", false));

  public static final String ALGORITHM = "opennlp doccat on Spanish stems: type/sentiment/urgency maxent(bow,"
      + " 300 iterations, cutoff 1), category naive-bayes(bow+bigram)";

  private ModelTrainer() {}

  public static String versionFor(Corpus corpus) {
    String settings = Integer.toHexString(ALGORITHM.hashCode() & 0xffff);
    return "pqr-nlp-" + corpus.digest().substring(0, 12) + "-" + settings;
  }

  public static ModelSet train(Corpus corpus) throws IOException {
    Map<Labels, DoccatModel> models = new EnumMap<>(Labels.class);
    for (Labels l : Labels.values()) {
      Recipe recipe = RECIPES.get(l);
      TrainingParameters params = TrainingParameters.defaultParams();
      params.put(TrainingParameters.ALGORITHM_PARAM, recipe.algorithm());
      params.put(TrainingParameters.ITERATIONS_PARAM, 300);
      params.put(TrainingParameters.CUTOFF_PARAM, 1);
      params.put(TrainingParameters.THREADS_PARAM, 1);
      List<DocumentSample> samples = new ArrayList<>();
      for (LabelledText t : corpus.examples()) {
        samples.add(new DocumentSample(t.label(l), TextFeatures.tokens(t.subject(), t.description(), t.declaredType())));
      }
      DoccatFactory factory = new DoccatFactory(recipe.bigrams()
          ? new FeatureGenerator[] {new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2)}
          : new FeatureGenerator[] {new BagOfWordsFeatureGenerator()});
      models.put(l, DocumentCategorizerME.train("es", ObjectStreamUtils.createObjectStream(samples), params, factory));
    }
    return new ModelSet(versionFor(corpus), models);
  }
}
