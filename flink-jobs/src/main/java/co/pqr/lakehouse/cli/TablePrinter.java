package co.pqr.lakehouse.cli;

import java.io.PrintStream;
import java.util.List;

/** Prints query rows as an aligned text table or as CSV (RFC 4180 quoting). */
final class TablePrinter {
  private TablePrinter() {}

  static void aligned(PrintStream out, List<String> columns, List<List<String>> rows) {
    int[] width = new int[columns.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = columns.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], text(r.get(i)).length());
      }
    }
    line(out, columns, width);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    out.println(rule);
    for (List<String> r : rows) {
      line(out, r, width);
    }
    out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
  }

  private static void line(PrintStream out, List<String> values, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      String v = text(values.get(i));
      b.append(i == 0 ? "" : " | ").append(v).append(" ".repeat(width[i] - v.length()));
    }
    out.println(b.toString().stripTrailing());
  }

  static void csv(PrintStream out, List<String> columns, List<List<String>> rows) {
    out.println(csvLine(columns));
    for (List<String> r : rows) {
      out.println(csvLine(r));
    }
  }

  private static String csvLine(List<String> values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (i > 0) {
        b.append(',');
      }
      if (v != null) {
        b.append(v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
            ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
      }
    }
    return b.toString();
  }

  /** One line per value in the aligned table: line breaks and tabs shown escaped, null as NULL. */
  private static String text(String v) {
    return v == null ? "NULL" : v.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }
}
