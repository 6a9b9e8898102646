package co.pqr.lakehouse.producer;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of {@link PqrEventGenerator}. Immutable; build it with {@link #builder()}.
 *
 * <p>Same config (including {@code start} and {@code end}) gives byte-identical output. The
 * default {@code end} is "now" at {@link Builder#build()} time, so pin {@code end} when output must
 * be reproducible across runs.
 *
 * <p>Shares and what they count:
 *
 * <ul>
 *   <li>{@code unansweredShare}, {@code lateAnswerShare}: fraction of filed cases that are never
 *       answered / answered after their legal due date; the rest are answered on time. Answers that
 *       would fall after {@code end} are not emitted, so cases filed near the end stay open.
 *   <li>{@code reopenShare}, {@code secondAnswerShare}: fraction of filed cases (drawn among the
 *       answered ones) that are reopened (REABIERTA, a new RESPONDIDA, a new CERRADA) / that get a
 *       second RESPONDIDA without being reopened.
 *   <li>{@code outOfOrderShare}: fraction of cases whose send order is perturbed (an earlier
 *       lifecycle event arrives after a later one; some RADICADAs after their RESPONDIDA).
 *   <li>{@code orphanAnswerShare}: answers for PQRs never filed, as a fraction of {@code cases}
 *       (in addition to them).
 *   <li>{@code duplicateShare}, {@code malformedShare}: exact counts, {@code round(share * V)}
 *       where V is the number of valid lifecycle events; duplicates are exact redeliveries of
 *       distinct events, malformed records are extra records that break the contract.
 * </ul>
 *
 * @param seed random seed (default {@value #DEFAULT_SEED})
 * @param cases number of PQR cases filed (default {@value #DEFAULT_CASES})
 * @param tenants tenant ids, each {@code [a-z0-9_-]{1,32}} (default {@link #DEFAULT_TENANTS})
 * @param start start of the filing window, inclusive (default {@code end - 45 days})
 * @param end end of the window, inclusive; no event time is after it (default now, truncated to
 *     seconds)
 * @param duplicateShare default {@value #DEFAULT_DUPLICATE_SHARE}
 * @param outOfOrderShare default {@value #DEFAULT_OUT_OF_ORDER_SHARE}
 * @param malformedShare default {@value #DEFAULT_MALFORMED_SHARE}
 * @param reopenShare default {@value #DEFAULT_REOPEN_SHARE}
 * @param unansweredShare default {@value #DEFAULT_UNANSWERED_SHARE}
 * @param lateAnswerShare default {@value #DEFAULT_LATE_ANSWER_SHARE}
 * @param secondAnswerShare default {@value #DEFAULT_SECOND_ANSWER_SHARE}
 * @param orphanAnswerShare default {@value #DEFAULT_ORPHAN_ANSWER_SHARE}
 */
public record GeneratorConfig(
    long seed,
    int cases,
    List<String> tenants,
    Instant start,
    Instant end,
    double duplicateShare,
    double outOfOrderShare,
    double malformedShare,
    double reopenShare,
    double unansweredShare,
    double lateAnswerShare,
    double secondAnswerShare,
    double orphanAnswerShare) {

  public static final long DEFAULT_SEED = 42L;
  public static final int DEFAULT_CASES = 1000;
  public static final List<String> DEFAULT_TENANTS =
      List.of("alcaldia-medellin", "gobernacion-antioquia", "epm", "sic", "eps-sura");
  /** Length of the default filing window, ending at {@code end}. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(45);
  public static final double DEFAULT_DUPLICATE_SHARE = 0.02;
  public static final double DEFAULT_OUT_OF_ORDER_SHARE = 0.05;
  public static final double DEFAULT_MALFORMED_SHARE = 0.01;
  public static final double DEFAULT_REOPEN_SHARE = 0.05;
  public static final double DEFAULT_UNANSWERED_SHARE = 0.15;
  public static final double DEFAULT_LATE_ANSWER_SHARE = 0.15;
  public static final double DEFAULT_SECOND_ANSWER_SHARE = 0.02;
  public static final double DEFAULT_ORPHAN_ANSWER_SHARE = 0.01;

  private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9_-]{1,32}");

  public GeneratorConfig {
    Objects.requireNonNull(tenants, "tenants");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    tenants = List.copyOf(tenants);
    if (cases < 0) {
      throw new IllegalArgumentException("cases must be >= 0, got " + cases);
    }
    if (tenants.isEmpty()) {
      throw new IllegalArgumentException("tenants must not be empty");
    }
    for (String tenant : tenants) {
      if (!TENANT_ID.matcher(tenant).matches()) {
        throw new IllegalArgumentException(
            "tenants: '" + tenant + "' does not match [a-z0-9_-]{1,32}");
      }
    }
    if (tenants.stream().distinct().count() != tenants.size()) {
      throw new IllegalArgumentException("tenants must be distinct: " + tenants);
    }
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("start (" + start + ") must be before end (" + end + ")");
    }
    if (start.isBefore(Instant.parse("2000-01-02T00:00:00Z"))) {
      throw new IllegalArgumentException(
          "start (" + start + ") must be after 2000-01-01: the contract rejects older events");
    }
    checkShare("duplicateShare", duplicateShare);
    checkShare("outOfOrderShare", outOfOrderShare);
    checkShare("malformedShare", malformedShare);
    checkShare("reopenShare", reopenShare);
    checkShare("unansweredShare", unansweredShare);
    checkShare("lateAnswerShare", lateAnswerShare);
    checkShare("secondAnswerShare", secondAnswerShare);
    checkShare("orphanAnswerShare", orphanAnswerShare);
    if (unansweredShare + lateAnswerShare > 1.0) {
      throw new IllegalArgumentException(
          "unansweredShare + lateAnswerShare must be <= 1, got "
              + (unansweredShare + lateAnswerShare));
    }
    double answered = 1.0 - unansweredShare;
    if (reopenShare + secondAnswerShare > answered + 1e-9) {
      throw new IllegalArgumentException(
          "reopenShare + secondAnswerShare must be <= 1 - unansweredShare (the answered cases)");
    }
  }

  private static void checkShare(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }
  }

  /** The defaults, with {@code end} = now truncated to seconds. */
  public static GeneratorConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .seed(seed)
        .cases(cases)
        .tenants(tenants)
        .start(start)
        .end(end)
        .duplicateShare(duplicateShare)
        .outOfOrderShare(outOfOrderShare)
        .malformedShare(malformedShare)
        .reopenShare(reopenShare)
        .unansweredShare(unansweredShare)
        .lateAnswerShare(lateAnswerShare)
        .secondAnswerShare(secondAnswerShare)
        .orphanAnswerShare(orphanAnswerShare);
  }

  /** Builder of {@link GeneratorConfig}; every setting starts at its documented default. */
  public static final class Builder {
    private long seed = DEFAULT_SEED;
    private int cases = DEFAULT_CASES;
    private List<String> tenants = DEFAULT_TENANTS;
    private Instant start;
    private Instant end;
    private double duplicateShare = DEFAULT_DUPLICATE_SHARE;
    private double outOfOrderShare = DEFAULT_OUT_OF_ORDER_SHARE;
    private double malformedShare = DEFAULT_MALFORMED_SHARE;
    private double reopenShare = DEFAULT_REOPEN_SHARE;
    private double unansweredShare = DEFAULT_UNANSWERED_SHARE;
    private double lateAnswerShare = DEFAULT_LATE_ANSWER_SHARE;
    private double secondAnswerShare = DEFAULT_SECOND_ANSWER_SHARE;
    private double orphanAnswerShare = DEFAULT_ORPHAN_ANSWER_SHARE;

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder cases(int cases) {
      this.cases = cases;
      return this;
    }

    public Builder tenants(List<String> tenants) {
      this.tenants = tenants;
      return this;
    }

    /** Start of the filing window; if unset, {@code end - 45 days}. */
    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    /** End of the window; if unset, now truncated to seconds at {@link #build()} time. */
    public Builder end(Instant end) {
      this.end = end;
      return this;
    }

    /** Sets the window to the {@code length} that ends at {@code end}. */
    public Builder window(Instant end, Duration length) {
      this.end = Objects.requireNonNull(end, "end");
      this.start = end.minus(Objects.requireNonNull(length, "length"));
      return this;
    }

    public Builder duplicateShare(double share) {
      this.duplicateShare = share;
      return this;
    }

    public Builder outOfOrderShare(double share) {
      this.outOfOrderShare = share;
      return this;
    }

    public Builder malformedShare(double share) {
      this.malformedShare = share;
      return this;
    }

    public Builder reopenShare(double share) {
      this.reopenShare = share;
      return this;
    }

    public Builder unansweredShare(double share) {
      this.unansweredShare = share;
      return this;
    }

    public Builder lateAnswerShare(double share) {
      this.lateAnswerShare = share;
      return this;
    }

    public Builder secondAnswerShare(double share) {
      this.secondAnswerShare = share;
      return this;
    }

    public Builder orphanAnswerShare(double share) {
      this.orphanAnswerShare = share;
      return this;
    }

    /**
     * Fills the unset window ends and validates.
     *
     * @throws IllegalArgumentException naming the first wrong setting
     */
    public GeneratorConfig build() {
      Instant effectiveEnd = end != null ? end : Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Instant effectiveStart = start != null ? start : effectiveEnd.minus(DEFAULT_WINDOW);
      return new GeneratorConfig(
          seed,
          cases,
          tenants,
          effectiveStart,
          effectiveEnd,
          duplicateShare,
          outOfOrderShare,
          malformedShare,
          reopenShare,
          unansweredShare,
          lateAnswerShare,
          secondAnswerShare,
          orphanAnswerShare);
    }
  }
}
