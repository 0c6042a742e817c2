package dev.orchestrate.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FormatsTest {

  @Test
  void wonWithGroupingAndAtMostFourDecimals() {
    assertThat(Formats.won(new BigDecimal("150"))).isEqualTo("₩150");
    assertThat(Formats.won(new BigDecimal("1234.5000"))).isEqualTo("₩1,234.5");
    assertThat(Formats.won(new BigDecimal("0.00125"))).isEqualTo("₩0.0013");
    assertThat(Formats.won(new BigDecimal("-20"))).isEqualTo("-₩20");
    assertThat(Formats.won(null)).isEqualTo("₩0");
  }

  @Test
  void durationsAsTheMonitorShowsThem() {
    assertThat(Formats.duration(120)).isEqualTo("120ms");
    assertThat(Formats.duration(2_345)).isEqualTo("2.3s");
    assertThat(Formats.duration(65_000)).isEqualTo("1m 05s");
    assertThat(Formats.duration(3_720_000)).isEqualTo("1h 02m");
  }

  @Test
  void hangulAndStatusIconsTakeTwoColumns() {
    assertThat(Formats.width("입력 검증")).isEqualTo(9);
    assertThat(Formats.width("✅ ok")).isEqualTo(5);
    assertThat(Formats.width("⬜⏳❌➖✋⛔🔁🚫")).isEqualTo(16);
    assertThat(Formats.fit("적합성 분석 중...", 8)).isEqualTo("적합성 …");
    assertThat(Formats.width(Formats.fit("적합성 분석 중...", 8))).isLessThanOrEqualTo(8);
    assertThat(Formats.pad("검증", 6)).isEqualTo("검증  ");
  }
}
