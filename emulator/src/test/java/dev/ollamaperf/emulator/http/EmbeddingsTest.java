package dev.ollamaperf.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

final class EmbeddingsTest {

    @Test
    void vector_anyText_isUnitLengthOfTheAskedLength() {
        float[] vector = Embeddings.vector("nomic-embed-text:latest", "hello", 768);
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        assertThat(vector).hasSize(768);
        assertThat(Math.sqrt(sum)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void vector_sameInput_isSameVector_otherInput_isDifferent() {
        assertThat(Embeddings.vector("m:latest", "a", 16)).containsExactly(Embeddings.vector("m:latest", "a", 16));
        assertThat(Embeddings.vector("m:latest", "a", 16)).isNotEqualTo(Embeddings.vector("m:latest", "b", 16));
    }
}
