package co.pqr.lakehouse.ml;

import co.pqr.lakehouse.config.PipelineSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Training, evaluation and activation as the CLI and the pipeline use them. */
public final class ModelService {
  private ModelService() {}

  /** The shipped corpus: -Dpqr.corpus.dir, PQR_CORPUS_DIR, ./corpus or ../corpus. */
  public static Path corpusDir() {
    String configured = System.getProperty("pqr.corpus.dir", System.getenv("PQR_CORPUS_DIR"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (Path p : new Path[] {Path.of("corpus"), Path.of("../corpus")}) {
      if (Files.isDirectory(p.resolve("train"))) {
        return p;
      }
    }
    return Path.of("corpus");
  }

  public static ModelRegistry registry(PipelineSettings s) {
    return new ModelRegistry(s.pgUrl(), s.pgUser(), s.pgPassword());
  }

  /** Trains on {@code corpus/train}, registers the version and evaluates it on {@code corpus/heldout}. */
  public static Trained train(PipelineSettings s, Path corpus, PrintStream out) throws Exception {
    Corpus training = Corpus.load(corpus.resolve("train"));
    out.printf("training on %d examples (digest %s) ...%n", training.examples().size(), training.digest().substring(0, 12));
    long t0 = System.nanoTime();
    ModelSet model = ModelTrainer.train(training);
    out.printf("trained %s in %.1f s%n", model.version(), (System.nanoTime() - t0) / 1e9);
    ModelRegistry registry = registry(s);
    registry.register(model, training, "postgres:control.model_artifacts/" + model.version());
    Corpus heldOut = Corpus.load(corpus.resolve("heldout"));
    Evaluation evaluation = Evaluation.of(model, heldOut.examples());
    registry.recordMetrics(model.version(), evaluation.metrics());
    return new Trained(model, training, heldOut, evaluation);
  }

  /** A freshly trained version with its held-out evaluation. */
  public record Trained(ModelSet model, Corpus training, Corpus heldOut, Evaluation evaluation) {}

  /** The active version; if none is registered yet, trains one from the shipped corpus and activates it. */
  public static String ensureActive(PipelineSettings s, PrintStream out) throws Exception {
    ModelRegistry registry = registry(s);
    Optional<String> active = registry.versionWithStatus("active");
    if (active.isPresent()) {
      return active.get();
    }
    out.println("no active enrichment model in control.models: training one from " + corpusDir().toAbsolutePath());
    Trained t = train(s, corpusDir(), out);
    registry.setStatus(t.model().version(), "active");
    out.println("activated model " + t.model().version() + " " + t.evaluation().metrics());
    return t.model().version();
  }
}
