package co.pqr.lakehouse.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaintenanceSettingsTest {
  @Test
  void defaultsCoverTheThreeLakehouseTablesAndAreSafe() {
    MaintenanceSettings d = MaintenanceSettings.defaults();
    assertThat(d.tables()).containsExactly("bronze.pqr_events", "bronze.pqr_quarantine", "silver.pqr_events");
    assertThat(d.enabled()).isTrue();
    assertThat(d.expireOlderThan()).isGreaterThanOrEqualTo(Duration.ofHours(1));
    assertThat(d.orphansOlderThan()).isGreaterThanOrEqualTo(Duration.ofHours(1));
    assertThat(d.withInterval(Duration.ZERO).enabled()).isFalse();
  }

  @Test
  void badValuesNameTheirFlag() {
    MaintenanceSettings d = MaintenanceSettings.defaults();
    assertThatThrownBy(() -> d.withExpiry(Duration.ofHours(1), 0))
        .hasMessage("--retain-last must be at least 1, got 0");
    assertThatThrownBy(() -> d.withOrphansOlderThan(Duration.ofSeconds(-1)))
        .hasMessage("--orphans-older-than must not be negative, got PT-1S");
    assertThatThrownBy(() -> d.withTargetFileSize(10))
        .hasMessage("--target-file-size must be at least 1KB, got 10 bytes");
    assertThatThrownBy(() -> d.withTables(List.of())).hasMessage("maintenance needs at least one table");
  }
}
