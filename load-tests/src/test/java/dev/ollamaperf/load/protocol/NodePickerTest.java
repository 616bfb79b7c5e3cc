package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The node each request of a fleet goes to: fewest outstanding, ties round-robin. */
final class NodePickerTest {

    @Test
    void acquire_idleNodes_goRoundRobin() {
        NodePicker picker = new NodePicker(3);
        int[] chosen = new int[6];
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = picker.acquire();
            picker.release(chosen[i]);
        }

        assertThat(chosen).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void acquire_busyNode_isPassedOverUntilTheOthersAreAsBusy() {
        NodePicker picker = new NodePicker(3);
        int slow = picker.acquire(); // node 0 keeps its request
        assertThat(slow).isZero();

        // node 0 has one outstanding: the next two go to 1 and 2, then all are equal and the turn goes on
        int[] chosen = {picker.acquire(), picker.acquire(), picker.acquire()};

        assertThat(chosen).containsExactly(1, 2, 0);
        assertThat(picker.outstanding(0)).isEqualTo(2);
    }

    @Test
    void acquire_afterAReleaseOnOneNode_choosesThatNode() {
        NodePicker picker = new NodePicker(2);
        picker.acquire();
        picker.acquire();
        picker.acquire(); // 0:2, 1:1

        picker.release(0);
        picker.release(0); // 0:0, 1:1

        assertThat(picker.acquire()).isZero();
    }

    @Test
    void release_ofAnIdleNode_isRefused() {
        assertThatThrownBy(() -> new NodePicker(2).release(1)).hasMessage("node 1 has no request outstanding");
    }
}
