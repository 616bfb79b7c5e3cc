package dev.ollamaperf.reports.metric;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * An HdrHistogram in its portable form: {@code encodeIntoCompressedByteBuffer}, then base64.
 *
 * @param unit the unit of the recorded integer values, e.g. {@link Unit#NANOSECONDS}
 * @param base64 the compressed histogram, standard base64 alphabet, non-empty
 */
public record EncodedHistogram(Unit unit, String base64) {

    public EncodedHistogram {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(base64, "base64");
        if (base64.isBlank()) {
            throw new IllegalArgumentException("histogram base64 must not be blank");
        }
    }

    /** Encodes a histogram whose values are in {@code unit}. */
    public static EncodedHistogram encode(Histogram histogram, Unit unit) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return new EncodedHistogram(unit, Base64.getEncoder().encodeToString(bytes));
    }

    /**
     * Decodes the histogram.
     *
     * @throws IllegalArgumentException if the text is not a base64, compressed HdrHistogram
     */
    public Histogram decode() {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (IllegalArgumentException | DataFormatException | java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException(
                    "histogram is not a base64 compressed HdrHistogram: " + e.getMessage(), e);
        }
    }
}
