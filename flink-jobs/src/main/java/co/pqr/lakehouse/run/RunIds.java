package co.pqr.lakehouse.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.security.SecureRandom;

/**
 * Run identifiers. A job instance is named once when the job is submitted
 * ({@code stream-20261126T101500Z-3fa2}); its runs append a sequence number
 * ({@code stream-20261126T101500Z-3fa2-00007}).
 */
public final class RunIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  public static String newJobInstance(String mode, Instant now) {
    byte[] suffix = new byte[2];
    RANDOM.nextBytes(suffix);
    return mode + "-" + STAMP.format(now) + "-" + HexFormat.of().formatHex(suffix);
  }

  public static String runId(String jobInstance, int seq) {
    return String.format(java.util.Locale.ROOT, "%s-%05d", jobInstance, seq);
  }

  /** The sequence number a run id ends with. */
  public static int seqOf(String runId) {
    return Integer.parseInt(runId.substring(runId.lastIndexOf('-') + 1));
  }

  /** The job instance a run id starts with (the inverse of {@link #runId}). */
  public static String jobInstanceOf(String runId) {
    int dash = runId.lastIndexOf('-');
    if (dash <= 0) {
      throw new IllegalArgumentException("not a run id: " + runId);
    }
    return runId.substring(0, dash);
  }

  /** The run that the records after checkpoint barrier {@code lastCheckpointId} belong to. */
  public static int runSeqAfter(long lastCheckpointId, int checkpointsPerRun) {
    return (int) (lastCheckpointId / checkpointsPerRun);
  }

  /** Whether completing checkpoint {@code checkpointId} closes run {@code runSeq}. */
  public static boolean closedBy(int runSeq, long checkpointId, int checkpointsPerRun) {
    return checkpointId == Long.MAX_VALUE || checkpointId >= (long) (runSeq + 1) * checkpointsPerRun;
  }
}
