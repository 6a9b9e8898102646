package co.pqr.lakehouse.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Expected holiday lists are literals copied from published calendars, not computed by the code under test:
 * <ul>
 *   <li>2024: https://seguimiento.co/node/69166 and https://noticias24colombia.com/calendario-de-colombia-2024-asi-quedan-los-festivos-del-ano-para-que-te-programes
 *       (18 festivos; source cited there: Banco de la República).</li>
 *   <li>2025: https://publicholidays.co/es/2025-dates/ (cites banrep.gov.co) and https://www.festivos.com.co/2025;
 *       Sagrado Corazón and San Pedro y San Pablo both fall on Monday 30 June, so 18 festivos are 17 dates.</li>
 *   <li>2026: https://www.elespectador.com/turismo/calendario-con-los-festivos-en-colombia-2026-cuantos-son-y-cuando-es-semana-santa/
 *       and https://www.publimetro.co/noticias/2025/11/05/calendario-2026-festivos-en-colombia-y-vacaciones-para-que-desde-ya-se-programe/</li>
 *   <li>2027: https://elrinconcolombiano.com/calendario-de-colombia-de-2027 (January to June) and
 *       https://holidaycalendar.pages.dev/es/colombia/2025/independencia-de-cartagena (15 November 2027); the
 *       remaining 2027 dates were worked out by hand from Ley 51 de 1983 (Easter 2027 = 28 March).</li>
 * </ul>
 * Each list was also checked by hand against the rules (fixed dates, next-Monday moves, Easter offsets).
 */
class ColombianHolidaysTest {

    @Test
    void holidays2024MatchOfficialList() {
        assertThat(ColombianHolidays.forYear(2024)).containsExactlyInAnyOrder(
                LocalDate.of(2024, 1, 1),   // Año Nuevo (Mon)
                LocalDate.of(2024, 1, 8),   // Reyes Magos, Sat 6 -> Mon 8
                LocalDate.of(2024, 3, 25),  // San José, Tue 19 -> Mon 25
                LocalDate.of(2024, 3, 28),  // Jueves Santo (Easter 31 March)
                LocalDate.of(2024, 3, 29),  // Viernes Santo
                LocalDate.of(2024, 5, 1),   // Día del Trabajo (Wed)
                LocalDate.of(2024, 5, 13),  // Ascensión
                LocalDate.of(2024, 6, 3),   // Corpus Christi
                LocalDate.of(2024, 6, 10),  // Sagrado Corazón
                LocalDate.of(2024, 7, 1),   // San Pedro y San Pablo, Sat 29 -> Mon 1
                LocalDate.of(2024, 7, 20),  // Independencia (Sat, not moved)
                LocalDate.of(2024, 8, 7),   // Batalla de Boyacá (Wed)
                LocalDate.of(2024, 8, 19),  // Asunción, Thu 15 -> Mon 19
                LocalDate.of(2024, 10, 14), // Día de la Raza, Sat 12 -> Mon 14
                LocalDate.of(2024, 11, 4),  // Todos los Santos, Fri 1 -> Mon 4
                LocalDate.of(2024, 11, 11), // Independencia de Cartagena (Mon)
                LocalDate.of(2024, 12, 8),  // Inmaculada Concepción (Sun, not moved)
                LocalDate.of(2024, 12, 25)); // Navidad (Wed)
    }

    @Test
    void holidays2025MatchOfficialListWithTwoHolidaysOnJune30() {
        assertThat(ColombianHolidays.forYear(2025)).containsExactlyInAnyOrder(
                LocalDate.of(2025, 1, 1),   // Año Nuevo (Wed)
                LocalDate.of(2025, 1, 6),   // Reyes Magos (Mon)
                LocalDate.of(2025, 3, 24),  // San José, Wed 19 -> Mon 24
                LocalDate.of(2025, 4, 17),  // Jueves Santo (Easter 20 April)
                LocalDate.of(2025, 4, 18),  // Viernes Santo
                LocalDate.of(2025, 5, 1),   // Día del Trabajo (Thu)
                LocalDate.of(2025, 6, 2),   // Ascensión
                LocalDate.of(2025, 6, 23),  // Corpus Christi
                LocalDate.of(2025, 6, 30),  // Sagrado Corazón AND San Pedro y San Pablo (Sun 29 -> Mon 30)
                LocalDate.of(2025, 7, 20),  // Independencia (Sun)
                LocalDate.of(2025, 8, 7),   // Batalla de Boyacá (Thu)
                LocalDate.of(2025, 8, 18),  // Asunción, Fri 15 -> Mon 18
                LocalDate.of(2025, 10, 13), // Día de la Raza, Sun 12 -> Mon 13
                LocalDate.of(2025, 11, 3),  // Todos los Santos, Sat 1 -> Mon 3
                LocalDate.of(2025, 11, 17), // Independencia de Cartagena, Tue 11 -> Mon 17
                LocalDate.of(2025, 12, 8),  // Inmaculada Concepción (Mon)
                LocalDate.of(2025, 12, 25)); // Navidad (Thu)
        assertThat(ColombianHolidays.namedForYear(2025).get(LocalDate.of(2025, 6, 30)))
                .contains("Sagrado Corazón de Jesús")
                .contains("San Pedro y San Pablo");
    }

