package co.pqr.lakehouse.ops;

import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.db.Database;
import co.pqr.lakehouse.db.Jdbc;
import co.pqr.lakehouse.gold.GoldStore;
import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.silver.SilverEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * How the Gold KPIs computed from Silver as of run A and as of run B differ. Gold is not
 * re-implemented here: each side's Silver rows are fed through {@link GoldStore} — the code the
 * pipeline serves Gold with — into a scratch database migrated like the real one, and the resulting
 * {@code gold.pqr_kpi_daily}, {@code gold.pqr_backlog} and {@code gold.pqr_topics_daily} rows are compared.
 */
public final class KpiDiff {
  private static final int BATCH = 5_000;

  /** Each Gold table compared: its key columns and its metric columns. */
  record GoldTable(String name, List<String> keys, List<String> metrics) {}

  static final List<GoldTable> TABLES = List.of(
      new GoldTable("gold.pqr_kpi_daily", List.of("tenant_id", "day", "channel", "pqr_type"),
          List.of("received", "answered", "answered_on_time", "avg_response_hours")),
      new GoldTable("gold.pqr_backlog", List.of("tenant_id"),
          List.of("as_of_date", "open", "overdue", "due_within_3_days", "open_high_urgency")),
      new GoldTable("gold.pqr_topics_daily", List.of("tenant_id", "day", "category"),
          List.of("received", "negative_sentiment", "high_urgency")));

  /** One metric of one Gold row that differs; a row missing on one side counts 0 (average and date: null). */
  public record Change(String table, String key, String metric, String a, String b, Double delta) {}

  /** table -> key ("k1|k2|...") -> metric -> value as text. */
  public record Gold(Map<String, Map<String, Map<String, String>>> tables, long silverRows) {}

  private KpiDiff() {}

  /** Gold computed by {@link GoldStore} from Silver as of the snapshot (null: empty Silver). */
  public static Gold goldAsOf(PipelineSettings s, Catalog catalog, Long silverSnapshot) throws Exception {
    try (ScratchDatabase scratch = ScratchDatabase.create(s, "kpidiff")) {
      PipelineSettings gold = ScratchSettings.of(s, scratch.url(), s.warehouse(), s.dataDir());
      Database.migrate(gold);
      long rows = 0;
      try (Connection c = Jdbc.connect(gold.pgUrl(), gold.pgUser(), gold.pgPassword())) {
        if (silverSnapshot != null) {
          Table silver = catalog.loadTable(LakehouseTables.SILVER);
          List<SilverEvent> batch = new ArrayList<>(BATCH);
          try (CloseableIterable<Record> it = IcebergGenerics.read(silver).useSnapshot(silverSnapshot).build()) {
            for (Record r : it) {
              batch.add(SilverRecords.toEvent(r));
              rows++;
              if (batch.size() == BATCH) {
                GoldStore.apply(c, batch, "diff-runs");
                batch.clear();
              }
            }
          }
          GoldStore.apply(c, batch, "diff-runs");
        }
        return new Gold(read(c), rows);
      }
    }
  }

  private static Map<String, Map<String, Map<String, String>>> read(Connection c) throws Exception {
    Map<String, Map<String, Map<String, String>>> out = new LinkedHashMap<>();
    for (GoldTable t : TABLES) {
      Map<String, Map<String, String>> rows = new TreeMap<>();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT " + String.join(", ", t.keys()) + ", "
              + String.join(", ", t.metrics()) + " FROM " + t.name())) {
        while (rs.next()) {
          List<String> key = new ArrayList<>();
          for (int i = 1; i <= t.keys().size(); i++) {
            key.add(rs.getString(i));
          }
          Map<String, String> metrics = new LinkedHashMap<>();
          for (int i = 0; i < t.metrics().size(); i++) {
            metrics.put(t.metrics().get(i), rs.getString(t.keys().size() + 1 + i));
          }
          rows.put(String.join("|", key), metrics);
        }
      }
      out.put(t.name(), rows);
    }
    return out;
  }

  /** Every metric that differs between A and B, table by table and key by key. */
  public static List<Change> compare(Gold a, Gold b) {
    List<Change> changes = new ArrayList<>();
    for (GoldTable t : TABLES) {
      Map<String, Map<String, String>> ra = a.tables().get(t.name());
      Map<String, Map<String, String>> rb = b.tables().get(t.name());
      TreeSet<String> keys = new TreeSet<>(ra.keySet());
      keys.addAll(rb.keySet());
      for (String key : keys) {
        Map<String, String> va = ra.get(key);
        Map<String, String> vb = rb.get(key);
        for (String m : t.metrics()) {
          String x = va == null ? absent(m) : va.get(m);
          String y = vb == null ? absent(m) : vb.get(m);
          if (!sameValue(x, y)) {
            changes.add(new Change(t.name(), key, m, x, y, delta(x, y)));
          }
        }
      }
    }
    return changes;
  }

  /** A Gold row that does not exist counts nothing: its counts are 0, its average and date absent. */
  private static String absent(String metric) {
    return metric.equals("avg_response_hours") || metric.equals("as_of_date") ? null : "0";
  }

  private static boolean sameValue(String x, String y) {
    if (Objects.equals(x, y)) {
      return true;
    }
    Double dx = number(x);
    Double dy = number(y);
    return dx != null && dy != null && Math.abs(dx - dy) < 1e-9;
  }

  private static Double delta(String x, String y) {
    Double dx = x == null ? Double.valueOf(0) : number(x);
    Double dy = y == null ? Double.valueOf(0) : number(y);
    return dx == null || dy == null ? null : dy - dx;
  }

  private static Double number(String v) {
    if (v == null) {
      return null;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The key columns of a Gold table, for printing. */
  public static List<String> keyColumns(String table) {
    return TABLES.stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow().keys();
  }
}
