package co.pqr.lakehouse.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model quality gate: a model trained on the shipped training corpus must reach the targets on
 * the held-out texts, which training never sees (macro-F1 >= 0.85 for type and category, >= 0.80
 * for sentiment).
 */
class ModelQualityTest {
  private static Corpus training;
  private static Corpus heldOut;
  private static ModelSet model;
  private static Evaluation evaluation;

  @BeforeAll
  static void train() throws Exception {
    Path corpus = ModelService.corpusDir();
    training = Corpus.load(corpus.resolve("train"));
    heldOut = Corpus.load(corpus.resolve("heldout"));
    model = ModelTrainer.train(training);
    evaluation = Evaluation.of(model, heldOut.examples());
  }

  @Test
  void corpusMeetsItsSizeAndIndependenceRequirements() {
    assertThat(training.examples()).hasSizeGreaterThanOrEqualTo(1500);
    assertThat(heldOut.examples()).hasSizeGreaterThanOrEqualTo(300);
    Set<String> trainTexts = new HashSet<>();
    training.examples().forEach(t -> trainTexts.add(t.description().strip()));
    assertThat(heldOut.examples()).noneMatch(t -> trainTexts.contains(t.description().strip()));
  }

  @Test
  void typeMacroF1OnHeldOutReachesTarget() {
    assertThat(evaluation.score(Labels.TYPE).macroF1()).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void categoryMacroF1OnHeldOutReachesTarget() {
    assertThat(evaluation.score(Labels.CATEGORY).macroF1()).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void sentimentMacroF1OnHeldOutReachesTarget() {
    assertThat(evaluation.score(Labels.SENTIMENT).macroF1()).isGreaterThanOrEqualTo(0.80);
  }

  @Test
  void trainingIsDeterministicAndTheVersionFollowsTheData() throws Exception {
    ModelSet again = ModelTrainer.train(training);
    assertThat(again.version()).isEqualTo(model.version()).startsWith("pqr-nlp-" + training.digest().substring(0, 12));
    ModelSet reloaded = ModelSet.fromBytes(model.version(), model.toBytes());
    for (LabelledText t : heldOut.examples()) {
      Prediction expected = model.classify(t.subject(), t.description(), t.declaredType());
      assertThat(again.classify(t.subject(), t.description(), t.declaredType())).isEqualTo(expected);
      assertThat(reloaded.classify(t.subject(), t.description(), t.declaredType())).isEqualTo(expected);
    }
  }

  @Test
  void evaluationCountsMatchTheConfusionMatrix() {
    for (Labels l : Labels.values()) {
      Evaluation.LabelScore s = evaluation.score(l);
      long total = 0;
      long diagonal = 0;
      for (int i = 0; i < s.confusion().length; i++) {
        for (int j = 0; j < s.confusion().length; j++) {
          total += s.confusion()[i][j];
        }
        diagonal += s.confusion()[i][i];
      }
      assertThat(total).isEqualTo(heldOut.examples().size());
      assertThat(s.accuracy()).isEqualTo((double) diagonal / total);
    }
  }
}
