package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.PipelineLauncher;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Jdbc;
import co.pqr.lakehouse.evolution.SchemaPromotion;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code schema status} and {@code schema promote}: see {@link SchemaPromotion}. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = "Lakehouse schema evolution: pending promotions and recorded schema changes.",
    subcommands = {SchemaCommand.Status.class, SchemaCommand.Promote.class})
final class SchemaCommand {

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Columns the event contract could promote, and every recorded schema change.")
  static final class Status implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PipelineSettings s = common.resolve();
      PipelineLauncher.prepareStorage(s);
      PrintWriter out = spec.commandLine().getOut();
      List<String> pending = SchemaPromotion.pending(s);
      out.println(pending.isEmpty() ? "contract v2 fields: promoted" : "contract v2 fields not promoted yet:");
      pending.forEach(p -> out.println("    " + p));
      printChanges(s, out);
      out.flush();
      return 0;
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = {"Promote contract v2's fields (attachments_count, preferred_language) to typed Bronze and Silver"
          + " columns: an Iceberg schema update per table, recorded in control.schema_changes; rows written before"
          + " read them as null.",
          "Upgrade: stop the stream with a savepoint, run this, restart the stream from the savepoint (writers fill"
          + " the columns from their next start)."})
  static final class Promote implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Spec CommandSpec spec;

    @Option(names = "--by", description = "Who makes the change, recorded with it (default: the OS user).")
    String by = System.getProperty("user.name", "unknown");

    @Override
    public Integer call() throws Exception {
      PipelineSettings s = common.resolve();
      PipelineLauncher.prepareStorage(s);
      PrintWriter out = spec.commandLine().getOut();
      List<SchemaPromotion.Change> changes = SchemaPromotion.promote(s, by);
      if (changes.isEmpty()) {
        out.println("nothing to promote: Bronze and Silver already have the contract v2 columns");
      }
      for (SchemaPromotion.Change c : changes) {
        out.printf("%s: schema %d -> %d: %s%n", c.table(), c.fromSchemaId(), c.toSchemaId(), c.change());
      }
      out.flush();
      return 0;
    }
  }

  static void printChanges(PipelineSettings s, PrintWriter out) throws Exception {
    try (Connection c = Jdbc.connect(s.pgUrl(), s.pgUser(), s.pgPassword()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT changed_at, table_name, from_schema_id, to_schema_id, changed_by, change"
            + " FROM control.schema_changes ORDER BY change_id")) {
      out.println("recorded schema changes:");
      int n = 0;
      while (rs.next()) {
        n++;
        out.printf("    %s  %s  schema %d -> %d  by %s: %s%n", rs.getObject(1, java.time.OffsetDateTime.class),
            rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getString(5), rs.getString(6));
      }
      if (n == 0) {
        out.println("    (none)");
      }
    }
  }

  private SchemaCommand() {}
}
