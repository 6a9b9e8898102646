package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.quarantine.QuarantineReprocessor;
import co.pqr.lakehouse.silver.privacy.PseudonymKey;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarantine list} and {@code quarantine reprocess}: see {@link QuarantineReprocessor}. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
    description = "Inspect the quarantine and move records a fixed contract now accepts into the pipeline.",
    subcommands = {QuarantineCommand.ListReasons.class, QuarantineCommand.Reprocess.class})
final class QuarantineCommand {

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Quarantined records grouped by reason code: count, how many were reprocessed, first and last"
          + " seen, the most frequent reasons.")
  static final class ListReasons implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PipelineSettings s = common.resolve();
      PipelineLauncher.prepareStorage(s);
      PrintWriter out = spec.commandLine().getOut();
      List<QuarantineReprocessor.Group> groups = new QuarantineReprocessor(s).list();
      if (groups.isEmpty()) {
        out.println("(the quarantine is empty)");
      }
      out.printf("%-18s %9s %11s  %-24s %-24s%n", "reason_code", "records", "reprocessed", "first_seen", "last_seen");
      for (QuarantineReprocessor.Group g : groups) {
        out.printf("%-18s %9d %11d  %-24s %-24s%n", g.reasonCode(), g.records(), g.reprocessed(), g.firstSeen(),
            g.lastSeen());
        g.topReasons().forEach((reason, n) -> out.printf("    %6d  %s%n", n, reason));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "reprocess", mixinStandardHelpOptions = true,
      description = {"Re-validate the records quarantined with one reason code under the current contract"
          + " (and --max-payload-bytes) and move those now valid into Bronze, Silver and Gold once, as a run of"
          + " mode reprocess. Records moved before are skipped; those still invalid stay, reported with their"
          + " current reason."})
  static final class Reprocess implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--reason", required = true, paramLabel = "REASON_CODE",
        description = "The reason code to reprocess, as `quarantine list` shows it (e.g. OVERSIZED, SCHEMA).")
    String reason;

    @Option(names = "--dry-run", description = "Only report what would be moved.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      PipelineSettings s = common.resolve();
      Files.createDirectories(s.dataDir());
      PipelineLauncher.prepareStorage(s);
      PrintWriter out = spec.commandLine().getOut();
      byte[] key = dryRun ? new byte[0] : PseudonymKey.resolve(System.getenv(), s.dataDir()).key();
      QuarantineReprocessor.Result r = new QuarantineReprocessor(s).reprocess(reason, dryRun, key);
      print(out, reason, r);
      out.flush();
      return 0;
    }
  }

  static void print(PrintWriter out, String reason, QuarantineReprocessor.Result r) {
    out.printf("%s: %d quarantined records, %d moved before, %d now valid%s%n", reason, r.candidates(),
        r.alreadyMoved(), r.nowValid(), r.dryRun() ? " (dry run: nothing moved)" : r.runId() == null
            ? ", nothing to move" : ", moved in run " + r.runId());
    long still = r.stillInvalid().values().stream().mapToLong(Long::longValue).sum();
    out.printf("still invalid: %d%n", still);
    for (Map.Entry<String, Long> e : r.stillInvalid().entrySet()) {
      out.printf("    %6d  %s%n", e.getValue(), e.getKey());
    }
  }

  private QuarantineCommand() {}
}
