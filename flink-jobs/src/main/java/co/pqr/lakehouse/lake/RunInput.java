package co.pqr.lakehouse.lake;

import co.pqr.lakehouse.iceberg.LakehouseTables;
import co.pqr.lakehouse.run.RunTally;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * A run's input bookkeeping as stream commits record it ({@link LakehouseCommitter#RUN_INPUT_PROPERTY}),
 * so that a later execution of the same stream can close a run from what Iceberg holds of it.
 */
final class RunInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunInput() {}

  static String format(RunTally tally) {
    ObjectNode root = JSON.createObjectNode();
    root.put("in", tally.recordsIn);
    root.set("from", JSON.valueToTree(new TreeMap<>(tally.fromOffsets)));
    root.set("to", JSON.valueToTree(new TreeMap<>(tally.toOffsets)));
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sets the run's committed records, content digest and last snapshot per table to what the
   * tables' histories hold, and its records in and offset range to the widest any of its commits recorded.
   */
  static void reconcile(RunTally tally, List<Table> tables) throws JsonProcessingException {
    for (Table t : tables) {
      String table = tableName(t);
      long rows = 0;
      RowDigest.Sum digest = RowDigest.Sum.ZERO;
      Long last = null;
      for (Snapshot s : t.snapshots()) {
        Map<String, String> summary = s.summary();
        if (!tally.runId.equals(summary.get(LakehouseTables.RUN_ID_PROPERTY))) {
          continue;
        }
        last = s.snapshotId();
        String input = summary.get(LakehouseCommitter.RUN_INPUT_PROPERTY);
        if (input != null) {
          JsonNode root = JSON.readTree(input);
          tally.recordsIn = Math.max(tally.recordsIn, root.path("in").asLong());
          root.path("from").fields().forEachRemaining(e -> tally.fromOffsets.merge(e.getKey(), e.getValue().asLong(), Math::min));
          root.path("to").fields().forEachRemaining(e -> tally.toOffsets.merge(e.getKey(), e.getValue().asLong(), Math::max));
        }
      }
      for (LakehouseCommitter.PartRecord part : LakehouseCommitter.committedParts(t).values()) {
        if (tally.runId.equals(t.snapshot(part.snapshotId()).summary().get(LakehouseTables.RUN_ID_PROPERTY))) {
          rows += part.rows();
          digest = digest.plus(part.digest());
        }
      }
      tally.contentDigests.remove(table);
      if (last != null) {
        tally.committedRecords.put(table, rows);
        tally.addDigest(table, digest);
        tally.snapshotIds.put(table, last);
      } else {
        tally.committedRecords.remove(table);
      }
    }
  }

  private static String tableName(Table t) {
    for (var id : List.of(LakehouseTables.BRONZE, LakehouseTables.QUARANTINE, LakehouseTables.SILVER)) {
      if (t.name().endsWith(id.toString())) {
        return id.toString();
      }
    }
    throw new IllegalArgumentException("not a lakehouse table: " + t.name());
  }
}
