package co.pqr.lakehouse.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The labelled corpus shipped in {@code corpus/}: {@code train/*.jsonl} and {@code heldout/*.jsonl},
 * one example per line. The digest identifies the exact training data a model was built from.
 */
public final class Corpus {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<LabelledText> examples;
  private final String digest;

  private Corpus(List<LabelledText> examples, String digest) {
    this.examples = examples;
    this.digest = digest;
  }

  public static Corpus load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("corpus folder not found: " + dir.toAbsolutePath());
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no .jsonl files in " + dir.toAbsolutePath());
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<LabelledText> out = new ArrayList<>();
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      sha.update(bytes);
      int lineNo = 0;
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (IOException e) {
          throw new IOException(f + ":" + lineNo + ": not JSON: " + e.getMessage());
        }
        Map<String, String> labels = new HashMap<>();
        for (Labels l : Labels.values()) {
          String v = n.path(l.field).asText(null);
          if (v == null || !l.values.contains(v)) {
            throw new IOException(f + ":" + lineNo + ": bad " + l.field + " '" + v + "'");
          }
          labels.put(l.field, v);
        }
        out.add(new LabelledText(n.path("id").asText(), n.path("subject").asText(""),
            n.path("description").asText(""), n.path("declared_type").asText(null), labels));
      }
    }
    return new Corpus(List.copyOf(out), HexFormat.of().formatHex(sha.digest()));
  }

  public List<LabelledText> examples() {
    return examples;
  }

  public String digest() {
    return digest;
  }
}
