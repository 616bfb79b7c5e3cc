package dev.ollamaperf.client.internal.stream;

import java.util.Arrays;

/**
 * Splits bytes fed in arbitrary pieces into lines (ending in {@code \n}, an optional {@code \r} before it removed).
 * A line that lies whole inside one fed piece is handed over in place, without copying; only a line split across
 * pieces is assembled in a buffer. Not thread-safe: one stream, one reader thread.
 */
final class LineSplitter {

    /** Receives a line (without its terminator) as a slice of a byte array valid only during the call. */
    interface LineSink {
        void onLine(byte[] bytes, int offset, int length);
    }

    private byte[] pending = new byte[0];
    private int pendingLength;

    /** Feeds bytes; calls {@code sink} for each line completed by them. */
    void feed(byte[] bytes, int offset, int length, LineSink sink) {
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (pendingLength == 0) {
                emit(bytes, start, i - start, sink);
            } else {
                append(bytes, start, i - start);
                int n = pendingLength;
                pendingLength = 0;
                emit(pending, 0, n, sink);
            }
            start = i + 1;
        }
        if (start < end) {
            append(bytes, start, end - start);
        }
    }

    /** Hands over what is left after the last {@code \n} (a final line without terminator), if anything. */
    void finish(LineSink sink) {
        if (pendingLength > 0) {
            int n = pendingLength;
            pendingLength = 0;
            emit(pending, 0, n, sink);
        }
    }

    /** Bytes received after the last complete line. */
    int pendingBytes() {
        return pendingLength;
    }

    private static void emit(byte[] bytes, int offset, int length, LineSink sink) {
        if (length > 0 && bytes[offset + length - 1] == '\r') {
            length--;
        }
        sink.onLine(bytes, offset, length);
    }

    private void append(byte[] bytes, int offset, int length) {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + length, Math.max(256, pending.length * 2)));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    static boolean isBlank(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
