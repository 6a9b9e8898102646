package co.pqr.lakehouse.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry in {@code control.models} (metadata, metrics, status) and
 * {@code control.model_artifacts} (the bytes). At most one version is {@code active} and at most one
 * is {@code shadow}; switching either is a registry update, not a code change.
 */
public final class ModelRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final String user;
  private final String password;

  public ModelRegistry(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** A registered version. */
  public record Entry(String version, OffsetDateTime createdAt, String trainingDigest, int trainingExamples,
      String algorithm, String status, String metricsJson) {}

  private Connection connect() throws SQLException {
    return co.pqr.lakehouse.db.Jdbc.connect(url, user, password);
  }

  /** Registers a version (idempotent: same version, same bytes). */
  public void register(ModelSet model, Corpus training, String artifactPath) throws SQLException, IOException {
    byte[] bytes = model.toBytes();
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO control.models (model_version, created_at, training_digest, training_examples, algorithm,"
              + " artifact_path) VALUES (?, now(), ?, ?, ?, ?) ON CONFLICT (model_version) DO NOTHING")) {
        ps.setString(1, model.version());
        ps.setString(2, training.digest());
        ps.setInt(3, training.examples().size());
        ps.setString(4, ModelTrainer.ALGORITHM);
        ps.setString(5, artifactPath);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO control.model_artifacts (model_version, artifact) VALUES (?, ?)"
              + " ON CONFLICT (model_version) DO UPDATE SET artifact = EXCLUDED.artifact")) {
        ps.setString(1, model.version());
        ps.setBytes(2, bytes);
        ps.executeUpdate();
      }
      c.commit();
    }
  }

  public void recordMetrics(String version, Map<String, Object> metrics) throws SQLException, IOException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE control.models SET metrics = metrics || ?::jsonb WHERE model_version = ?")) {
      ps.setString(1, JSON.writeValueAsString(metrics));
      ps.setString(2, version);
      if (ps.executeUpdate() != 1) {
        throw new IllegalArgumentException("no model version " + version + " in control.models");
      }
    }
  }

  /** Makes {@code version} the active (or shadow) one; the previous holder of that status is retired. */
  public void setStatus(String version, String status) throws SQLException {
    if (!List.of("active", "shadow", "registered", "retired").contains(status)) {
      throw new IllegalArgumentException("unknown model status " + status);
    }
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM control.models WHERE model_version = ?")) {
        check.setString(1, version);
        try (ResultSet rs = check.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalArgumentException("no model version " + version + " in control.models");
          }
        }
      }
      if (status.equals("active") || status.equals("shadow")) {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE control.models SET status = 'retired' WHERE status = ? AND model_version <> ?")) {
          ps.setString(1, status);
          ps.setString(2, version);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE control.models SET status = ? WHERE model_version = ?")) {
        ps.setString(1, status);
        ps.setString(2, version);
        ps.executeUpdate();
      }
      c.commit();
    }
  }

  public Optional<String> versionWithStatus(String status) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT model_version FROM control.models WHERE status = ?")) {
      ps.setString(1, status);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Registers a version held by another registry (another lakehouse's database), bytes and metadata. */
  public void copyFrom(ModelRegistry other, String version) throws SQLException {
    byte[] bytes = other.artifact(version);
    Entry e = other.list().stream().filter(x -> x.version().equals(version)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no model version " + version));
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO control.models (model_version, created_at, training_digest, training_examples, algorithm,"
              + " artifact_path, metrics) VALUES (?, now(), ?, ?, ?, ?, ?::jsonb) ON CONFLICT (model_version) DO NOTHING")) {
        ps.setString(1, version);
        ps.setString(2, e.trainingDigest());
        ps.setInt(3, e.trainingExamples());
        ps.setString(4, e.algorithm());
        ps.setString(5, "copied from " + other.url);
        ps.setString(6, e.metricsJson());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO control.model_artifacts (model_version, artifact) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, version);
        ps.setBytes(2, bytes);
        ps.executeUpdate();
      }
      c.commit();
    }
  }

  public byte[] artifact(String version) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT artifact FROM control.model_artifacts WHERE model_version = ?")) {
      ps.setString(1, version);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("no model version " + version + " in control.model_artifacts");
        }
        return rs.getBytes(1);
      }
    }
  }

  public ModelSet load(String version) throws SQLException, IOException {
    return ModelSet.fromBytes(version, artifact(version));
  }

  public List<Entry> list() throws SQLException {
    List<Entry> out = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT model_version, created_at, training_digest, training_examples, algorithm, status, metrics::text"
                + " FROM control.models ORDER BY created_at DESC, model_version");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Entry(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getInt(4),
            rs.getString(5), rs.getString(6), rs.getString(7)));
      }
    }
    return out;
  }
}
