package co.pqr.lakehouse.cli;

import org.apache.iceberg.jdbc.JdbcCatalog;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Database;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.ml.Corpus;
import co.pqr.lakehouse.ml.Evaluation;
import co.pqr.lakehouse.ml.Labels;
import co.pqr.lakehouse.ml.LabelledText;
import co.pqr.lakehouse.ml.ModelRegistry;
import co.pqr.lakehouse.ml.ModelService;
import co.pqr.lakehouse.ml.ModelSet;
import co.pqr.lakehouse.ml.Prediction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model lifecycle commands: train, evaluate, classify, compare-models, models, activate-model, shadow-model. */
final class ModelCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelCommands() {}

  static PipelineSettings prepare(CommonOptions common) {
    PipelineSettings s = common.resolve();
    Database.migrate(s);
    return s;
  }

  static String versionOrActive(PipelineSettings s, String version) throws Exception {
    return version != null ? version : ModelService.ensureActive(s, System.err);
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = "Train a model version from the corpus (corpus/train), register it in control.models with its"
          + " held-out figures (corpus/heldout), and optionally make it the active or shadow version.")
  static final class Train implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--corpus", description = "Corpus folder with train/ and heldout/ (default: the shipped corpus/).")
    Path corpus;

    @Option(names = "--activate", description = "Make the new version the active one.")
    boolean activate;

    @Option(names = "--shadow", description = "Make the new version the shadow one (run side by side with the active).")
    boolean shadow;

    @Override
    public Integer call() throws Exception {
      PipelineSettings s = prepare(common);
      ModelService.Trained t = ModelService.train(s, corpus == null ? ModelService.corpusDir() : corpus, System.out);
      printScores(t.evaluation());
      if (activate || shadow) {
        ModelService.registry(s).setStatus(t.model().version(), activate ? "active" : "shadow");
        System.out.println((activate ? "active" : "shadow") + " model is now " + t.model().version());
      } else if (ModelService.registry(s).versionWithStatus("active").isEmpty()) {
        ModelService.registry(s).setStatus(t.model().version(), "active");
        System.out.println("no active model yet: " + t.model().version() + " is now active");
      }
      return 0;
    }
  }

  @Command(name = "evaluate", mixinStandardHelpOptions = true,
      description = "Evaluate a model version on the held-out set (never used in training): accuracy, macro-F1 and a"
          + " confusion matrix per label; writes a Markdown report and records the figures in control.models.")
  static final class Evaluate implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--model-version", description = "Version to evaluate (default: the active one).")
    String version;

    @Option(names = "--corpus", description = "Corpus folder (default: the shipped corpus/).")
    Path corpus;

    @Option(names = "--report", description = "Markdown report path (default docs/model-evaluation.md).")
    Path report = Path.of("docs/model-evaluation.md");

    @Override
    public Integer call() throws Exception {
      PipelineSettings s = prepare(common);
      String v = versionOrActive(s, version);
      ModelRegistry registry = ModelService.registry(s);
      ModelSet model = registry.load(v);
      Path dir = corpus == null ? ModelService.corpusDir() : corpus;
      Corpus heldOut = Corpus.load(dir.resolve("heldout"));
      Evaluation e = Evaluation.of(model, heldOut.examples());
      double perSecond = throughput(model, heldOut.examples());
      registry.recordMetrics(v, e.metrics());
      registry.recordMetrics(v, Map.of("classifications_per_second_one_core", Math.round(perSecond)));
      printScores(e);
      System.out.printf(Locale.ROOT, "throughput: %.0f classifications/s on one core (4 labels each)%n", perSecond);
      String md = e.markdown(heldOut.examples().size() + " texts in " + dir.resolve("heldout") + " (digest "
          + heldOut.digest().substring(0, 12) + ")")
          + String.format(Locale.ROOT, "%nThroughput: %.0f classifications/s on one core (each = 4 labels).%n", perSecond);
      if (report.getParent() != null) {
        Files.createDirectories(report.getParent());
      }
      Files.writeString(report, md);
      System.out.println("report written to " + report);
      return 0;
    }
  }

  static double throughput(ModelSet model, List<LabelledText> texts) {
    int warm = Math.min(texts.size(), 200);
    for (int i = 0; i < warm; i++) {
      model.classify(texts.get(i).subject(), texts.get(i).description(), texts.get(i).declaredType());
    }
    long t0 = System.nanoTime();
    int n = 0;
    while (System.nanoTime() - t0 < 2_000_000_000L) {
      LabelledText t = texts.get(n % texts.size());
      model.classify(t.subject(), t.description(), t.declaredType());
      n++;
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  static void printScores(Evaluation e) {
    System.out.println("model " + e.modelVersion() + " on the held-out set:");
    System.out.println("  label       n   accuracy  macro-F1");
    for (Labels l : Labels.values()) {
      Evaluation.LabelScore sc = e.score(l);
      System.out.printf(Locale.ROOT, "  %-10s %4d  %8.3f  %8.3f%n", l.field, sc.n(), sc.accuracy(), sc.macroF1());
    }
  }

  @Command(name = "classify", mixinStandardHelpOptions = true,
      description = {"Classify texts: input lines {\"id\",\"subject\",\"description\",\"declared_type\"?},",
          "output lines {\"id\",\"type\",\"category\",\"sentiment\",\"urgency\",\"confidence\":{...},\"model_version\"}."})
  static final class Classify implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--input", required = true, paramLabel = "texts.jsonl")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "predictions.jsonl")
    Path output;

    @Option(names = "--model-version", description = "Version to use (default: the active one).")
    String version;

    @Override
    public Integer call() throws Exception {
      if (!Files.isReadable(input)) {
        throw new IOException("cannot read input file " + input.toAbsolutePath());
      }
      PipelineSettings s = prepare(common);
      String v = versionOrActive(s, version);
      ModelSet model = ModelService.registry(s).load(v);
      int n = 0;
      try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
          BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          JsonNode t;
          try {
            t = JSON.readTree(line);
          } catch (IOException e) {
            throw new IOException(input + ":" + lineNo + ": not JSON: " + e.getMessage());
          }
          Prediction p = model.classify(t.path("subject").asText(""), t.path("description").asText(""),
              t.hasNonNull("declared_type") ? t.get("declared_type").asText() : null);
          ObjectNode o = JSON.createObjectNode();
          o.set("id", t.get("id"));
          o.put("type", p.type());
          o.put("category", p.category());
          o.put("sentiment", p.sentiment());
          o.put("urgency", p.urgency());
          ObjectNode conf = o.putObject("confidence");
          p.confidence().forEach((k, val) -> conf.put(k, Math.round(val * 10_000) / 10_000.0));
          o.put("model_version", p.modelVersion());
          out.write(JSON.writeValueAsString(o));
          out.write('\n');
          n++;
        }
      }
      System.out.println("classified " + n + " texts with " + v + " into " + output);
      return 0;
    }
  }

  @Command(name = "compare-models", mixinStandardHelpOptions = true,
      description = "Compare two model versions on the filed PQRs in Silver (or, if Silver is empty, on the held-out"
          + " texts): agreement per label and the differences in topic KPIs (received, negative sentiment, high"
          + " urgency per category) and in open high-urgency cases they would cause.")
  static final class CompareModels implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "A")
    String a;

    @Parameters(index = "1", paramLabel = "B")
    String b;

    @Override
    public Integer call() throws Exception {
      PipelineSettings s = prepare(common);
      ModelRegistry registry = ModelService.registry(s);
      ModelSet ma = registry.load(a);
      ModelSet mb = registry.load(b);
      List<String[]> texts = silverFilings(s);
      String over = texts.size() + " filed PQRs in Silver";
      if (texts.isEmpty()) {
        for (LabelledText t : Corpus.load(ModelService.corpusDir().resolve("heldout")).examples()) {
          texts.add(new String[] {t.subject(), t.description(), t.declaredType()});
        }
        over = texts.size() + " held-out texts (Silver has no filed PQRs)";
      }
      Map<String, int[]> agree = new TreeMap<>();
      Map<String, long[]> topics = new TreeMap<>();
      long[] highUrgency = new long[2];
      for (String[] t : texts) {
        Prediction pa = ma.classify(t[0], t[1], t[2]);
        Prediction pb = mb.classify(t[0], t[1], t[2]);
        for (Labels l : Labels.values()) {
          int[] c = agree.computeIfAbsent(l.field, k -> new int[2]);
          c[0] += pa.get(l).equals(pb.get(l)) ? 1 : 0;
          c[1]++;
        }
        count(topics, pa, 0);
        count(topics, pb, 3);
        highUrgency[0] += "ALTA".equals(pa.urgency()) ? 1 : 0;
        highUrgency[1] += "ALTA".equals(pb.urgency()) ? 1 : 0;
      }
      System.out.println("compare " + a + " (A) with " + b + " (B) over " + over);
      agree.forEach((k, c) -> System.out.printf(Locale.ROOT, "  agreement %-10s %6.1f%% (%d of %d)%n", k,
          c[1] == 0 ? 0 : 100.0 * c[0] / c[1], c[0], c[1]));
      System.out.println("  topic KPIs (received / negative_sentiment / high_urgency): A -> B (difference)");
      topics.forEach((cat, v) -> System.out.printf(Locale.ROOT, "  %-17s %5d/%5d/%5d -> %5d/%5d/%5d  (%+d/%+d/%+d)%n",
          cat, v[0], v[1], v[2], v[3], v[4], v[5], v[3] - v[0], v[4] - v[1], v[5] - v[2]));
      System.out.printf(Locale.ROOT, "  high-urgency PQRs: A %d, B %d (%+d)%n", highUrgency[0], highUrgency[1],
          highUrgency[1] - highUrgency[0]);
      return 0;
    }

    private static void count(Map<String, long[]> topics, Prediction p, int offset) {
      long[] v = topics.computeIfAbsent(p.category(), k -> new long[6]);
      v[offset]++;
      v[offset + 1] += "NEGATIVO".equals(p.sentiment()) ? 1 : 0;
      v[offset + 2] += "ALTA".equals(p.urgency()) ? 1 : 0;
    }

    private static List<String[]> silverFilings(PipelineSettings s) throws Exception {
      List<String[]> out = new ArrayList<>();
      try (JdbcCatalog catalog = LakehouseCatalog.open(s.catalog())) {
        if (!catalog.tableExists(LakehouseTables.SILVER)) {
          return out;
        }
        Table silver = catalog.loadTable(LakehouseTables.SILVER);
        if (silver.currentSnapshot() == null) {
          return out;
        }
        try (CloseableIterable<Record> rows = IcebergGenerics.read(silver)
            .where(Expressions.equal("event_type", "RADICADA"))
            .select("subject", "description", "pqr_type").build()) {
          for (Record r : rows) {
            out.add(new String[] {(String) r.getField("subject"), (String) r.getField("description"),
                (String) r.getField("pqr_type")});
          }
        }
      }
      return out;
    }
  }

  @Command(name = "models", mixinStandardHelpOptions = true, description = "List the registered model versions.")
  static final class Models implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
      PipelineSettings s = prepare(common);
      List<ModelRegistry.Entry> entries = ModelService.registry(s).list();
      if (entries.isEmpty()) {
        System.out.println("(no models registered; `train` creates one)");
      }
      for (ModelRegistry.Entry e : entries) {
        System.out.printf("%-34s %-10s examples=%d digest=%s%n    %s%n    %s%n", e.version(), e.status(),
            e.trainingExamples(), e.trainingDigest().substring(0, 12), e.algorithm(), e.metricsJson());
      }
      return 0;
    }
  }

  @Command(name = "activate-model", mixinStandardHelpOptions = true,
      description = "Make a registered version the active one (used by jobs started from now on).")
  static final class Activate implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "VERSION")
    String version;

    @Override
    public Integer call() throws Exception {
      ModelService.registry(prepare(common)).setStatus(version, "active");
      System.out.println("active model is now " + version + " (running jobs keep the version they started with)");
      return 0;
    }
  }

  @Command(name = "shadow-model", mixinStandardHelpOptions = true,
      description = "Run a registered version side by side with the active one (its outputs go to Silver's shadow_*"
          + " columns), or --none to stop.")
  static final class Shadow implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "VERSION", arity = "0..1")
    String version;

    @Option(names = "--none", description = "No shadow model.")
    boolean none;

    @Override
    public Integer call() throws Exception {
      ModelRegistry registry = ModelService.registry(prepare(common));
      if (none) {
        var current = registry.versionWithStatus("shadow");
        if (current.isPresent()) {
          registry.setStatus(current.get(), "registered");
        }
        System.out.println("no shadow model");
        return 0;
      }
      if (version == null) {
        throw new IllegalArgumentException("give a VERSION or --none");
      }
      registry.setStatus(version, "shadow");
      System.out.println("shadow model is now " + version);
      return 0;
    }
  }
}
