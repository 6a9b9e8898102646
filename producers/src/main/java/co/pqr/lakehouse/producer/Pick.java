package co.pqr.lakehouse.producer;

import java.util.List;
import java.util.SplittableRandom;

/** Random choices on a {@link SplittableRandom}; the only source of randomness of the generator. */
final class Pick {
  private Pick() {}

  static <T> T one(SplittableRandom rng, List<T> items) {
    return items.get(rng.nextInt(items.size()));
  }

  static boolean chance(SplittableRandom rng, double probability) {
    return rng.nextDouble() < probability;
  }

  /** Index drawn with the given (non-negative, not all zero) weights. */
  static int weighted(SplittableRandom rng, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = rng.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    for (int i = weights.length - 1; i >= 0; i--) {
      if (weights[i] > 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("all weights are zero");
  }

  /** Integer in [min, max]. */
  static int between(SplittableRandom rng, int min, int max) {
    return min + rng.nextInt(max - min + 1);
  }
}
