package co.pqr.lakehouse.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.maintenance.BinPacker.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinPackerTest {
  private static Candidate<String> f(String name, String partition, long size) {
    return new Candidate<>(name, partition, size);
  }

  @Test
  void packsSmallFilesPerPartitionSmallestFirstWithinTheTarget() {
    List<Candidate<String>> files = List.of(
        f("a1", "A", 30), f("a2", "A", 10), f("a3", "A", 50), f("a4", "A", 40),
        f("b1", "B", 20), f("b2", "B", 20));
    // target 100: A sorted 10,30,40,50 -> [a2,a3? no] 10+30+40=80, +50>100 -> [a2,a1,a4], [a3] alone (not worth it)
    assertThat(BinPacker.plan(files, 100, 2)).containsExactly(List.of("a2", "a1", "a4"), List.of("b1", "b2"));
  }

  @Test
  void leavesFilesNearTheTargetAndLonelySmallFilesAlone() {
    List<Candidate<String>> files = List.of(f("big", "A", 80), f("small", "A", 10), f("other", "B", 5));
    // 80 >= 3/4 of 100 is not small; "small" and "other" are alone in their partitions
    assertThat(BinPacker.plan(files, 100, 2)).isEmpty();
  }

  @Test
  void neverMixesPartitions() {
    List<Candidate<String>> files = List.of(f("a", "A", 1), f("b", "B", 1), f("c", "C", 1), f("a2", "A", 1));
    assertThat(BinPacker.plan(files, 100, 2)).containsExactly(List.of("a", "a2"));
  }

  @Test
  void respectsTheMinimumNumberOfInputFiles() {
    List<Candidate<String>> files = List.of(f("a", "A", 1), f("b", "A", 1));
    assertThat(BinPacker.plan(files, 100, 3)).isEmpty();
    assertThat(BinPacker.plan(files, 100, 2)).hasSize(1);
  }
}
