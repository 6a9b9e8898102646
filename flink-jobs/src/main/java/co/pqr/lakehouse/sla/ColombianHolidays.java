package co.pqr.lakehouse.sla;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Colombian national public holidays (festivos), computed by rule for any year since 1984:
 * the fixed dates, the dates moved to the following Monday by Ley 51 de 1983, and the
 * Easter-based dates. Regional celebrations and Sundays that are not holidays are not included.
 */
public final class ColombianHolidays {

    /** First full year under Ley 51 de 1983 (in force from 22 December 1983). */
    public static final int FIRST_SUPPORTED_YEAR = 1984;

    private static final Map<Integer, SortedMap<LocalDate, String>> CACHE = new ConcurrentHashMap<>();

    private ColombianHolidays() {
    }

    /** The holiday dates of {@code year}; unmodifiable, sorted, computed once per year. */
    public static Set<LocalDate> forYear(int year) {
        return namedForYear(year).keySet();
    }

    public static boolean isHoliday(LocalDate date) {
        Objects.requireNonNull(date, "date");
        return forYear(date.getYear()).contains(date);
    }

    /**
     * The holiday dates of {@code year} with their Spanish names; unmodifiable and sorted by date.
     * When two holidays fall on the same day (e.g. 30 June 2025) the names are joined with " / ".
     */
    public static Map<LocalDate, String> namedForYear(int year) {
        if (year < FIRST_SUPPORTED_YEAR) {
            throw new IllegalArgumentException(
                    "Colombian holidays are only computed from " + FIRST_SUPPORTED_YEAR + " (Ley 51 de 1983), got " + year);
        }
        return CACHE.computeIfAbsent(year, ColombianHolidays::compute);
    }

    private static SortedMap<LocalDate, String> compute(int year) {
        SortedMap<LocalDate, String> holidays = new TreeMap<>();

        add(holidays, LocalDate.of(year, Month.JANUARY, 1), "Año Nuevo");
        add(holidays, LocalDate.of(year, Month.MAY, 1), "Día del Trabajo");
        add(holidays, LocalDate.of(year, Month.JULY, 20), "Día de la Independencia");
        add(holidays, LocalDate.of(year, Month.AUGUST, 7), "Batalla de Boyacá");
        add(holidays, LocalDate.of(year, Month.DECEMBER, 8), "Inmaculada Concepción");
        add(holidays, LocalDate.of(year, Month.DECEMBER, 25), "Navidad");

        add(holidays, nextMonday(LocalDate.of(year, Month.JANUARY, 6)), "Día de los Reyes Magos");
        add(holidays, nextMonday(LocalDate.of(year, Month.MARCH, 19)), "Día de San José");
        add(holidays, nextMonday(LocalDate.of(year, Month.JUNE, 29)), "San Pedro y San Pablo");
        add(holidays, nextMonday(LocalDate.of(year, Month.AUGUST, 15)), "Asunción de la Virgen");
        add(holidays, nextMonday(LocalDate.of(year, Month.OCTOBER, 12)), "Día de la Raza");
        add(holidays, nextMonday(LocalDate.of(year, Month.NOVEMBER, 1)), "Día de Todos los Santos");
        add(holidays, nextMonday(LocalDate.of(year, Month.NOVEMBER, 11)), "Independencia de Cartagena");

        LocalDate easter = easterSunday(year);
        add(holidays, easter.minusDays(3), "Jueves Santo");
        add(holidays, easter.minusDays(2), "Viernes Santo");
        add(holidays, nextMonday(easter.plusDays(43)), "Ascensión del Señor");
        add(holidays, nextMonday(easter.plusDays(64)), "Corpus Christi");
        add(holidays, nextMonday(easter.plusDays(71)), "Sagrado Corazón de Jesús");

        return Collections.unmodifiableSortedMap(holidays);
    }

    private static void add(SortedMap<LocalDate, String> holidays, LocalDate date, String name) {
        holidays.merge(date, name, (existing, added) -> existing + " / " + added);
    }

    /** The date itself when it is a Monday, otherwise the next Monday (Ley 51 de 1983). */
    private static LocalDate nextMonday(LocalDate date) {
        return date.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
    }

    /** Western Easter Sunday, anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
