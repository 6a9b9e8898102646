package co.pqr.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ByteSizeConverterTest {
  private final ByteSizeConverter c = new ByteSizeConverter();

  @Test
  void parsesBytesAndBinaryUnits() {
    assertThat(c.convert("1048576")).isEqualTo(1_048_576L);
    assertThat(c.convert("512KB")).isEqualTo(512L * 1024);
    assertThat(c.convert("64m")).isEqualTo(64L * 1024 * 1024);
    assertThat(c.convert("1GB")).isEqualTo(1L << 30);
  }

  @Test
  void rejectsNonsenseWithTheExpectedForm() {
    assertThatThrownBy(() -> c.convert("big")).isInstanceOf(TypeConversionException.class)
        .hasMessage("bad size 'big': use e.g. 1048576, 512KB, 64MB, 1GB");
    assertThatThrownBy(() -> c.convert("0")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> c.convert("-5MB")).isInstanceOf(TypeConversionException.class);
  }

  @Test
  void formatsSizesForPeople() {
    assertThat(ByteSizeConverter.format(999)).isEqualTo("999 B");
    assertThat(ByteSizeConverter.format(1536)).isEqualTo("1.5 KiB");
    assertThat(ByteSizeConverter.format(128L * 1024 * 1024)).isEqualTo("128.0 MiB");
  }
}
