package dev.ollamaperf.client.cache;

import static dev.ollamaperf.client.cache.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class CachePolicyTest {

    private static final Duration DAY = Duration.ofDays(1);

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GENERATE | {\"model\":\"m\",\"prompt\":\"p\",\"options\":{\"temperature\":0}}            | true",
                "GENERATE | {\"model\":\"m\",\"prompt\":\"p\",\"options\":{\"temperature\":0.0}}          | true",
                "GENERATE | {\"model\":\"m\",\"prompt\":\"p\",\"options\":{\"temperature\":0.7,\"seed\":42}} | true",
                "GENERATE | {\"model\":\"m\",\"prompt\":\"p\",\"options\":{\"seed\":0}}                   | true",
                "GENERATE | {\"model\":\"m\",\"prompt\":\"p\",\"options\":{\"seed\":-1}}                  | false",
                "GENERATE | {\"model\":\"m\",\"prompt\":\"p\",\"options\":{\"temperature\":0.7}}          | false",
                "GENERATE | {\"model\":\"m\",\"prompt\":\"p\"}                                            | false",
                "GENERATE | {\"model\":\"m\",\"prompt\":\"p\",\"temperature\":0}                            | false",
                "CHAT     | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"options\":{\"seed\":3}} | true",
                "CHAT     | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}         | false",
                "V1_CHAT  | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":0} | true",
                "V1_CHAT  | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"seed\":9}  | true",
                "V1_CHAT  | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}         | false",
                "V1_CHAT  | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"options\":{\"temperature\":0}} | false",
                "EMBED    | {\"model\":\"e\",\"input\":\"text\"}                                          | true",
                "EMBED    | {\"model\":\"e\",\"input\":[\"a\",\"b\"],\"options\":{\"temperature\":1}}       | true",
            })
    void isCacheable_deterministicOnly_cachesOnlyZeroTemperatureOrFixedSeed(
            EndpointKind endpoint, String request, boolean expected) {
        CachePolicy policy = new CachePolicy(CachePolicy.Mode.DETERMINISTIC_ONLY, DAY);
        assertThat(policy.isCacheable(endpoint, json(request))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GENERATE | {\"model\":\"m\",\"options\":{\"temperature\":0}}",
                "GENERATE | {\"model\":\"m\",\"prompt\":\"\",\"options\":{\"temperature\":0}}",
                "CHAT     | {\"model\":\"m\",\"messages\":[],\"options\":{\"temperature\":0}}",
                "CHAT     | {\"model\":\"m\",\"keep_alive\":0,\"options\":{\"temperature\":0}}",
                "V1_CHAT  | {\"model\":\"m\",\"messages\":[],\"temperature\":0}",
                "EMBED    | {\"model\":\"e\",\"input\":[]}",
                "EMBED    | {\"model\":\"e\",\"input\":\"\"}",
                "EMBED    | {\"model\":\"e\"}",
            })
    void isCacheable_loadOrUnloadRequest_isNeverCacheableEvenWithAlways(EndpointKind endpoint, String request) {
        assertThat(new CachePolicy(CachePolicy.Mode.ALWAYS, DAY).isCacheable(endpoint, json(request)))
                .isFalse();
    }

    @Test
    void isCacheable_modes_alwaysTakesSampledRequestsAndNeverTakesNothing() {
        var sampled = json("{\"model\":\"m\",\"prompt\":\"p\",\"options\":{\"temperature\":0.8}}");
        var greedy = json("{\"model\":\"m\",\"prompt\":\"p\",\"options\":{\"temperature\":0}}");
        assertThat(new CachePolicy(CachePolicy.Mode.ALWAYS, DAY).isCacheable(EndpointKind.GENERATE, sampled))
                .isTrue();
        assertThat(new CachePolicy(CachePolicy.Mode.NEVER, DAY).isCacheable(EndpointKind.GENERATE, greedy))
                .isFalse();
        assertThat(new CachePolicy(CachePolicy.Mode.NEVER, DAY)
                        .isCacheable(EndpointKind.EMBED, json("{\"model\":\"e\",\"input\":\"x\"}")))
                .isFalse();
    }

    @Test
    void isFresh_ageBelowTtl_isFreshAndFromTtlOn_isStale() {
        CachePolicy policy = new CachePolicy(CachePolicy.Mode.ALWAYS, Duration.ofMinutes(10));
        Instant stored = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(policy.isFresh(stored, stored)).isTrue();
        assertThat(policy.isFresh(stored, stored.plus(Duration.ofMinutes(10)).minusMillis(1)))
                .isTrue();
        assertThat(policy.isFresh(stored, stored.plus(Duration.ofMinutes(10)))).isFalse();
    }

    @Test
    void constructor_nonPositiveTtl_isRejectedNamingTheValue() {
        assertThatThrownBy(() -> new CachePolicy(CachePolicy.Mode.ALWAYS, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cache policy 'ttl' must be more than zero, got: PT0S");
    }
}
