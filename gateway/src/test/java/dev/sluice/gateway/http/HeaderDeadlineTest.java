package dev.sluice.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeaderDeadlineTest {
  @Test
  void theKeepAliveHintIsASecondShortOfTheDeadlineInWholeSeconds() {
    assertThat(HeaderDeadline.keepAliveHint(Duration.ofSeconds(10))).isEqualTo("timeout=9");
    assertThat(HeaderDeadline.keepAliveHint(Duration.ofMillis(2500))).isEqualTo("timeout=1");
    assertThat(HeaderDeadline.keepAliveHint(Duration.ofSeconds(2))).isEqualTo("timeout=1");
  }

  @Test
  void aDeadlineUnderTwoSecondsGivesNoHint() {
    assertThat(HeaderDeadline.keepAliveHint(Duration.ofMillis(1999))).isNull();
    assertThat(HeaderDeadline.keepAliveHint(Duration.ofMillis(300))).isNull();
  }
}
