package dev.ollamaperf.client.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ToolCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TypedMessageDigestsTest {

    private final TypedMessageDigests digests = new TypedMessageDigests();

    @Test
    void of_severalMessages_givesEachItsOwnDigestInOrder() {
        ChatMessage system = ChatMessage.system("Be brief.");
        ChatMessage user = ChatMessage.user("Hi");
        assertThat(digests.of(List.of(system, user, system)))
                .containsExactly(
                        one(new TypedMessageDigests(), system),
                        one(new TypedMessageDigests(), user),
                        one(new TypedMessageDigests(), system));
    }

    private static String one(TypedMessageDigests digests, ChatMessage message) {
        return digests.of(List.of(message)).get(0);
    }

    @Test
    void of_messageSeenBefore_givesTheSameDigestAsAFreshHash() {
        ChatMessage message = ChatMessage.user("Why is the sky blue?\nBe brief.");
        String first = one(digests, message);
        String remembered = one(digests, ChatMessage.user("Why is the sky blue?\nBe brief."));
        assertThat(remembered).isEqualTo(first).isEqualTo(one(new TypedMessageDigests(), message));
        assertThat(digests.size()).isEqualTo(1);
    }

    @Test
    void of_moreMessagesThanItKeeps_forgetsTheLeastRecentlyUsed() {
        ChatMessage system = ChatMessage.system("Be brief.");
        for (int i = 0; i < TypedMessageDigests.MAX_MESSAGES + 100; i++) {
            one(digests, system); // resent every turn, as a conversation's history is: never the eldest
            one(digests, ChatMessage.user("question " + i));
        }
        assertThat(digests.size()).isEqualTo(TypedMessageDigests.MAX_MESSAGES);
        int before = digests.size();
        one(digests, system);
        assertThat(digests.size()).as("the system message is still remembered").isEqualTo(before);
    }

    @Test
    void of_longMessages_areBoundedByTheirCharactersToo() {
        int length = 1 << 20;
        for (int i = 0; i < 12; i++) {
            one(digests, ChatMessage.user(String.valueOf((char) ('a' + i)).repeat(length)));
        }
        assertThat((long) digests.size() * length).isLessThanOrEqualTo(TypedMessageDigests.MAX_CHARS);
        assertThat(digests.size()).isEqualTo((int) (TypedMessageDigests.MAX_CHARS / length));
    }

    @Test
    void of_messageWithImages_isHashedButNotRemembered() {
        ChatMessage withImage = new ChatMessage("user", "what is this?", null, List.of("eA=="), null, null, null);
        assertThat(one(digests, withImage))
                .isEqualTo(one(digests, withImage))
                .isNotEqualTo(one(digests, ChatMessage.user("what is this?")));
        assertThat(digests.size()).isEqualTo(1);
    }

    @Test
    void of_messageWithToolCalls_isRejectedSoTheCallerHashesItsJson() {
        ToolCall call = new ToolCall("call_1", new ToolCall.Function(0, "add", Map.of("a", 1)));
        ChatMessage message = new ChatMessage("assistant", "", null, null, List.of(call), null, null);
        assertThatThrownBy(() -> one(digests, message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool calls");
    }
}
