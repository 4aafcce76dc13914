package dev.sluice.api.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageTypeTest {

  @ParameterizedTest
  @CsvSource({
    "track, TRACK, t",
    "identify, IDENTIFY, i",
    "page, PAGE, p",
    "screen, SCREEN, s",
    "group, GROUP, g",
    "alias, ALIAS, a"
  })
  void namesAndPaths(String wire, MessageType type, String shortPath) {
    assertThat(type.wireName()).isEqualTo(wire);
    assertThat(MessageType.fromWireName(wire)).contains(type);
    assertThat(MessageType.fromPath(wire)).contains(type);
    assertThat(MessageType.fromPath(shortPath)).contains(type);
    assertThat(MessageType.fromWireName(shortPath)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Track", "TRACK", "batch", "b", "m", "x", "import"})
  void unknownNames(String s) {
    assertThat(MessageType.fromWireName(s)).isEmpty();
    assertThat(MessageType.fromPath(s)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void nullIsUnknown() {
    assertThat(MessageType.fromWireName(null)).isEqualTo(Optional.empty());
  }
}
