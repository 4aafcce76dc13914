package dev.sluice.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkLocalTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "169.254.169.254",
        "169.254.0.0",
        "169.254.255.255",
        "fe80::1",
        "febf:ffff::1",
        "fd00:ec2::254",
        "::ffff:169.254.169.254"
      })
  void refused(String address) throws Exception {
    assertThat(LinkLocal.refused(InetAddress.getByName(address))).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "127.0.0.1",
        "169.253.255.255",
        "169.255.0.0",
        "8.8.8.8",
        "fd00:ec2::253",
        "fc00::1",
        "fec0::1",
        "::1"
      })
  void allowed(String address) throws Exception {
    assertThat(LinkLocal.refused(InetAddress.getByName(address))).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://169.254.169.254/latest", "https://[fd00:ec2::254]:443/x"})
  void literalUrlsAreRefusedAtCompileTime(String url) {
    assertThat(LinkLocal.refusedLiteral(url)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://hooks.internal.svc:8080/x",
        "http://10.1.2.3/x",
        "https://metadata.example/x",
        "not a url"
      })
  @org.junit.jupiter.params.provider.NullAndEmptySource
  void otherUrlsAreLeftToTheWorker(String url) {
    assertThat(LinkLocal.refusedLiteral(url)).isNull();
  }
}