    @Test
    void holidays2026MatchOfficialList() {
        assertThat(ColombianHolidays.forYear(2026)).containsExactlyInAnyOrder(
                LocalDate.of(2026, 1, 1),   // Año Nuevo (Thu)
                LocalDate.of(2026, 1, 12),  // Reyes Magos, Tue 6 -> Mon 12
                LocalDate.of(2026, 3, 23),  // San José, Thu 19 -> Mon 23
                LocalDate.of(2026, 4, 2),   // Jueves Santo (Easter 5 April)
                LocalDate.of(2026, 4, 3),   // Viernes Santo
                LocalDate.of(2026, 5, 1),   // Día del Trabajo (Fri)
                LocalDate.of(2026, 5, 18),  // Ascensión
                LocalDate.of(2026, 6, 8),   // Corpus Christi
                LocalDate.of(2026, 6, 15),  // Sagrado Corazón
                LocalDate.of(2026, 6, 29),  // San Pedro y San Pablo (Mon)
                LocalDate.of(2026, 7, 20),  // Independencia (Mon)
                LocalDate.of(2026, 8, 7),   // Batalla de Boyacá (Fri)
                LocalDate.of(2026, 8, 17),  // Asunción, Sat 15 -> Mon 17
                LocalDate.of(2026, 10, 12), // Día de la Raza (Mon)
                LocalDate.of(2026, 11, 2),  // Todos los Santos, Sun 1 -> Mon 2
                LocalDate.of(2026, 11, 16), // Independencia de Cartagena, Wed 11 -> Mon 16
                LocalDate.of(2026, 12, 8),  // Inmaculada Concepción (Tue)
                LocalDate.of(2026, 12, 25)); // Navidad (Fri)
    }

    @Test
    void holidays2027MatchOfficialList() {
        assertThat(ColombianHolidays.forYear(2027)).containsExactlyInAnyOrder(
                LocalDate.of(2027, 1, 1),   // Año Nuevo (Fri)
                LocalDate.of(2027, 1, 11),  // Reyes Magos, Wed 6 -> Mon 11
                LocalDate.of(2027, 3, 22),  // San José, Fri 19 -> Mon 22
                LocalDate.of(2027, 3, 25),  // Jueves Santo (Easter 28 March)
                LocalDate.of(2027, 3, 26),  // Viernes Santo
                LocalDate.of(2027, 5, 1),   // Día del Trabajo (Sat)
                LocalDate.of(2027, 5, 10),  // Ascensión
                LocalDate.of(2027, 5, 31),  // Corpus Christi
                LocalDate.of(2027, 6, 7),   // Sagrado Corazón
                LocalDate.of(2027, 7, 5),   // San Pedro y San Pablo, Tue 29 -> Mon 5
                LocalDate.of(2027, 7, 20),  // Independencia (Tue)
                LocalDate.of(2027, 8, 7),   // Batalla de Boyacá (Sat)
                LocalDate.of(2027, 8, 16),  // Asunción, Sun 15 -> Mon 16
                LocalDate.of(2027, 10, 18), // Día de la Raza, Tue 12 -> Mon 18
                LocalDate.of(2027, 11, 1),  // Todos los Santos (Mon)
                LocalDate.of(2027, 11, 15), // Independencia de Cartagena, Thu 11 -> Mon 15
                LocalDate.of(2027, 12, 8),  // Inmaculada Concepción (Wed)
                LocalDate.of(2027, 12, 25)); // Navidad (Sat)
    }

    @Test
    void namesAreSpanishAndKeyedByObservedDate() {
        assertThat(ColombianHolidays.namedForYear(2026))
                .containsEntry(LocalDate.of(2026, 1, 1), "Año Nuevo")
                .containsEntry(LocalDate.of(2026, 3, 23), "Día de San José")
                .containsEntry(LocalDate.of(2026, 4, 3), "Viernes Santo")
                .containsEntry(LocalDate.of(2026, 8, 7), "Batalla de Boyacá")
                .containsEntry(LocalDate.of(2026, 11, 16), "Independencia de Cartagena")
                .doesNotContainKey(LocalDate.of(2026, 3, 19));
        assertThat(ColombianHolidays.namedForYear(2026).keySet()).isEqualTo(ColombianHolidays.forYear(2026));
    }

    @Test
    void isHolidayIsTrueOnlyForObservedDates() {
        assertThat(ColombianHolidays.isHoliday(LocalDate.of(2026, 1, 12))).isTrue();
        assertThat(ColombianHolidays.isHoliday(LocalDate.of(2026, 1, 6))).isFalse();
        assertThat(ColombianHolidays.isHoliday(LocalDate.of(2024, 12, 8))).isTrue();
        assertThat(ColombianHolidays.isHoliday(LocalDate.of(2024, 12, 9))).isFalse();
    }

    @Test
    void easterSundayFollowsGregorianComputus() {
        assertThat(ColombianHolidays.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(ColombianHolidays.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(ColombianHolidays.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(ColombianHolidays.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(ColombianHolidays.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25)); // latest possible
        assertThat(ColombianHolidays.easterSunday(2285)).isEqualTo(LocalDate.of(2285, 3, 22)); // earliest possible
    }

    @Test
    void yearSetIsUnmodifiableAndCached() {
        Set<LocalDate> holidays = ColombianHolidays.forYear(2026);
        assertThatThrownBy(() -> holidays.add(LocalDate.of(2026, 2, 2)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ColombianHolidays.namedForYear(2026).put(LocalDate.of(2026, 2, 2), "x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(ColombianHolidays.forYear(2026)).isSameAs(holidays);
    }

    @Test
    void concurrentFirstCallsSeeTheSameYear() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Set<LocalDate>>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(() -> ColombianHolidays.forYear(2031));
            }
            List<Future<Set<LocalDate>>> results = pool.invokeAll(calls);
            Set<LocalDate> first = results.get(0).get();
            assertThat(first).hasSize(18);
            for (Future<Set<LocalDate>> result : results) {
                assertThat(result.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void yearsBeforeLey51Of1983AreRejected() {
        assertThatThrownBy(() -> ColombianHolidays.forYear(1983))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1984")
                .hasMessageContaining("1983");
    }
}
