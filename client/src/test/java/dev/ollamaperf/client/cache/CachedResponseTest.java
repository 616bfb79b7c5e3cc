package dev.ollamaperf.client.cache;

import static dev.ollamaperf.client.cache.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.ollamaperf.client.internal.cache.TextChunker;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CachedResponseTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void of_generateBody_derivesModelDoneReasonAndMetrics() {
        CachedResponse response = Fixtures.generateAnswer(NOW);

        assertThat(response.model()).isEqualTo("llama3.2");
        assertThat(response.doneReason()).isEqualTo("stop");
        assertThat(response.text()).isEqualTo("Blue light scatters more.");
        assertThat(response.metrics())
                .containsExactly(
                        entry("total_duration", 2480000000L),
                        entry("load_duration", 3100000L),
                        entry("prompt_eval_count", 31L),
                        entry("prompt_eval_duration", 42000000L),
                        entry("eval_count", 5L),
                        entry("eval_duration", 2390000000L));
    }

    @Test
    void fromBody_v1Body_splitsTextAndReadsFinishReasonAndUsage() {
        CachedResponse response = CachedResponse.fromBody(EndpointKind.V1_CHAT, utf8(Fixtures.V1_BODY), NOW);

        assertThat(response.chunks()).containsExactly("Hello", " there.");
        assertThat(response.doneReason()).isEqualTo("stop");
        assertThat(response.metrics()).containsEntry("completion_tokens", 2L).containsEntry("total_tokens", 23L);
    }

    @Test
    void fromBody_embedBody_hasNoChunksAndKeepsMetrics() {
        CachedResponse response = CachedResponse.fromBody(EndpointKind.EMBED, utf8(Fixtures.EMBED_BODY), NOW);

        assertThat(response.chunks()).isEmpty();
        assertThat(response.model()).isEqualTo("nomic-embed-text");
        assertThat(response.metrics()).containsEntry("prompt_eval_count", 6L);
    }

    @Test
    void of_chunksThatDoNotJoinToTheText_areRejected() {
        assertThatThrownBy(() ->
                        CachedResponse.of(EndpointKind.CHAT, utf8(Fixtures.CHAT_BODY), List.of("Hi", " there"), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunks must join to the body's text (16 chars)")
                .hasMessageContaining("got 2 chunks joining to 8 chars");
    }

    @Test
    void body_changingTheReturnedArray_doesNotChangeTheEntry() {
        CachedResponse response = Fixtures.generateAnswer(NOW);
        response.body()[0] = 'X';
        assertThat(response.body()[0]).isEqualTo((byte) '{');
        assertThat(response).isEqualTo(Fixtures.generateAnswer(NOW));
    }

    @Test
    void split_text_keepsEveryCharacterAndCutsWhereWhitespaceFollowsAWord() {
        assertThat(TextChunker.split("Blue light scatters   more."))
                .containsExactly("Blue", " light", " scatters", "   more.");
        assertThat(TextChunker.split("  leading")).containsExactly("  leading");
        assertThat(TextChunker.split("a\nb ")).containsExactly("a", "\nb", " ");
        assertThat(TextChunker.split("")).isEmpty();
    }
}
