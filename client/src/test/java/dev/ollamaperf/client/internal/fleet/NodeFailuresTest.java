package dev.ollamaperf.client.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.error.BadRequestException;
import dev.ollamaperf.client.error.ConnectionFailedException;
import dev.ollamaperf.client.error.ModelNotFoundException;
import dev.ollamaperf.client.error.OllamaException;
import dev.ollamaperf.client.error.RequestTimeoutException;
import dev.ollamaperf.client.error.ServerBusyException;
import dev.ollamaperf.client.error.ServerErrorException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which failures take a node out of a fleet (docs/fleets.md, "Failures"). */
final class NodeFailuresTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new ConnectionFailedException("http://gpu1:11434", new IOException("refused")), true),
                Arguments.of(new RequestTimeoutException("read timeout", new SocketTimeoutException()), true),
                Arguments.of(new ServerErrorException(500, "llama runner process has terminated: exit status 2"), true),
                Arguments.of(new ServerErrorException(502, "bad gateway"), true),
                Arguments.of(new ServerErrorException(500, "model requires more system memory (8 GiB)"), false),
                Arguments.of(new ServerBusyException("server busy, please try again"), false),
                Arguments.of(new ModelNotFoundException("x", "model 'x' not found"), false),
                Arguments.of(new BadRequestException("invalid option"), false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void takesOut_nodeFailuresOnly(OllamaException e, boolean out) {
        assertThat(NodeFailures.takesOut(e)).isEqualTo(out);
    }
}
