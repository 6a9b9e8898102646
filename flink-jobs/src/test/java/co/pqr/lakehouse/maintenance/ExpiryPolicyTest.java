package co.pqr.lakehouse.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.maintenance.ExpiryPolicy.SnapshotFacts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryPolicyTest {
  private static final long HOUR = 3_600_000L;
  private static final long NOW = 100 * HOUR;

  /** Snapshot i committed i hours after t=0 by the given instance. */
  private static List<SnapshotFacts> history(String... instances) {
    List<SnapshotFacts> list = new ArrayList<>();
    for (int i = 0; i < instances.length; i++) {
      list.add(new SnapshotFacts(i + 1, (long) (i + 1) * HOUR, instances[i]));
    }
    return list;
  }

  @Test
  void expiresWhatIsOlderThanTheRetentionBeyondTheLastN() {
    List<SnapshotFacts> snaps = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      snaps.add(new SnapshotFacts(i, NOW - (11 - i) * HOUR, null)); // ids 1..10 aged 10h..1h
    }
    // older than 3.5 h: ids 1..7 (aged 10..4 h); the last 2 are 9 and 10, inside the window anyway
    assertThat(ExpiryPolicy.toExpire(snaps, 10L, NOW, 3 * HOUR + HOUR / 2, 2)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void alwaysKeepsTheLastNHoweverOld() {
    List<SnapshotFacts> snaps = history(null, null, null, null, null);
    assertThat(ExpiryPolicy.toExpire(snaps, 5L, NOW, HOUR, 3)).containsExactly(1L, 2L);
  }

  @Test
  void keepsTheCurrentSnapshotEvenIfNotTheNewest() {
    List<SnapshotFacts> snaps = history(null, null, null);
    assertThat(ExpiryPolicy.toExpire(snaps, 1L, NOW, HOUR, 1)).containsExactly(2L);
  }

  @Test
  void keepsTheNewestCommitOfTheLatestStreamInstanceAsResumeAnchor() {
    // stream A commits 1..3, then the stream stops; compactions (no instance) and a backfill add 4..7
    List<SnapshotFacts> snaps = history("stream-A", "stream-A", "stream-A", null, "backfill-B", null, null);
    assertThat(ExpiryPolicy.toExpire(snaps, 7L, NOW, HOUR, 2)).containsExactly(1L, 2L, 4L, 5L);
  }

  @Test
  void onlyTheMostRecentStreamInstanceIsAnchored() {
    List<SnapshotFacts> snaps = history("stream-A", "stream-A", "stream-B", "stream-B", null);
    assertThat(ExpiryPolicy.toExpire(snaps, 5L, NOW, HOUR, 1)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void nothingToExpireOnAYoungTable() {
    List<SnapshotFacts> snaps = List.of(new SnapshotFacts(1, NOW - 1000, "stream-A"), new SnapshotFacts(2, NOW, null));
    assertThat(ExpiryPolicy.toExpire(snaps, 2L, NOW, HOUR, 1)).isEmpty();
    assertThat(ExpiryPolicy.toExpire(List.of(), null, NOW, HOUR, 1)).isEmpty();
  }
}
