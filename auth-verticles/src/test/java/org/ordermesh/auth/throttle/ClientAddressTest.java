package org.ordermesh.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.platform.http.TrustedProxies;

@DisplayName("the client address for throttling")
class ClientAddressTest {

  private static final TrustedProxies POD_NETWORK = TrustedProxies.parse("ORDERMESH_AUTH_TRUSTED_PROXIES", List.of("10.0.0.0/8", "127.0.0.1", "fd00::/8"));

  @Test
  @DisplayName("is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For says")
  void untrustedPeer() {
    assertThat(ClientAddress.of("203.0.113.7", "198.51.100.1", POD_NETWORK)).isEqualTo("203.0.113.7");
    assertThat(ClientAddress.of("11.0.0.1", "198.51.100.1", POD_NETWORK)).isEqualTo("11.0.0.1");
  }

  @Test
  @DisplayName("is the right-most X-Forwarded-For hop outside the trusted ranges, so a client cannot pick its own")
  void rightMostUntrusted() {
    // client-chosen first entry, then the address the ingress saw, then the ingress pod the gateway saw
    assertThat(ClientAddress.of("10.1.2.3", "6.6.6.6, 198.51.100.1, 10.4.5.6", POD_NETWORK)).isEqualTo("198.51.100.1");
    assertThat(ClientAddress.of("fd00::5", "2001:db8::1", POD_NETWORK)).isEqualTo("2001:db8::1");
  }

  @Test
  @DisplayName("is the peer when every hop is trusted or the header is missing or blank")
  void everyHopTrusted() {
    assertThat(ClientAddress.of("10.1.2.3", "10.9.9.9, 127.0.0.1", POD_NETWORK)).isEqualTo("10.1.2.3");
    assertThat(ClientAddress.of("10.1.2.3", null, POD_NETWORK)).isEqualTo("10.1.2.3");
    assertThat(ClientAddress.of("10.1.2.3", " , ", POD_NETWORK)).isEqualTo("10.1.2.3");
  }

  @Test
  @DisplayName("counts a hop that is not an IP address as the client, not as a proxy")
  void garbageHop() {
    assertThat(ClientAddress.of("10.1.2.3", "not-an-ip", POD_NETWORK)).isEqualTo("not-an-ip");
  }

  @Test
  @DisplayName("takes only IP literals and CIDR ranges as trusted proxies")
  void parsesRanges() {
    assertThat(TrustedProxies.parse("ORDERMESH_AUTH_TRUSTED_PROXIES", List.of("192.168.0.0/16")).contains("192.168.200.1")).isTrue();
    assertThat(TrustedProxies.parse("ORDERMESH_AUTH_TRUSTED_PROXIES", List.of("192.168.0.0/16")).contains("192.169.0.1")).isFalse();
    assertThat(TrustedProxies.parse("ORDERMESH_AUTH_TRUSTED_PROXIES", List.of("0.0.0.0/0")).contains("1.2.3.4")).isTrue();
    assertThat(TrustedProxies.parse("ORDERMESH_AUTH_TRUSTED_PROXIES", List.of("10.0.0.0/8")).contains("::ffff:10.0.0.1")).isFalse();
    for (String bad : List.of("gateway", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/x", "::1/129")) {
      assertThatThrownBy(() -> TrustedProxies.parse("ORDERMESH_AUTH_TRUSTED_PROXIES", List.of(bad))).hasMessageContaining("ORDERMESH_AUTH_TRUSTED_PROXIES");
    }
  }
}
