package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.erasure.CitizenErasure;
import co.pqr.lakehouse.silver.privacy.PseudonymKey;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code erase}: the right to erasure for one citizen of one tenant ({@link CitizenErasure}). Prints what
 * each layer lost; never prints the document number (the citizen is named by the first characters of
 * their pseudonym token).
 */
@Command(name = "erase", mixinStandardHelpOptions = true,
    description = "Erase one citizen's data from Raw, Bronze, quarantine, Silver and old Iceberg snapshots, recompute"
        + " the tenant's Gold and record the erasure in control.erasures. Run it with the pipeline stopped.")
public final class EraseCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--tenant", required = true, description = "The tenant (entity) the citizen filed with.")
  String tenant;

  @Option(names = "--document-type", required = true, paramLabel = "CC|CE|TI|NIT|PA", description = "Identity document type.")
  String documentType;

  @Option(names = "--document-number", required = true, paramLabel = "NUMBER",
      description = "Identity document number (dots, spaces and dashes are ignored).")
  String documentNumber;

  @Override
  public Integer call() throws Exception {
    PipelineSettings s = common.resolve();
    Map<String, String> env = System.getenv();
    String fromEnv = env.get(PseudonymKey.ENV_VAR);
    if ((fromEnv == null || fromEnv.isBlank()) && !Files.exists(s.dataDir().resolve(PseudonymKey.KEY_FILE))) {
      throw new IllegalArgumentException("erase needs the pseudonymisation key the pipeline used: set "
          + PseudonymKey.ENV_VAR + " or point --data-dir at the folder holding " + PseudonymKey.KEY_FILE);
    }
    PseudonymKey.Resolved key = PseudonymKey.resolve(env, s.dataDir());
    PrintWriter out = spec.commandLine().getOut();
    out.println(key.describe());
    CitizenErasure.Report r = CitizenErasure.run(s, key.key(), tenant, documentType, documentNumber);
    out.printf("%s: tenant %s, %s citizen %s…, %d case(s)%n", r.erasureId(), r.tenant(), r.documentType(),
        r.citizenToken().substring(0, 12), r.cases());
    out.printf("  raw         %d record(s) removed, %d file(s) rewritten%n", r.rawRecords(), r.rawFilesRewritten());
    out.printf("  bronze      %d row(s) removed%n", r.bronzeRows());
    out.printf("  quarantine  %d row(s) removed%n", r.quarantineRows());
    out.printf("  silver      %d row(s) removed%n", r.silverRows());
    out.printf("  gold        %d case(s) removed; tenant %s recomputed from Silver%n", r.goldCases(), r.tenant());
    out.printf("  snapshots   %d expired; %d file(s) removed%n", r.snapshotsExpired(), r.filesRemoved());
    out.printf("recorded in control.erasures in %.1f s%n",
        Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0);
    out.flush();
    return 0;
  }
}
