package co.pqr.lakehouse.producer;

import static org.assertj.core.api.Assertions.assertThat;

import co.pqr.lakehouse.schema.PqrEventValidator;
import co.pqr.lakehouse.schema.ValidationOutcome;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The generator's valid records pass the real contract validator; its malformed ones do not. */
class GeneratedRecordsMeetContractTest {

  @Test
  void everyValidRecordPassesAndEveryMalformedRecordFailsTheValidator() {
    Generated g = Generated.of(2_000);
    PqrEventValidator validator = new PqrEventValidator(PqrEventValidator.DEFAULT_MAX_PAYLOAD_BYTES);
    Set<String> rejectionCodes = new TreeSet<>();
    int valid = 0;
    int rejected = 0;
    for (ProducedRecord r : g.records) {
      ValidationOutcome outcome = validator.validate(r.value(), g.config.end());
      if (r.malformed()) {
        assertThat(outcome.valid()).as("malformed record passed: %s", r).isFalse();
        rejectionCodes.add(outcome.code());
        rejected++;
      } else {
        assertThat(outcome.valid()).as("%s: %s", outcome.reason(), r).isTrue();
        valid++;
      }
    }
    assertThat(rejected).isEqualTo(g.malformed);
    assertThat(valid).isEqualTo(g.records.size() - g.malformed);
    assertThat(rejectionCodes).contains(ValidationOutcome.NOT_JSON, ValidationOutcome.NOT_UTF8,
        ValidationOutcome.SCHEMA, ValidationOutcome.EVENT_TIME_RANGE);
  }
}
