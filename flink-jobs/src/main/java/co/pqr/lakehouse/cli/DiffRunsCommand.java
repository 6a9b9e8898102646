package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.iceberg.LakehouseCatalog;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.ops.KpiDiff;
import co.pqr.lakehouse.ops.RunRecord;
import co.pqr.lakehouse.ops.RunSnapshots;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** KPI diff: Gold from Silver as of run A against Gold from Silver as of run B. */
@Command(name = "diff-runs", mixinStandardHelpOptions = true,
    description = {"Compute the Gold KPIs (daily KPIs, backlog, topics) from Silver as of run A and as of run B, with"
        + " the pipeline's own Gold code in scratch databases, and print every metric that differs (A, B, delta)"
        + " and a summary: the change one window of data, or one model version, made."})
public final class DiffRunsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "RUN_A")
  String runA;

  @Parameters(index = "1", paramLabel = "RUN_B")
  String runB;

  @Override
  public Integer call() throws Exception {
    PipelineSettings s = common.resolve();
    OpsDatabase.reachAndMigrate(s);
    RunRecord a = RunRecord.load(s, runA);
    RunRecord b = RunRecord.load(s, runB);
    try (JdbcCatalog catalog = LakehouseCatalog.open(s.catalog())) {
      Long silverA = RunSnapshots.asOf(catalog, a).get(LakehouseTables.SILVER);
      Long silverB = RunSnapshots.asOf(catalog, b).get(LakehouseTables.SILVER);
      KpiDiff.Gold goldA = KpiDiff.goldAsOf(s, catalog, silverA);
      KpiDiff.Gold goldB = KpiDiff.goldAsOf(s, catalog, silverB);
      print(System.out, a, b, goldA, goldB, KpiDiff.compare(goldA, goldB));
    }
    return 0;
  }

  static void print(PrintStream out, RunRecord a, RunRecord b, KpiDiff.Gold goldA, KpiDiff.Gold goldB,
      List<KpiDiff.Change> changes) {
    out.printf("A = %s (Silver rows %d)%nB = %s (Silver rows %d)%n", a.runId(), goldA.silverRows(), b.runId(),
        goldB.silverRows());
    if (changes.isEmpty()) {
      out.println("no Gold KPI differs");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (KpiDiff.Change c : changes) {
      rows.add(List.of(c.table(), c.key(), c.metric(), text(c.a()), text(c.b()),
          c.delta() == null ? "" : String.format(Locale.ROOT, "%+.4f", c.delta()).replaceAll("\\.?0+$", "")));
    }
    TablePrinter.aligned(out, List.of("table", "key", "metric", "A", "B", "delta"), rows);
    Map<String, long[]> summary = new TreeMap<>();
    for (KpiDiff.Change c : changes) {
      long[] s = summary.computeIfAbsent(c.table(), t -> new long[2]);
      s[0]++;
      if ("received".equals(c.metric()) && c.delta() != null) {
        s[1] += Math.round(c.delta());
      }
    }
    summary.forEach((table, s) -> out.printf("%s: %d metrics differ (keys: %s)%s%n", table, s[0],
        String.join(", ", KpiDiff.keyColumns(table)),
        table.equals("gold.pqr_backlog") ? "" : String.format(Locale.ROOT, "; received %+d", s[1])));
  }

  private static String text(String v) {
    return v == null ? "(none)" : v;
  }
}
