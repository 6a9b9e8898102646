package co.pqr.lakehouse.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    @Test
    void weekdaysThatAreNotHolidaysAreBusinessDays() {
        assertThat(BusinessCalendar.isBusinessDay(LocalDate.of(2026, 2, 9))).isTrue();   // Monday
        assertThat(BusinessCalendar.isBusinessDay(LocalDate.of(2026, 2, 13))).isTrue();  // Friday
    }

    @Test
    void weekendsAndHolidaysAreNotBusinessDays() {
        assertThat(BusinessCalendar.isBusinessDay(LocalDate.of(2026, 2, 7))).isFalse();  // Saturday
        assertThat(BusinessCalendar.isBusinessDay(LocalDate.of(2026, 2, 8))).isFalse();  // Sunday
        assertThat(BusinessCalendar.isBusinessDay(LocalDate.of(2026, 3, 23))).isFalse(); // San José (Monday)
        assertThat(BusinessCalendar.isBusinessDay(LocalDate.of(2026, 4, 2))).isFalse();  // Jueves Santo
    }

    @Test
    void startDayNeverCounts() {
        assertThat(BusinessCalendar.addBusinessDays(LocalDate.of(2026, 2, 9), 1)).isEqualTo(LocalDate.of(2026, 2, 10));
    }

    @Test
    void nthBusinessDaySkipsWeekends() {
        // Mon 9 Feb 2026 + 5: Tue 10, Wed 11, Thu 12, Fri 13, (Sat, Sun), Mon 16.
        assertThat(BusinessCalendar.addBusinessDays(LocalDate.of(2026, 2, 9), 5)).isEqualTo(LocalDate.of(2026, 2, 16));
        assertThat(BusinessCalendar.addBusinessDays(LocalDate.of(2026, 2, 13), 1)).isEqualTo(LocalDate.of(2026, 2, 16));
    }

    @Test
    void nthBusinessDaySkipsHolidays() {
        // Fri 20 Mar 2026, Monday 23 is San José: first business day is Tue 24.
        assertThat(BusinessCalendar.addBusinessDays(LocalDate.of(2026, 3, 20), 1)).isEqualTo(LocalDate.of(2026, 3, 24));
        // Wed 1 Apr 2026, then Jueves Santo 2, Viernes Santo 3, weekend: Mon 6.
        assertThat(BusinessCalendar.addBusinessDays(LocalDate.of(2026, 4, 1), 1)).isEqualTo(LocalDate.of(2026, 4, 6));
    }

    @Test
    void startMayBeAWeekendOrHoliday() {
        assertThat(BusinessCalendar.addBusinessDays(LocalDate.of(2026, 2, 8), 1)).isEqualTo(LocalDate.of(2026, 2, 9));   // Sunday
        assertThat(BusinessCalendar.addBusinessDays(LocalDate.of(2026, 3, 23), 1)).isEqualTo(LocalDate.of(2026, 3, 24)); // holiday
    }

    @Test
    void nonPositiveNIsRejectedWithClearMessage() {
        assertThatThrownBy(() -> BusinessCalendar.addBusinessDays(LocalDate.of(2026, 2, 9), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be at least 1 business day, got 0");
        assertThatThrownBy(() -> BusinessCalendar.addBusinessDays(LocalDate.of(2026, 2, 9), -3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -3");
    }
}
