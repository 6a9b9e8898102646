package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.ops.Replay;
import co.pqr.lakehouse.silver.privacy.PseudonymKey;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Replay and verify one run. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Re-execute a run from its recorded input range (Kafka offsets while retained, the JSONL file if"
        + " still there, else the Raw archive) into a scratch database and warehouse, starting from Silver as the"
        + " run's de-duplication saw it; compare the content digests of its Bronze, quarantine and Silver rows"
        + " (business columns) and print MATCH or DIFF with the first differences. Exit status 0 on MATCH,"
        + " 1 on DIFF. The scratch space is removed afterwards.",
        "Uses the same pseudonymisation key as the pipeline (PQR_PSEUDONYM_KEY or DATA_DIR/pseudonym.key)."})
public final class ReplayCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--run-id", required = true, paramLabel = "RUN_ID", description = "The run to replay.")
  String runId;

  @Override
  public Integer call() throws Exception {
    PipelineSettings s = common.resolve();
    OpsDatabase.reachAndMigrate(s);
    Files.createDirectories(s.dataDir());
    PseudonymKey.Resolved key = PseudonymKey.resolve(System.getenv(), s.dataDir());
    Replay.Outcome outcome = new Replay(s, key.key(), System.out).run(runId);
    print(System.out, outcome);
    return outcome.match() ? 0 : 1;
  }

  static void print(PrintStream out, Replay.Outcome o) {
    List<List<String>> rows = new ArrayList<>();
    for (Replay.TableResult t : o.tables()) {
      rows.add(List.of(t.table(),
          t.recorded() == null ? "(not recorded)" : t.recorded().rows() + " " + t.recorded().digest().hex(),
          t.originalRows() + " " + t.original().hex(),
          t.replayRows() + " " + t.replay().hex(),
          t.match() ? "MATCH" : "DIFF"));
    }
    TablePrinter.aligned(out, List.of("table", "recorded at commit (rows digest)", "original now", "replay", ""), rows);
    for (Replay.TableResult t : o.tables()) {
      if (t.match()) {
        continue;
      }
      if (t.recorded() != null && !t.recorded().digest().equals(t.original())) {
        out.println(t.table() + ": the original rows no longer match the digest recorded at commit");
      }
      for (String d : t.differences()) {
        out.println(t.table() + " " + d);
      }
    }
    out.println((o.match() ? "MATCH" : "DIFF") + " " + o.runId());
  }
}
