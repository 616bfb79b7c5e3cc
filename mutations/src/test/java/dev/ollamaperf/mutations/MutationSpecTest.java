package dev.ollamaperf.mutations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class MutationSpecTest {

    @ParameterizedTest
    @CsvSource({
        "chunk-delay:1ms, CHUNK_DELAY, 1000000",
        "chunk-delay:250us, CHUNK_DELAY, 250000",
        "chunk-delay:2s, CHUNK_DELAY, 2000000000",
        "alloc:64, ALLOC, 65536",
        "leak:10, LEAK, 10240",
        "nagle, NAGLE, 0",
        "json-tree-per-chunk, JSON_TREE_PER_CHUNK, 0"
    })
    void parse_validText_givesTheMutationAndItsMagnitudeInNanosOrBytes(String text, Mutation mutation, long value) {
        MutationSpec spec = MutationSpec.parse(text);

        assertThat(spec.mutation()).isEqualTo(mutation);
        assertThat(spec.magnitude()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunk-delay", "chunk-delay:", "chunk-delay:1", "chunk-delay:0ms", "chunk-delay:11s"})
    void parse_badDuration_namesTheMutationAndWhatItNeeds(String text) {
        assertThatThrownBy(() -> MutationSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mutation 'chunk-delay' needs")
                .hasMessageContaining("a duration such as 1ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alloc:-1", "alloc:0", "alloc:64k", "alloc:2000000"})
    void parse_badKilobytes_namesTheValue(String text) {
        assertThatThrownBy(() -> MutationSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mutation 'alloc' needs whole kilobytes, 1 to 1048576, got: '");
    }

    @org.junit.jupiter.api.Test
    void parse_magnitudeOnAnOnOffMutation_isRefused() {
        assertThatThrownBy(() -> MutationSpec.parse("nagle:5"))
                .hasMessage("mutation 'nagle' takes no magnitude, got: 'nagle:5'");
    }

    @org.junit.jupiter.api.Test
    void parseAll_unknownName_listsTheKnownOnes() {
        assertThatThrownBy(() -> MutationSpec.parseAll("nagle,chunk-dely:1ms"))
                .hasMessageStartingWith("unknown mutation 'chunk-dely'; known: chunk-delay:<")
                .hasMessageContaining("json-tree-per-chunk");
    }

    @org.junit.jupiter.api.Test
    void parseAll_sameNameTwice_isRefused() {
        assertThatThrownBy(() -> MutationSpec.parseAll("alloc:1,alloc:2"))
                .hasMessage("mutation 'alloc' is named twice in 'alloc:1,alloc:2'");
    }

    @org.junit.jupiter.api.Test
    void parseAll_emptyArgument_isRefused() {
        assertThatThrownBy(() -> MutationSpec.parseAll("")).hasMessageStartingWith("no mutation named");
    }

    @org.junit.jupiter.api.Test
    void parseAll_list_keepsTheOrder() {
        List<MutationSpec> specs = MutationSpec.parseAll("leak:1, nagle");

        assertThat(specs).extracting(MutationSpec::mutation).containsExactly(Mutation.LEAK, Mutation.NAGLE);
    }
}
