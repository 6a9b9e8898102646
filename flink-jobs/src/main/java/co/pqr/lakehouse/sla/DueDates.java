package co.pqr.lakehouse.sla;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Legal due dates of PQRs (Ley 1755 de 2015): the N-th Colombian business day after the Bogotá date of filing,
 * N depending on the declared PQR type. Assumes no term extension (prórroga) and national holidays only.
 */
public final class DueDates {

    public static final ZoneId BOGOTA = ZoneId.of("America/Bogota");

    private DueDates() {
    }

    /** The calendar date in Bogotá of the instant {@code t}. */
    public static LocalDate localDate(Instant t) {
        Objects.requireNonNull(t, "t");
        return LocalDate.ofInstant(t, BOGOTA);
    }

    /**
     * The legal term in business days for a PQR type: 10 for SOLICITUD_INFORMACION, 30 for CONSULTA,
     * 15 for PETICION, QUEJA, RECLAMO, SUGERENCIA, DENUNCIA and FELICITACION.
     *
     * @throws IllegalArgumentException for any other value, including {@code null}
     */
    public static int termBusinessDays(String pqrType) {
        if (pqrType == null) {
            throw new IllegalArgumentException("Unknown PQR type: null");
        }
        return switch (pqrType) {
            case "SOLICITUD_INFORMACION" -> 10;
            case "CONSULTA" -> 30;
            case "PETICION", "QUEJA", "RECLAMO", "SUGERENCIA", "DENUNCIA", "FELICITACION" -> 15;
            default -> throw new IllegalArgumentException("Unknown PQR type: '" + pqrType + "'");
        };
    }

    public static LocalDate dueDate(Instant filedAt, String pqrType) {
        int term = termBusinessDays(pqrType);
        return BusinessCalendar.addBusinessDays(localDate(filedAt), term);
    }
}
