package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** llama-server's slot choice and prefix reuse, on token arrays (4 characters a token). */
final class PromptSlotsTest {

    @Test
    void take_idleSlotsWithDifferentHistories_picksTheLongestCommonPrefix() {
        PromptSlots slots = new PromptSlots(3, 4096, true);
        PromptSlots.Slot a = slots.take(PromptTokens.of("aaaa".repeat(10)));
        PromptSlots.Slot b = slots.take(PromptTokens.of("bbbb".repeat(10)));
        slots.release(b, PromptTokens.of("bbbb".repeat(10)));
        slots.release(a, PromptTokens.of("aaaa".repeat(10)));

        long[] prompt = PromptTokens.of("bbbb".repeat(12));
        PromptSlots.Slot chosen = slots.take(prompt);

        assertThat(chosen).isSameAs(b);
        assertThat(slots.reusable(chosen, prompt)).isEqualTo(10);
    }

    @Test
    void take_severalSlotsHoldingTheWholePrompt_picksTheFirstOfThemInSlotOrder() {
        PromptSlots slots = new PromptSlots(3, 4096, true);
        PromptSlots.Slot a = slots.take(PromptTokens.of("x"));
        PromptSlots.Slot b = slots.take(PromptTokens.of("y"));
        PromptSlots.Slot c = slots.take(PromptTokens.of("z"));
        long[] prompt = PromptTokens.of("pppp".repeat(10));
        slots.release(c, PromptTokens.of("pppp".repeat(10) + "answer"));
        slots.release(b, prompt);
        slots.release(a, PromptTokens.of("zzzz"));

        // equally similar (the whole prompt): the first in slot order wins, not the one released last. The three
        // fresh slots were handed out last first ("<=" among equally old), so c is slot 0 and b slot 1.
        assertThat(slots.take(prompt)).isSameAs(c);
        assertThat(slots.take(prompt)).as("the other one holding it").isSameAs(b);
    }

    @Test
    void take_prefixAtMostTenPercentOfThePrompt_fallsBackToTheLeastRecentlyUsedSlot() {
        PromptSlots slots = new PromptSlots(2, 4096, true);
        PromptSlots.Slot first = slots.take(PromptTokens.of("x"));
        PromptSlots.Slot second = slots.take(PromptTokens.of("y"));
        slots.release(first, PromptTokens.of("shar" + "aaaa".repeat(9)));
        slots.release(second, PromptTokens.of("zzzz"));

        // 1 shared token of 10 is 10%, not more: llama-server takes the slot released longest ago
        long[] prompt = PromptTokens.of("shar" + "cccc".repeat(9));
        assertThat(slots.take(prompt)).isSameAs(first);

        long[] other = PromptTokens.of("qqqq".repeat(10));
        assertThat(slots.take(other)).as("the only idle slot").isSameAs(second);
    }

    @Test
    void take_slotReleasedWithOtherTokens_isFoundByItsNewPrefixOnly() {
        PromptSlots slots = new PromptSlots(3, 4096, true);
        PromptSlots.Slot slot = slots.take(PromptTokens.of("x"));
        slots.release(slot, PromptTokens.of("aaaa".repeat(10)));
        assertThat(slots.take(PromptTokens.of("aaaa".repeat(10)))).isSameAs(slot);
        slots.release(slot, PromptTokens.of("bbbb".repeat(10)));

        assertThat(slots.take(PromptTokens.of("bbbb".repeat(10)))).isSameAs(slot);
        slots.release(slot, PromptTokens.of("bbbb".repeat(10)));
        // nothing holds "aaaa" any more: the least recently used of the two never-used slots, the last of equals
        PromptSlots.Slot other = slots.take(PromptTokens.of("aaaa".repeat(10)));
        assertThat(other).isNotSameAs(slot);
        assertThat(slots.reusable(other, PromptTokens.of("aaaa".repeat(10)))).isZero();
    }

    @ParameterizedTest
    @CsvSource({"true, 7", "false, 0"})
    void reusable_promptEqualToTheCache_leavesOneTokenToEvaluateOrNoneWhenOff(boolean enabled, int reused) {
        PromptSlots slots = new PromptSlots(1, 4096, enabled);
        long[] prompt = PromptTokens.of("abcd".repeat(8));
        PromptSlots.Slot slot = slots.take(prompt);
        slots.release(slot, prompt);

        assertThat(slots.reusable(slots.take(prompt), prompt)).isEqualTo(reused);
    }

    @Test
    void release_moreTokensThanTheContext_keepsTheFirstNumCtx() {
        PromptSlots slots = new PromptSlots(1, 8, true);
        PromptSlots.Slot slot = slots.take(PromptTokens.of("x"));
        slots.release(slot, PromptTokens.of("abcd".repeat(20)));

        assertThat(slot.cachedTokens()).isEqualTo(8);
    }

    @Test
    void of_textThatGrowsAtItsEnd_sharesEveryWholeLeadingToken() {
        long[] turnOne = PromptTokens.of("0123456789");
        long[] turnTwo = PromptTokens.of("0123456789\nanswer\nnext");

        assertThat(turnOne).hasSize(3);
        assertThat(PromptTokens.commonPrefix(turnOne, turnOne.length, turnTwo)).isEqualTo(2);
    }
}
