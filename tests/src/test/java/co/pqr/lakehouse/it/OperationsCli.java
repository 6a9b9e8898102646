package co.pqr.lakehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.cli.PqrLakehouse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs a {@code pqr-lakehouse} command in-process against a test lakehouse and returns its standard output. */
final class OperationsCli {
  private OperationsCli() {}

  /** The flags that point a command at {@code lake} (the one place that knows how the CLI takes the password). */
  static List<String> lakeArgs(TestLakehouse lake) {
    try {
      return lake.cliArgs();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs the command; asserts exit code 0 (showing standard error otherwise). */
  static String run(TestLakehouse lake, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(lakeArgs(lake));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = PqrLakehouse.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int rc = cl.execute(args.toArray(String[]::new));
    assertThat(rc).as("exit code of %s; stderr: %s", command, err).isZero();
    return out.toString();
  }
}
