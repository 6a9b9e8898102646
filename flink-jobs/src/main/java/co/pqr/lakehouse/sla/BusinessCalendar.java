package co.pqr.lakehouse.sla;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Colombian business days: Monday to Friday, except national public holidays
 * ({@link ColombianHolidays}). Used to count the legal terms of PQRs.
 */
public final class BusinessCalendar {

    private BusinessCalendar() {
    }

    public static boolean isBusinessDay(LocalDate date) {
        Objects.requireNonNull(date, "date");
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !ColombianHolidays.isHoliday(date);
    }

    /**
     * The {@code n}-th business day after {@code start}. {@code start} itself never counts and may be
     * a weekend or a holiday; so {@code addBusinessDays(friday, 1)} is the next business Monday or later.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static LocalDate addBusinessDays(LocalDate start, int n) {
        Objects.requireNonNull(start, "start");
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1 business day, got " + n);
        }
        LocalDate date = start;
        int counted = 0;
        while (counted < n) {
            date = date.plusDays(1);
            if (isBusinessDay(date)) {
                counted++;
            }
        }
        return date;
    }
}
