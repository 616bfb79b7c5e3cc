package dev.ollamaperf.results;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One HdrHistogram as stored in {@code metrics.json}.
 *
 * @param unit unit of the recorded integers: {@code ns} for latencies, {@code mtok/s} (thousandths of a
 *     token per second) for per-request output rates
 * @param count total count, repeated for people reading the file; must equal the histogram's
 * @param hdr {@code Histogram.encodeIntoCompressedByteBuffer}, base64 (standard alphabet)
 */
public record HistogramData(String unit, long count, String hdr) {

    public HistogramData {
        Checks.nonBlank(unit, "unit");
        Checks.nonNegative(count, "count");
        Checks.nonBlank(hdr, "hdr");
    }

    /** Encodes a histogram recorded in {@code unit}. */
    public static HistogramData of(Histogram histogram, String unit) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return new HistogramData(
                unit, histogram.getTotalCount(), Base64.getEncoder().encodeToString(bytes));
    }

    /**
     * Decodes the histogram and checks it against {@link #count()}.
     *
     * @throws IllegalArgumentException if {@code hdr} is not an encoded histogram or the counts differ
     */
    public Histogram decode() {
        Histogram h;
        try {
            h = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(hdr)), 0);
        } catch (DataFormatException | RuntimeException e) {
            // A damaged payload fails inside HdrHistogram in many ways (ArrayIndexOutOfBounds, NegativeArraySize,
            // BufferUnderflow...): each is the file's fault, reported as such, never as an internal error.
            throw new IllegalArgumentException("'hdr' is not a base64 compressed HdrHistogram: " + e, e);
        }
        if (h.getTotalCount() != count) {
            throw new IllegalArgumentException(
                    "histogram 'count' says " + count + " but the histogram holds " + h.getTotalCount());
        }
        return h;
    }

    /** Returns the sum of histograms recorded in the same unit, added with {@link Histogram#add}. */
    public static HistogramData add(HistogramData a, HistogramData b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (!a.unit.equals(b.unit)) {
            throw new IllegalArgumentException("cannot add histograms in '" + a.unit + "' and '" + b.unit + "'");
        }
        Histogram sum = a.decode().copy();
        sum.setAutoResize(true);
        sum.add(b.decode());
        return of(sum, a.unit);
    }
}
