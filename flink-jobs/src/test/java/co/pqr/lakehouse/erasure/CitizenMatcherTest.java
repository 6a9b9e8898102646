package co.pqr.lakehouse.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.pqr.lakehouse.silver.privacy.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CitizenMatcherTest {
  private static final Pseudonymizer P = new Pseudonymizer("unit-test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  private static CitizenMatcher citizen() {
    return new CitizenMatcher(P, "entidad-x", "CC", "79.845.123");
  }

  private static byte[] json(String s) {
    return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void filingWithTheDocumentInAnyFormatIsTheCitizensCase() {
    CitizenMatcher c = citizen();
    assertThat(c.caseFiledIn(json("{'tenant_id':'entidad-x','pqr_id':'R1','citizen':{'document_type':'CC','document_number':'79845123'}}")))
        .isEqualTo("R1");
    assertThat(c.caseFiledIn(json("{'tenant_id':'entidad-x','pqr_id':'R2','citizen':{'document_type':'cc','document_number':'79 845 123'}}")))
        .isEqualTo("R2");
    assertThat(c.caseFiledIn(json("{'tenant_id':'entidad-x','pqr_id':'R3','citizen':{'document_type':'CE','document_number':'79845123'}}")))
        .as("another document type is another person").isNull();
    assertThat(c.caseFiledIn(json("{'tenant_id':'entidad-y','pqr_id':'R4','citizen':{'document_type':'CC','document_number':'79845123'}}")))
        .as("another tenant").isNull();
  }

  @Test
  void eventsOfTheCitizensCasesMatchThoughTheyCarryNoCitizen() {
    CitizenMatcher c = citizen();
    byte[] answer = json("{'tenant_id':'entidad-x','pqr_id':'R1','event_type':'RESPONDIDA'}");
    assertThat(c.matchesPayload(answer)).isFalse();
    c.addCase("R1");
    assertThat(c.matchesPayload(answer)).isTrue();
    assertThat(c.matchesPayload(json("{'tenant_id':'entidad-y','pqr_id':'R1'}"))).as("same pqr_id, other tenant").isFalse();
    assertThat(c.matchesSilverRow("entidad-x", "R1", null, "e1", Set.of())).isTrue();
    assertThat(c.matchesSilverRow("entidad-x", "R9", c.token(), "e2", Set.of())).isTrue();
    assertThat(c.matchesSilverRow("entidad-x", "R9", null, "e3", Set.of("e3"))).isTrue();
    assertThat(c.matchesSilverRow("entidad-x", "R9", "other", "e4", Set.of("e3"))).isFalse();
  }

  @Test
  void unattributableBytesMatchOnTheNumberAsADigitRun() {
    CitizenMatcher c = citizen();
    assertThat(c.matchesPayload(json("{'tenant_id':'entidad-x','citizen':{'document_number':'79.845.1"))).isFalse();
    assertThat(c.matchesPayload(json("{'schema_version':1,'citizen':{'document_number':'79845123','email':'z@"))).isTrue();
    assertThat(c.matchesPayload(json("not json, cédula 79 845 123"))).isTrue();
    assertThat(c.matchesPayload(json("not json, cédula 798451234"))).as("a longer number is another").isFalse();
    assertThat(c.matchesPayload(json("{'pqr_id':'R5','description':'sin documento'}"))).isFalse();
  }

  @Test
  void aRecordOfTheTenantThatMentionsTheNumberMatches() {
    assertThat(citizen().matchesPayload(json("{'tenant_id':'entidad-x','pqr_id':'R7','description':'el titular es CC 79.845.123'}")))
        .isTrue();
    assertThat(citizen().matchesPayload(json("{'tenant_id':'entidad-y','pqr_id':'R7','description':'CC 79.845.123'}")))
        .isFalse();
  }

  @Test
  void blankDocumentNumberIsRejected() {
    assertThatThrownBy(() -> new CitizenMatcher(P, "entidad-x", "CC", " . "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--document-number");
  }
}
