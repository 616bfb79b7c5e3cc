package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The prompt batches that hold back other slots' tokens (docs/ollama-api.md §3.2 item 6). */
final class PromptBatchesTest {

    @Test
    void heldUntil_dueInsideABatch_comesAtItsEnd() {
        PromptBatches batches = new PromptBatches();
        batches.add(100, 400, 0);

        assertThat(batches.heldUntil(250)).isEqualTo(400);
        assertThat(batches.heldUntil(100))
                .as("due as the batch starts: it is computed in it")
                .isEqualTo(100);
        assertThat(batches.heldUntil(400)).as("due as it ends").isEqualTo(400);
        assertThat(batches.heldUntil(50)).isEqualTo(50);
    }

    @Test
    void heldUntil_batchEndInsideAnotherBatch_waitsForThatOneToo() {
        PromptBatches batches = new PromptBatches();
        batches.add(350, 900, 0); // added first: one pass in insertion order would miss the chain
        batches.add(100, 400, 0);

        assertThat(batches.heldUntil(200)).isEqualTo(900);
    }

    @Test
    void add_batchesThatEnded_areDroppedAndHoldNothing() {
        PromptBatches batches = new PromptBatches();
        for (int i = 0; i < 100; i++) {
            batches.add(i * 10L, i * 10L + 5, i * 10L); // each added when the previous one has ended
        }

        assertThat(batches.heldUntil(992)).isEqualTo(995);
        assertThat(batches.heldUntil(12)).as("an ended batch is gone").isEqualTo(12);
    }
}
