package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ollama's fitting of a prompt into num_ctx (chatPrompt, then llama-server runner's cut). */
final class ContextWindowTest {

    @Test
    void fit_promptThatFits_isUnchanged() {
        ContextWindow.Fitted fitted = ContextWindow.fit(Prompt.of("abcd".repeat(10)), 64);

        assertThat(fitted.tokens()).hasSize(10);
        assertThat(fitted.text()).isEqualTo("abcd".repeat(10));
        assertThat(fitted.error()).isNull();
    }

    @Test
    void fit_tooLongWithShift_keepsNumKeepTokensAndTheTail() {
        long[] full = PromptTokens.of("abcdefgh".repeat(50));
        Prompt prompt = new Prompt(List.of(new Prompt.Part("abcdefgh".repeat(50), false)), false, true, true, 2);

        ContextWindow.Fitted fitted = ContextWindow.fit(prompt, 20);

        // limit = 20 - max((20 - 2) / 2, 1) = 11: the first 2 tokens and the last 9
        assertThat(fitted.tokens()).hasSize(11);
        assertThat(fitted.tokens()[1]).isEqualTo(full[1]);
        assertThat(fitted.tokens()[10]).isEqualTo(full[full.length - 1]);
        assertThat(fitted.text()).isNull();
    }

    @Test
    void fit_exactlyNumCtxTokensWithShiftOff_isRefused() {
        Prompt prompt = new Prompt(List.of(new Prompt.Part("abcd".repeat(20), false)), false, true, false, 4);

        assertThat(ContextWindow.fit(prompt, 20).error().status()).isEqualTo(400);
        assertThat(ContextWindow.fit(prompt, 21).error())
                .as("19 tokens fit into 20 - 1")
                .isNull();
    }

    @Test
    void fit_truncateOff_passesThePromptAsItIs() {
        Prompt prompt = new Prompt(List.of(new Prompt.Part("abcd".repeat(100), false)), false, false, false, 4);

        assertThat(ContextWindow.fit(prompt, 20).tokens()).hasSize(100);
    }

    @Test
    void fit_chatTooLong_dropsOldestMessagesKeepingSystemAndLast() {
        Prompt prompt = new Prompt(
                List.of(
                        new Prompt.Part("sys", true),
                        new Prompt.Part("old ".repeat(40), false),
                        new Prompt.Part("mid", false),
                        new Prompt.Part("last", false)),
                true,
                true,
                true,
                4);

        ContextWindow.Fitted fitted = ContextWindow.fit(prompt, 16);

        assertThat(fitted.text()).isEqualTo("sys\nmid\nlast");
    }
}
