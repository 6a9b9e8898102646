package co.pqr.lakehouse.ml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextFeaturesTest {
  @Test
  void accentsCaseAndInflectionsFoldToTheSameStems() {
    assertThat(TextFeatures.tokens("FACTURACIÓN", "Facturación facturacion", null))
        .containsOnly(TextFeatures.tokens("facturacion", "", null)[0]);
  }

  @Test
  void numbersMoneyAndEmailsBecomePlaceholders() {
    assertThat(TextFeatures.tokens("", "pague $ 250.000 el 03/05/2026 escribir a ana@x.co", null))
        .contains("_money_", "_num_", "_email_")
        .doesNotContain("250", "ana");
  }

  @Test
  void subjectCountsTwiceAndDeclaredTypeIsOneToken() {
    String[] tokens = TextFeatures.tokens("hueco", "calle", "RECLAMO");
    assertThat(tokens).containsExactly("huec", "huec", "call", "declared_reclamo");
  }

  @Test
  void emptyTextStillGivesAToken() {
    assertThat(TextFeatures.tokens(null, "  ", null)).containsExactly("_empty_");
  }
}
