package co.pqr.lakehouse.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.iceberg.io.FileInfo;
import org.junit.jupiter.api.Test;

class OrphanFilesTest {
  @Test
  void anOrphanIsUnreferencedAndOlderThanTheAge() {
    List<FileInfo> listed = List.of(
        new FileInfo("/wh/t/data/old-orphan.parquet", 1, 100),
        new FileInfo("/wh/t/data/young-orphan.parquet", 1, 1_000),
        new FileInfo("/wh/t/data/referenced.parquet", 1, 100),
        new FileInfo("/wh/t/metadata/v1.metadata.json", 1, 100));
    Set<String> referenced = Set.of("/wh/t/data/referenced.parquet", "/wh/t/metadata/v1.metadata.json");
    assertThat(OrphanFiles.orphans(listed, referenced, 500)).extracting(FileInfo::location)
        .containsExactly("/wh/t/data/old-orphan.parquet");
  }

  @Test
  void spellingsOfOneFileAreOneFile() {
    assertThat(OrphanFiles.normalize("file:/wh/t/a.parquet")).isEqualTo("/wh/t/a.parquet");
    assertThat(OrphanFiles.normalize("file:///wh/t/a.parquet")).isEqualTo("/wh/t/a.parquet");
    assertThat(OrphanFiles.normalize("/wh/t/../t/a.parquet")).isEqualTo("/wh/t/a.parquet");
    assertThat(OrphanFiles.normalize("s3a://bucket/wh/a.parquet")).isEqualTo("s3://bucket/wh/a.parquet");
    assertThat(OrphanFiles.normalize("s3://bucket/wh/a.parquet")).isEqualTo("s3://bucket/wh/a.parquet");
    List<FileInfo> listed = List.of(new FileInfo("file:/wh/t/a.parquet", 1, 0));
    assertThat(OrphanFiles.orphans(listed, Set.of(OrphanFiles.normalize("/wh/t/a.parquet")), 500)).isEmpty();
  }
}
