package co.pqr.lakehouse.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected due dates below were counted by hand on a calendar; holidays as in ColombianHolidaysTest. */
class DueDatesTest {

    private static Instant bogota(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(DueDates.BOGOTA).toInstant();
    }

    @ParameterizedTest
    @CsvSource({
        "SOLICITUD_INFORMACION, 10",
        "CONSULTA, 30",
        "PETICION, 15",
        "QUEJA, 15",
        "RECLAMO, 15",
        "SUGERENCIA, 15",
        "DENUNCIA, 15",
        "FELICITACION, 15"
    })
    void termDependsOnPqrType(String type, int expectedBusinessDays) {
        assertThat(DueDates.termBusinessDays(type)).isEqualTo(expectedBusinessDays);
    }

    @Test
    void unknownTypeIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> DueDates.termBusinessDays("TUTELA"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TUTELA");
        assertThatThrownBy(() -> DueDates.termBusinessDays(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @Test
    void filingLateInEveningCountsFromBogotaDate() {
        // Wed 4 Mar 2026 23:30 Bogotá (UTC-5) = Thu 5 Mar 2026 04:30 UTC.
        Instant filedAt = Instant.parse("2026-03-05T04:30:00Z");
        assertThat(DueDates.localDate(filedAt)).isEqualTo(LocalDate.of(2026, 3, 4));
        // PETICION, 15 business days after Wed 4 Mar: Thu 5 (1), Fri 6 (2), Mon 9..Fri 13 (3-7),
        // Mon 16..Thu 19 (8-11; 19 Mar is a Thursday, San José moves to Mon 23), Fri 20 (12),
        // Mon 23 holiday, Tue 24 (13), Wed 25 (14), Thu 26 (15). Counting from the UTC date would give Fri 27.
        assertThat(DueDates.dueDate(filedAt, "PETICION")).isEqualTo(LocalDate.of(2026, 3, 26));
    }

    @Test
    void filingOnFridayBeforeMondayHolidaySkipsTheLongWeekend() {
        // Fri 14 Aug 2026; Mon 17 Aug is Asunción (15 Aug moved). PETICION, 15 business days:
        // Tue 18..Fri 21 (1-4), Mon 24..Fri 28 (5-9), Mon 31 (10), Tue 1..Fri 4 Sep (11-14), Mon 7 Sep (15).
        assertThat(DueDates.dueDate(bogota(2026, 8, 14, 10, 0), "PETICION")).isEqualTo(LocalDate.of(2026, 9, 7));
        // SOLICITUD_INFORMACION, 10 business days: the 10th is Mon 31 Aug.
        assertThat(DueDates.dueDate(bogota(2026, 8, 14, 10, 0), "SOLICITUD_INFORMACION"))
                .isEqualTo(LocalDate.of(2026, 8, 31));
    }

    @Test
    void filingOnWednesdayOfHolyWeekSkipsHolyThursdayAndGoodFriday() {
        // Wed 16 Apr 2025; Thu 17 and Fri 18 are Jueves/Viernes Santo. QUEJA, 15 business days:
        // Mon 21..Fri 25 (1-5), Mon 28..Wed 30 (6-8), Thu 1 May holiday, Fri 2 May (9),
        // Mon 5..Fri 9 May (10-14), Mon 12 May (15).
        assertThat(DueDates.dueDate(bogota(2025, 4, 16, 9, 15), "QUEJA")).isEqualTo(LocalDate.of(2025, 5, 12));
    }

    @Test
    void filingOnSaturdayCountsFromTheNextBusinessDay() {
        // Sat 7 Feb 2026, no holidays in February. RECLAMO, 15 business days:
        // Mon 9..Fri 13 (1-5), Mon 16..Fri 20 (6-10), Mon 23..Fri 27 (11-15).
        assertThat(DueDates.dueDate(bogota(2026, 2, 7, 11, 0), "RECLAMO")).isEqualTo(LocalDate.of(2026, 2, 27));
    }

    @Test
    void consultaFiledOnSaturdayBeforeHolidayMondaySkipsEveryHolidayInItsThirtyDays() {
        // Sat 28 Jun 2025; Mon 30 Jun is Sagrado Corazón / San Pedro. CONSULTA, 30 business days:
        // Tue 1..Fri 4 Jul (1-4), Mon 7..Fri 11 (5-9), Mon 14..Fri 18 (10-14), Sun 20 Jul is a holiday on a Sunday,
        // Mon 21..Fri 25 (15-19), Mon 28..Fri 1 Aug (20-24), Mon 4..Wed 6 Aug (25-27), Thu 7 Aug Boyacá holiday,
        // Fri 8 (28), Mon 11 (29), Tue 12 Aug (30).
        assertThat(DueDates.dueDate(bogota(2025, 6, 28, 16, 45), "CONSULTA")).isEqualTo(LocalDate.of(2025, 8, 12));
    }

    @Test
    void filingOnChristmasEveCrossesNewYearSkippingItsHolidays() {
        // Wed 24 Dec 2025. PETICION, 15 business days: Thu 25 Navidad, Fri 26 (1), Mon 29..Wed 31 (2-4),
        // Thu 1 Jan 2026 Año Nuevo, Fri 2 (5), Mon 5..Fri 9 (6-10; Tue 6 Jan is a working day),
        // Mon 12 Jan Reyes Magos, Tue 13..Fri 16 (11-14), Mon 19 Jan 2026 (15).
        assertThat(DueDates.dueDate(bogota(2025, 12, 24, 8, 0), "PETICION")).isEqualTo(LocalDate.of(2026, 1, 19));
    }

    @Test
    void localDateUsesBogotaOffsetNotUtc() {
        assertThat(DueDates.localDate(Instant.parse("2026-01-01T04:59:59Z"))).isEqualTo(LocalDate.of(2025, 12, 31));
        assertThat(DueDates.localDate(Instant.parse("2026-01-01T05:00:00Z"))).isEqualTo(LocalDate.of(2026, 1, 1));
    }
}
