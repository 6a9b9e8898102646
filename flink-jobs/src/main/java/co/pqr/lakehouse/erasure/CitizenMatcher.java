package co.pqr.lakehouse.erasure;

import co.pqr.lakehouse.silver.privacy.Pseudonymizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells which records belong to the citizen being erased: one identity document in one tenant.
 *
 * <p>A record belongs to the citizen when it is of the tenant and either carries the citizen's document
 * (compared through the Silver pseudonym token, so "79.845.123" and "79845123" are the same number), holds
 * that number anywhere in its text, or is an event of one of the citizen's cases (a case is a {@code pqr_id}
 * of the tenant that any record filed with the citizen's document): the assignments, answers and closings
 * of the citizen's PQRs go with them. Raw, Bronze and quarantine rows are all judged by their original
 * bytes, so the three layers lose the same records.
 *
 * <p>A payload that is not a JSON object (truncated, not UTF-8…) or whose {@code tenant_id} is missing or
 * not text cannot be attributed to a tenant: it is matched when its text holds the document number as a
 * run of digits (dots, commas, spaces or dashes between the digits allowed). Erring towards erasure is the
 * right side here: such records are invalid input kept only as evidence.
 */
public final class CitizenMatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Digits with single separators between them: "79.845.123", "79 845 123", "79845123". */
  private static final Pattern DIGIT_RUN = Pattern.compile("\\d(?:[ .,\\-]?\\d)*");

  private final String tenant;
  private final String documentType;
  private final String documentDigits;
  private final String token;
  private final Pseudonymizer pseudonymizer;
  private final Set<String> cases = new HashSet<>();

  public CitizenMatcher(Pseudonymizer pseudonymizer, String tenant, String documentType, String documentNumber) {
    this.pseudonymizer = pseudonymizer;
    this.tenant = tenant;
    this.documentType = documentType;
    this.token = pseudonymizer.documentToken(documentType, documentNumber);
    if (token == null) {
      throw new IllegalArgumentException("--document-number is blank");
    }
    this.documentDigits = documentNumber.replaceAll("[^0-9A-Za-z]", "");
  }

  public String tenant() {
    return tenant;
  }

  public String documentType() {
    return documentType;
  }

  /** The Silver pseudonym of the citizen's document. */
  public String token() {
    return token;
  }

  /** The citizen's cases found so far ({@code pqr_id}s of the tenant). */
  public Set<String> cases() {
    return Collections.unmodifiableSet(cases);
  }

  /** Whether this document (as filed in a record) is the citizen's. */
  public boolean isCitizen(String recordDocumentType, String recordDocumentNumber) {
    return token.equals(pseudonymizer.documentToken(recordDocumentType, recordDocumentNumber));
  }

  /** Remembers a case of the citizen. */
  public void addCase(String pqrId) {
    if (pqrId != null) {
      cases.add(pqrId);
    }
  }

  /**
   * A Silver row of the tenant: the citizen's token, an event of one of their cases, or an event whose
   * Bronze row was erased ({@code erasedEventIds}).
   */
  public boolean matchesSilverRow(String rowTenant, String pqrId, String citizenToken, String eventId,
      Set<String> erasedEventIds) {
    return tenant.equals(rowTenant)
        && (token.equals(citizenToken) || cases.contains(pqrId) || erasedEventIds.contains(eventId));
  }

  /**
   * The case a payload files with the citizen's document ({@code pqr_id}), when it is a JSON object of the
   * tenant that does; null otherwise. Used to collect the citizen's cases before anything is erased.
   */
  public String caseFiledIn(byte[] payload) {
    JsonNode event = parse(payload);
    if (event == null || !tenant.equals(text(event, "tenant_id")) || !carriesDocument(event)) {
      return null;
    }
    return text(event, "pqr_id");
  }

  /** Whether a Raw or quarantined payload belongs to the citizen (see the class comment). */
  public boolean matchesPayload(byte[] payload) {
    if (payload == null) {
      return false;
    }
    JsonNode event = parse(payload);
    String eventTenant = event == null ? null : text(event, "tenant_id");
    if (eventTenant == null) {
      return containsDocumentNumber(new String(payload, StandardCharsets.UTF_8));
    }
    return tenant.equals(eventTenant)
        && (carriesDocument(event) || cases.contains(text(event, "pqr_id"))
            || containsDocumentNumber(new String(payload, StandardCharsets.UTF_8)));
  }

  /** Whether the text holds the document number as a run of digits (separators between digits allowed). */
  boolean containsDocumentNumber(String text) {
    Matcher m = DIGIT_RUN.matcher(text);
    while (m.find()) {
      if (m.group().replaceAll("[^0-9]", "").equals(documentDigits)) {
        return true;
      }
    }
    return text.contains(documentDigits) && !documentDigits.chars().allMatch(Character::isDigit);
  }

  private boolean carriesDocument(JsonNode event) {
    JsonNode citizen = event.get("citizen");
    if (citizen == null || !citizen.isObject()) {
      return false;
    }
    String number = text(citizen, "document_number");
    return number != null && isCitizen(text(citizen, "document_type"), number);
  }

  private static JsonNode parse(byte[] payload) {
    try {
      JsonNode node = JSON.readTree(payload);
      return node != null && node.isObject() ? node : null;
    } catch (Exception notJson) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }
}
