package co.pqr.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({
        "500ms, 500",
        "10s, 10000",
        "5m, 300000",
        "1h, 3600000",
        "PT10S, 10000",
        "pt1m30s, 90000",
        "P1D, 86400000",
        "' 10s ', 10000",
        "10S, 10000",
        "0s, 0"
    })
    void acceptsShortFormsAndIso8601(String text, long expectedMillis) {
        assertThat(converter.convert(text)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @Test
    void minutesSuffixIsMinutesNotMilliseconds() {
        assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(converter.convert("5ms")).isEqualTo(Duration.ofMillis(5));
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {"10x", "", "abc", "s", "1.5s", "10", "PTxS", "ten seconds"})
    void rejectsAnythingElseWithTheDocumentedMessage(String text) {
        assertThatThrownBy(() -> converter.convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("bad duration '" + text + "': use e.g. 500ms, 10s, 1m, 1h");
    }
}
