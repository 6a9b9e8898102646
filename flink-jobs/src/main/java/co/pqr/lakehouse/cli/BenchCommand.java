package co.pqr.lakehouse.cli;

import co.pqr.lakehouse.bench.Benchmark;
import co.pqr.lakehouse.config.PipelineSettings;
import co.pqr.lakehouse.silver.privacy.PseudonymKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pqr-lakehouse bench}: see {@link Benchmark}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure the pipeline against the raw Kafka consumer and a minimal Flink->Iceberg pass-through on"
        + " the same preloaded topic: (a) consumer, (a2) pass-through, (b) Bronze only, (c) Bronze+Silver, (d) full"
        + " pipeline, (e) backfill from Raw, (f) Gold freshness p50/p95/p99 at half the full rate, (g) peak heap and"
        + " RSS. Prints a table (median and spread over the runs, events per CPU-second, ratios to (a) and (a2)) and"
        + " writes the figures as JSON."})
final class BenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--events", description = "Events to preload (default 2000000; --quick: 30000).")
  Long events;

  @Option(names = "--runs", description = "Repetitions of (a)-(e) (default 3; --quick: 1).")
  Integer runs;

  @Option(names = "--partitions", description = "Partitions of the benchmark topic (default 4).")
  int partitions = 4;

  @Option(names = "--freshness-seconds", description = "Duration of the freshness measurement (default 60; --quick: 10).")
  Integer freshnessSeconds;

  @Option(names = "--quick", description = "A small run that finishes in under 3 minutes.")
  boolean quick;

  @Option(names = "--only", split = ",", description = "Measure only these figures (a2,b,c,d,e,f), e.g. for profiling.")
  java.util.Set<String> only = new java.util.HashSet<>();

  @Option(names = "--json", description = "Where to write the figures (default bench-results/bench-<time>.json).")
  Path json;

  @Override
  public Integer call() throws Exception {
    PipelineSettings s = common.resolve();
    Files.createDirectories(s.dataDir());
    PseudonymKey.Resolved key = PseudonymKey.resolve(System.getenv(), s.dataDir());
    Path out = json != null ? json : Path.of("bench-results", "bench-"
        + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + (quick ? "-quick" : "") + ".json");
    Benchmark.Options options = new Benchmark.Options(
        events != null ? events : quick ? 30_000 : 2_000_000,
        runs != null ? runs : quick ? 1 : 3,
        partitions,
        Duration.ofSeconds(freshnessSeconds != null ? freshnessSeconds : quick ? 10 : 60),
        out,
        only);
    new Benchmark(s, options, key.key(), System.out).run();
    return 0;
  }
}
