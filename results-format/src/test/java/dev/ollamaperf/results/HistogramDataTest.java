package dev.ollamaperf.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** A damaged histogram in a run-folder file is the file's fault, reported as invalid input, never a crash. */
final class HistogramDataTest {

    @Test
    void decode_damagedPayloadAnywhere_isInvalidInputNeverAnotherException() {
        Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 500; i++) {
            histogram.recordValue(1_000_000 + random.nextLong(500_000_000));
        }
        HistogramData valid = HistogramData.of(histogram, "ns");
        byte[] bytes = Base64.getDecoder().decode(valid.hdr());
        List<String> problems = new ArrayList<>();
        for (int position = 0; position < bytes.length; position++) {
            for (int value : new int[] {0x00, 0xff, 0x7f, 0x80}) {
                byte[] damaged = bytes.clone();
                damaged[position] = (byte) value;
                HistogramData data = new HistogramData(
                        "ns", valid.count(), Base64.getEncoder().encodeToString(damaged));
                try {
                    data.decode();
                } catch (IllegalArgumentException expected) {
                    // the file's fault, named as such
                } catch (RuntimeException e) {
                    problems.add("byte " + position + " = " + value + ": " + e);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void decode_truncatedPayload_isInvalidInput() {
        Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        histogram.recordValue(42);
        String hdr = HistogramData.of(histogram, "ns").hdr();
        HistogramData truncated = new HistogramData("ns", 1, hdr.substring(0, 12));

        org.assertj.core.api.Assertions.assertThatThrownBy(truncated::decode)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hdr' is not a base64 compressed");
    }
}
