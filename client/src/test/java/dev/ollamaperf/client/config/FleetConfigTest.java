package dev.ollamaperf.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code OLLAMA_ENDPOINTS} and the fleet settings, as the environment gives them. */
final class FleetConfigTest {

    private static OllamaClientConfig from(Map<String, String> env) {
        return OllamaClientConfig.fromEnvironment(env);
    }

    @Test
    void endpoints_listOfNodes_eachReadAsOllamaEndpointIs() {
        OllamaClientConfig c = from(Map.of("OLLAMA_ENDPOINTS", " gpu1, http://gpu2:8080 ,https://gpu3/ollama "));
        assertThat(c.endpoints())
                .extracting(Endpoint::baseUrl)
                .containsExactly("http://gpu1:11434", "http://gpu2:8080", "https://gpu3:443/ollama");
        assertThat(c.endpoint().baseUrl()).isEqualTo("http://gpu1:11434");
    }

    @Test
    void endpoints_winOverTheSingleEndpointVariables() {
        OllamaClientConfig c = from(Map.of(
                "OLLAMA_ENDPOINTS",
                "http://a:1,http://b:2",
                "OLLAMA_ENDPOINT",
                "http://c:3",
                "OLLAMA_HOST",
                "0.0.0.0"));
        assertThat(c.endpoints()).extracting(Endpoint::baseUrl).containsExactly("http://a:1", "http://b:2");
    }

    @Test
    void singleEndpointVariables_unchangedWithoutEndpoints() {
        assertThat(from(Map.of("OLLAMA_ENDPOINT", "http://c:3", "OLLAMA_HOST", "d"))
                        .endpoints())
                .extracting(Endpoint::baseUrl)
                .containsExactly("http://c:3");
        assertThat(from(Map.of("OLLAMA_HOST", "d", "OLLAMA_ENDPOINTS", "  ")).endpoints())
                .extracting(Endpoint::baseUrl)
                .containsExactly("http://d:11434");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://a:1,,http://b:2|'OLLAMA_ENDPOINTS' entry 2 of 3 is empty",
                "http://a:1,|'OLLAMA_ENDPOINTS' entry 2 of 2 is empty",
                "http://a:1 http://b:2|'OLLAMA_ENDPOINTS' entry 1 of 1 contains a space",
                "http://a:1,ftp://b:2|'OLLAMA_ENDPOINTS' entry 2 of 2 is not a valid endpoint",
                "http://a:1,http://b:99999|'OLLAMA_ENDPOINTS' entry 2 of 2 is not a valid endpoint",
                "http://a:1,a:1|'OLLAMA_ENDPOINTS' entry 2 of 2 names http://a:1 a second time",
            })
    void malformedEndpoints_areRejectedNamingTheEntryAndTheExpectedForm(String value, String message) {
        assertThatThrownBy(() -> from(Map.of("OLLAMA_ENDPOINTS", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("expected comma-separated URLs such as http://node1:11434,http://node2:11434");
    }

    @Test
    void totalLimit_defaultsToNodesTimesPerNode_cappedAt1000_orAsSet() {
        assertThat(from(Map.of("OLLAMA_ENDPOINTS", "a,b,c", "OLLAMA_MAX_CONCURRENT", "4"))
                        .maxConcurrentTotal())
                .isEqualTo(12);
        assertThat(from(Map.of("OLLAMA_ENDPOINTS", "a,b,c", "OLLAMA_MAX_CONCURRENT_TOTAL", "7"))
                        .maxConcurrentTotal())
                .isEqualTo(7);
        assertThat(from(Map.of("OLLAMA_ENDPOINTS", "a,b", "OLLAMA_MAX_CONCURRENT", "600"))
                        .maxConcurrentTotal())
                .isEqualTo(1000);
        assertThat(from(Map.of("OLLAMA_MAX_CONCURRENT", "4", "OLLAMA_MAX_CONCURRENT_TOTAL", "2"))
                        .maxConcurrentTotal())
                .as("one node: its limit is the total")
                .isEqualTo(4);
        assertThatThrownBy(() -> from(Map.of("OLLAMA_MAX_CONCURRENT_TOTAL", "1001")))
                .hasMessage("'OLLAMA_MAX_CONCURRENT_TOTAL' must be between 0 and 1000, got: 1001");
    }

    @Test
    void backoff_doublesFromTheInitialWait_upToTheMaximum() {
        FleetSettings s = from(Map.of("OLLAMA_FLEET_BACKOFF_INITIAL", "1s", "OLLAMA_FLEET_BACKOFF_MAX", "5s"))
                .fleet();
        assertThat(s.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.backoff(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.backoff(40)).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> from(Map.of("OLLAMA_FLEET_BACKOFF_INITIAL", "10s", "OLLAMA_FLEET_BACKOFF_MAX", "5s")))
                .hasMessageContaining("'OLLAMA_FLEET_BACKOFF_MAX' must be >= 'OLLAMA_FLEET_BACKOFF_INITIAL'");
    }
}
