package dev.ollamaperf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The address the gateway prints and hands out is a valid URL, whatever it was bound to (no server is started). */
final class GatewayAddressTest {

    @Test
    void baseUri_everyInterfaceIPv6_isLoopbackNotTheWildcard() throws Exception {
        InetSocketAddress bound = new InetSocketAddress(InetAddress.getByName("::"), 19104);

        assertThat(OllamaGateway.baseUri(bound)).isEqualTo(URI.create("http://127.0.0.1:19104"));
        assertThat(OllamaGateway.listening(bound))
                .isEqualTo("every interface, port 19104 (from this machine: http://127.0.0.1:19104)");
    }

    @Test
    void listening_everyInterfaceIPv4_namesThePortAndAUrlThatWorks() throws Exception {
        InetSocketAddress bound = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 11435);

        assertThat(OllamaGateway.listening(bound))
                .isEqualTo("every interface, port 11435 (from this machine: http://127.0.0.1:11435)");
    }

    @Test
    void baseUri_oneIPv6Address_isBracketed() throws Exception {
        InetSocketAddress bound = new InetSocketAddress(InetAddress.getByName("::1"), 11435);

        assertThat(OllamaGateway.baseUri(bound)).isEqualTo(URI.create("http://[0:0:0:0:0:0:0:1]:11435"));
        assertThat(OllamaGateway.listening(bound)).isEqualTo("http://[0:0:0:0:0:0:0:1]:11435");
    }
}
