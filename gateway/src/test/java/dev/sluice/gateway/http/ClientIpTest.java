package dev.sluice.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientIpTest {
  final ClientIp ip = new ClientIp(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

  @Test
  void trustsAddressesInsideTheBlocksOnly() {
    assertThat(ip.trusts("10.200.3.4")).isTrue();
    assertThat(ip.trusts("11.0.0.1")).isFalse();
    assertThat(ip.trusts("192.168.1.7")).isTrue();
    assertThat(ip.trusts("192.168.1.8")).isFalse();
    assertThat(ip.trusts("fd12::1")).isTrue();
    assertThat(ip.trusts("fe80::1")).isFalse();
    assertThat(ip.trusts("not-an-ip.example.com")).isFalse();
  }

  @Test
  void neverResolvesHostNames() {
    assertThat(ClientIp.isIpLiteral("localhost")).isFalse();
    assertThat(ClientIp.isIpLiteral("203.0.113.9")).isTrue();
    assertThat(ClientIp.isIpLiteral("2001:db8::1")).isTrue();
  }

  @Test
  void rejectsBadProxySettings() {
    assertThatThrownBy(() -> new ClientIp(List.of("10.0.0.0/33")))
        .hasMessageContaining("prefix length");
    assertThatThrownBy(() -> new ClientIp(List.of("proxy.internal")))
        .hasMessageContaining("not an IP address");
  }
}
