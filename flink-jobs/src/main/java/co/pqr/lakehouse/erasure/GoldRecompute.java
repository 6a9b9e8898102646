package co.pqr.lakehouse.erasure;

import co.pqr.lakehouse.gold.GoldStore;
import co.pqr.lakehouse.silver.SilverEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Rebuilds one tenant's Gold from its Silver rows, after erasure removed some of them: in one
 * transaction, under the tenant's Gold lock, every Gold row of the tenant is deleted and the tenant's
 * remaining Silver events are applied again through {@link GoldStore} (which recomputes every KPI,
 * topic and backlog row from the case table). Dashboards see the old numbers or the new ones, never a
 * tenant with no Gold. The tenant's events are held in memory at once.
 */
final class GoldRecompute {
  private static final String[] TENANT_TABLES = {
      "gold.pqr_kpi_daily", "gold.pqr_topics_daily", "gold.pqr_backlog", "gold.pqr_case"};

  private GoldRecompute() {}

  /** @return the Silver events applied */
  static int tenant(Connection c, Table silver, String tenant, String runId) throws SQLException {
    List<SilverEvent> events = silverEvents(silver, tenant);
    c.setAutoCommit(false);
    try {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('pqr-gold'), hashtext(?))")) {
        lock.setString(1, tenant);
        lock.execute();
      }
      for (String table : TENANT_TABLES) {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ?")) {
          delete.setString(1, tenant);
          delete.executeUpdate();
        }
      }
      if (events.isEmpty()) {
        c.commit();
      } else {
        GoldStore.apply(c, events, runId);
      }
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    return events.size();
  }

  private static List<SilverEvent> silverEvents(Table silver, String tenant) {
    List<SilverEvent> out = new ArrayList<>();
    silver.refresh();
    if (silver.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(silver).where(Expressions.equal("tenant_id", tenant)).build()) {
      for (Record r : rows) {
        out.add(toEvent(r));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + silver.name(), e);
    }
    return out;
  }

  /** The fields of a Silver row that Gold reads. */
  static SilverEvent toEvent(Record r) {
    SilverEvent e = new SilverEvent();
    e.eventId = (String) r.getField("event_id");
    e.eventType = (String) r.getField("event_type");
    e.eventTime = instant(r.getField("event_time"));
    e.eventDate = (LocalDate) r.getField("event_date");
    e.tenantId = (String) r.getField("tenant_id");
    e.pqrId = (String) r.getField("pqr_id");
    e.channel = (String) r.getField("channel");
    e.pqrType = (String) r.getField("pqr_type");
    e.citizenToken = (String) r.getField("citizen_token");
    e.citizenDocumentType = (String) r.getField("citizen_document_type");
    e.filedDate = (LocalDate) r.getField("filed_date");
    e.termBusinessDays = (Integer) r.getField("term_business_days");
    e.dueDate = (LocalDate) r.getField("due_date");
    e.sourceTopic = (String) r.getField("source_topic");
    e.sourcePartition = (Integer) r.getField("source_partition");
    e.sourceOffset = (Long) r.getField("source_offset");
    e.runId = (String) r.getField("run_id");
    e.processedAt = instant(r.getField("processed_at"));
    e.inferredType = (String) r.getField("inferred_type");
    e.category = (String) r.getField("category");
    e.sentiment = (String) r.getField("sentiment");
    e.urgency = (String) r.getField("urgency");
    e.modelVersion = (String) r.getField("model_version");
    return e;
  }

  private static Instant instant(Object v) {
    return v == null ? null : ((OffsetDateTime) v).toInstant();
  }
}
