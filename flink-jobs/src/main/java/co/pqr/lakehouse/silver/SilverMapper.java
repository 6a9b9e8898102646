package co.pqr.lakehouse.silver;

import co.pqr.lakehouse.bronze.BronzeEvent;
import co.pqr.lakehouse.silver.privacy.Pseudonymizer;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Flink wrapper of {@link SilverNormalizer}. */
public class SilverMapper extends RichMapFunction<BronzeEvent, SilverEvent> {
  private final byte[] pseudonymKey;
  private transient SilverNormalizer normalizer;

  public SilverMapper(byte[] pseudonymKey) {
    this.pseudonymKey = pseudonymKey.clone();
  }

  @Override
  public void open(OpenContext openContext) {
    normalizer = new SilverNormalizer(new Pseudonymizer(pseudonymKey));
  }

  @Override
  public SilverEvent map(BronzeEvent value) {
    return normalizer.normalize(value, Instant.now());
  }
}
