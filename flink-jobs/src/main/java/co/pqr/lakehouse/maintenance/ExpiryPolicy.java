package co.pqr.lakehouse.maintenance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which snapshots expiry may remove. A snapshot is kept when any of these holds:
 * <ol>
 *   <li>it is the table's current snapshot;</li>
 *   <li>it is one of the newest {@code retainLast};</li>
 *   <li>it is younger than {@code expireOlderThan};</li>
 *   <li>it is the newest commit of the most recent stream job instance (the "resume anchor"): a stream
 *       restored from its last checkpoint after a long stop re-offers exactly that commit, and the
 *       committer recognises it only by the commit key in the snapshot's summary. Without the anchor,
 *       compaction and backfills could push it out of the last N while the stream is down, and the
 *       restore would append its files a second time.</li>
 * </ol>
 * Everything else is expired. Older stream instances get no anchor: restoring one of them after
 * {@code expireOlderThan} is not supported (documented in the README).
 */
public final class ExpiryPolicy {
  private ExpiryPolicy() {}

  /** What the policy needs to know of one snapshot. {@code jobInstance} is null for maintenance commits. */
  public record SnapshotFacts(long id, long timestampMs, String jobInstance) {}

  public static Set<Long> toExpire(List<SnapshotFacts> snapshots, Long currentId, long nowMs, long expireOlderThanMs,
      int retainLast) {
    List<SnapshotFacts> newestFirst = new ArrayList<>(snapshots);
    newestFirst.sort(Comparator.comparingLong(SnapshotFacts::timestampMs).thenComparingLong(SnapshotFacts::id).reversed());
    Set<Long> keep = new TreeSet<>();
    if (currentId != null) {
      keep.add(currentId);
    }
    for (int i = 0; i < Math.min(retainLast, newestFirst.size()); i++) {
      keep.add(newestFirst.get(i).id());
    }
    long cutoff = nowMs - expireOlderThanMs;
    Map<String, SnapshotFacts> newestByStream = new HashMap<>();
    for (SnapshotFacts s : newestFirst) {
      if (s.timestampMs() >= cutoff) {
        keep.add(s.id());
      }
      if (s.jobInstance() != null && s.jobInstance().startsWith("stream-")) {
        newestByStream.putIfAbsent(s.jobInstance(), s);
      }
    }
    newestByStream.values().stream()
        .max(Comparator.comparingLong(SnapshotFacts::timestampMs))
        .ifPresent(anchor -> keep.add(anchor.id()));
    Set<Long> expire = new TreeSet<>();
    for (SnapshotFacts s : snapshots) {
      if (!keep.contains(s.id())) {
        expire.add(s.id());
      }
    }
    return expire;
  }
}
