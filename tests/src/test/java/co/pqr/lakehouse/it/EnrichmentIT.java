package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.cli.PqrLakehouse;
import co.pqr.lakehouse.io.JsonlInput;
import co.pqr.lakehouse.ml.Corpus;
import co.pqr.lakehouse.ml.Labels;
import co.pqr.lakehouse.ml.ModelRegistry;
import co.pqr.lakehouse.ml.ModelService;
import co.pqr.lakehouse.ml.ModelSet;
import co.pqr.lakehouse.ml.ModelTrainer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model lifecycle end to end: the classify contract, a shadow version beside the active one, comparison. */
class EnrichmentIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void classifyWritesOnePredictionPerInputLineWithTheDocumentedFields() throws Exception {
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), "unused:9092", "unused")) {
      Path in = dir.resolve("texts.jsonl");
      Files.writeString(in, String.join("\n",
          "{\"id\":\"t1\",\"subject\":\"Cobro doble en la factura de energía\",\"description\":\"Me cobraron dos veces"
              + " el mismo mes, pido que me devuelvan el dinero.\",\"declared_type\":\"PETICION\"}",
          "{\"id\":42,\"subject\":\"Felicitaciones\",\"description\":\"Quiero felicitar a la enfermera Rosa por su"
              + " atención tan amable en urgencias.\"}",
          "", "{\"id\":\"t3\",\"subject\":\"\",\"description\":\"hay un hueco enorme en la calle 10 y ya se cayeron"
              + " dos motos\"}") + "\n");
      Path out = dir.resolve("predictions.jsonl");
      Run run = cli("classify", "--input", in.toString(), "--output", out.toString(), "--pg-url", lake.settings.pgUrl());
      assertThat(run.code).as(run.output).isZero();
      List<String> lines = Files.readAllLines(out);
      assertThat(lines).hasSize(3);
      List<Object> ids = new ArrayList<>();
      for (String line : lines) {
        JsonNode p = JSON.readTree(line);
        ids.add(p.get("id").isNumber() ? p.get("id").asInt() : p.get("id").asText());
        assertThat(p.get("type").asText()).isIn(Labels.TYPE.values);
        assertThat(p.get("category").asText()).isIn(Labels.CATEGORY.values);
        assertThat(p.get("sentiment").asText()).isIn(Labels.SENTIMENT.values);
        assertThat(p.get("urgency").asText()).isIn(Labels.URGENCY.values);
        assertThat(p.get("model_version").asText()).isEqualTo(TestLakehouse.sharedModel().version());
        for (String label : List.of("type", "category", "sentiment", "urgency")) {
          assertThat(p.get("confidence").get(label).asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
        }
        List<String> fields = new ArrayList<>();
        p.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "type", "category", "sentiment", "urgency", "confidence", "model_version");
      }
      assertThat(ids).containsExactly("t1", 42, "t3");
      assertThat(JSON.readTree(lines.get(1)).get("type").asText()).isEqualTo("FELICITACION");
      assertThat(JSON.readTree(lines.get(1)).get("sentiment").asText()).isEqualTo("POSITIVO");

      Run bad = cli("classify", "--input", dir.resolve("missing.jsonl").toString(), "--output", out.toString(),
          "--pg-url", lake.settings.pgUrl());
      assertThat(bad.code).isEqualTo(2);
      assertThat(bad.output).contains("cannot read input file");
    }
  }

  @Test
  void aShadowModelRunsBesideTheActiveOneAndCanBeCompared() throws Exception {
    Path subset = dir.resolve("corpus-subset/train");
    Files.createDirectories(subset);
    Path first = Files.list(ModelService.corpusDir().resolve("train")).sorted().findFirst().orElseThrow();
    Files.copy(first, subset.resolve(first.getFileName()));
    ModelSet shadow = ModelTrainer.train(Corpus.load(subset));
    assertThat(shadow.version()).isNotEqualTo(TestLakehouse.sharedModel().version());

    List<Fixtures.In> input = new ArrayList<>(Fixtures.edgeCases());
    input.addAll(Fixtures.generated(41, 200));
    Path file = dir.resolve("input.jsonl");
    try (OutputStream o = Files.newOutputStream(file)) {
      for (Fixtures.In r : input) {
        o.write(r.value());
        o.write('\n');
      }
    }
    try (TestLakehouse lake = new TestLakehouse(dir.resolve("lake"), "unused:9092", "unused")) {
      ModelRegistry registry = ModelService.registry(lake.settings);
      registry.register(shadow, Corpus.load(subset), "test");
      registry.setStatus(shadow.version(), "shadow");
      PipelineLauncher.Launched job = PipelineLauncher.launch(lake.settings, new JsonlInput(file), "backfill",
          TestLakehouse.KEY, false);
      job.client().getJobExecutionResult().get();

      String active = TestLakehouse.sharedModel().version();
      List<Record> filings = lake.silver().stream().filter(r -> "RADICADA".equals(r.getField("event_type"))).toList();
      assertThat(filings).isNotEmpty().allSatisfy(r -> {
        assertThat(r.getField("model_version")).isEqualTo(active);
        assertThat(r.getField("shadow_model_version")).isEqualTo(shadow.version());
        assertThat((String) r.getField("shadow_category")).isIn(Labels.CATEGORY.values);
        assertThat((String) r.getField("shadow_inferred_type")).isIn(Labels.TYPE.values);
        assertThat((String) r.getField("shadow_sentiment")).isIn(Labels.SENTIMENT.values);
        assertThat((String) r.getField("shadow_urgency")).isIn(Labels.URGENCY.values);
      });
      assertThat(lake.scalar("SELECT count(*) FROM control.runs WHERE model_version = '" + active
          + "' AND shadow_model_version = '" + shadow.version() + "'")).isEqualTo(1);
      PipelineIT.assertGoldEquals(lake, Fixtures.validPayloads(input));

      long agreeingCategories = filings.stream()
          .filter(r -> r.getField("category").equals(r.getField("shadow_category"))).count();
      Run cmp = cli("compare-models", active, shadow.version(), "--pg-url", lake.settings.pgUrl(),
          "--warehouse", lake.settings.warehouse());
      assertThat(cmp.code).as(cmp.output).isZero();
      assertThat(cmp.output).contains("over " + filings.size() + " filed PQRs in Silver");
      assertThat(cmp.output).containsPattern("agreement category +[0-9.]+% \\(" + agreeingCategories + " of "
          + filings.size() + "\\)");
      assertThat(cmp.output).contains("topic KPIs").contains("high-urgency PQRs: A ");
    }
  }

  record Run(int code, String output) {}

  static Run cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      int code = PqrLakehouse.commandLine().execute(args);
      return new Run(code, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
