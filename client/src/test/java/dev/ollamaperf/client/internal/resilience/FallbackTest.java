package dev.ollamaperf.client.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.error.BadRequestException;
import dev.ollamaperf.client.error.ConnectionFailedException;
import dev.ollamaperf.client.error.LimiterTimeoutException;
import dev.ollamaperf.client.error.ModelNotFoundException;
import dev.ollamaperf.client.error.RequestTimeoutException;
import dev.ollamaperf.client.error.ServerBusyException;
import dev.ollamaperf.client.error.ServerErrorException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class FallbackTest {

    @Test
    void execute_firstServes_reportsItWithNoFailures() {
        Served<String> s = Fallback.execute(List.of("a", "b"), new DeliveryFlag(), m -> "from " + m);
        assertThat(s.model()).isEqualTo("a");
        assertThat(s.value()).isEqualTo("from a");
        assertThat(s.fellBack()).isFalse();
    }

    @Test
    void execute_eligibleFailures_moveToNextModelInOrder() {
        List<String> tried = new ArrayList<>();
        Served<String> s = Fallback.execute(List.of("a", "b", "c", "d", "e", "f"), new DeliveryFlag(), m -> {
            tried.add(m);
            switch (m) {
                case "a":
                    throw new ModelNotFoundException("a", "model 'a' not found");
                case "b":
                    throw new ServerErrorException(500, "crash");
                case "c":
                    throw new ServerBusyException("busy");
                case "d":
                    throw new RequestTimeoutException("read timeout", null);
                case "e":
                    throw new ConnectionFailedException("x", new IOException("refused"));
                default:
                    return "ok";
            }
        });
        assertThat(tried).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(s.model()).isEqualTo("f");
        assertThat(s.failures()).hasSize(5);
    }

    @Test
    void execute_badRequest_doesNotFallBack() {
        List<String> tried = new ArrayList<>();
        assertThatThrownBy(() -> Fallback.execute(List.of("a", "b"), new DeliveryFlag(), m -> {
                    tried.add(m);
                    throw new BadRequestException("\"a\" does not support chat");
                }))
                .isInstanceOf(BadRequestException.class);
        assertThat(tried).containsExactly("a");
    }

    @Test
    void execute_clientSideRefusal_doesNotFallBack() {
        assertThatThrownBy(() -> Fallback.execute(List.of("a", "b"), new DeliveryFlag(), m -> {
                    throw new LimiterTimeoutException(5, Duration.ofSeconds(1), 3);
                }))
                .isInstanceOf(LimiterTimeoutException.class);
    }

    @Test
    void execute_allFail_throwsLastWithEarlierSuppressed() {
        assertThatThrownBy(() -> Fallback.execute(List.of("a", "b"), new DeliveryFlag(), m -> {
                    throw new ModelNotFoundException(m, "model '" + m + "' not found");
                }))
                .isInstanceOfSatisfying(ModelNotFoundException.class, e -> {
                    assertThat(e.model()).isEqualTo("b");
                    assertThat(e.getSuppressed()).hasSize(1);
                });
    }

    @Test
    void execute_afterDelivery_doesNotFallBack() {
        DeliveryFlag p = new DeliveryFlag();
        List<String> tried = new ArrayList<>();
        assertThatThrownBy(() -> Fallback.execute(List.of("a", "b"), p, m -> {
                    tried.add(m);
                    p.markDelivered();
                    throw new RequestTimeoutException("read timeout", null);
                }))
                .isInstanceOf(RequestTimeoutException.class);
        assertThat(tried).containsExactly("a");
    }

    @Test
    void modelNotFound_regex_matchesEveryReleaseWording() {
        assertThat(ModelNotFoundException.modelIn("model 'llama9' not found")).isEqualTo("llama9");
        assertThat(ModelNotFoundException.modelIn("model \"x:7b\" not found, try pulling it first"))
                .isEqualTo("x:7b");
        assertThat(ModelNotFoundException.modelIn("model 'a' not found, try pulling it first"))
                .isEqualTo("a");
        assertThat(ModelNotFoundException.modelIn("server busy")).isNull();
    }
}
