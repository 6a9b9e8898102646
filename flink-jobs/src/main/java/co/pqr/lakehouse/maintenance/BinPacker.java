package co.pqr.lakehouse.maintenance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a compaction: per partition, the data files smaller than 3/4 of the target size are packed,
 * smallest first, into groups whose total stays within the target; each group of at least
 * {@code minInputFiles} files becomes one new file. Files of different partitions (or partition
 * specs) never share a group, so compaction leaves every row in its partition.
 */
public final class BinPacker {
  private BinPacker() {}

  /** One data file as the planner sees it: its partition (spec id and values as text) and size. */
  public record Candidate<F>(F file, String partition, long sizeBytes) {}

  public static <F> List<List<F>> plan(List<Candidate<F>> files, long targetBytes, int minInputFiles) {
    long small = targetBytes * 3 / 4;
    Map<String, List<Candidate<F>>> byPartition = new LinkedHashMap<>();
    for (Candidate<F> c : files) {
      if (c.sizeBytes() < small) {
        byPartition.computeIfAbsent(c.partition(), p -> new ArrayList<>()).add(c);
      }
    }
    List<List<F>> groups = new ArrayList<>();
    for (List<Candidate<F>> partitionFiles : byPartition.values()) {
      partitionFiles.sort(Comparator.comparingLong(Candidate::sizeBytes));
      List<F> group = new ArrayList<>();
      long groupBytes = 0;
      for (Candidate<F> c : partitionFiles) {
        if (!group.isEmpty() && groupBytes + c.sizeBytes() > targetBytes) {
          addIfWorthIt(groups, group, minInputFiles);
          group = new ArrayList<>();
          groupBytes = 0;
        }
        group.add(c.file());
        groupBytes += c.sizeBytes();
      }
      addIfWorthIt(groups, group, minInputFiles);
    }
    return groups;
  }

  private static <F> void addIfWorthIt(List<List<F>> groups, List<F> group, int minInputFiles) {
    if (group.size() >= minInputFiles) {
      groups.add(group);
    }
  }
}
