package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code perf} decides the target as the load JVMs do: the property, then a fleet, then one endpoint. */
final class TargetTest {

    @Test
    void of_fleet_winsOverTheSingleEndpointButNotOverTheProperty() {
        Map<String, String> env = Map.of(
                "OLLAMA_ENDPOINTS", "http://127.0.0.1:1,http://127.0.0.1:2", "OLLAMA_HOST", "http://127.0.0.1:3");

        assertThat(Target.of(env, null)).isEqualTo(new Target(Target.OLLAMA, "http://127.0.0.1:1,http://127.0.0.1:2"));
        assertThat(Target.of(env, "http://127.0.0.1:4")).isEqualTo(new Target(Target.OLLAMA, "http://127.0.0.1:4"));
        assertThat(Target.of(Map.of("OLLAMA_ENDPOINTS", " ", "OLLAMA_HOST", "http://127.0.0.1:3"), null))
                .as("a blank list is unset, as in the client")
                .isEqualTo(new Target(Target.OLLAMA, "http://127.0.0.1:3"));
    }
}
