package dev.ollamaperf.client.internal.cache;

import dev.ollamaperf.client.api.ChatMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The digests of typed chat messages as {@link RequestCanonicalizer} puts them in a key, remembered for the
 * messages seen most recently: a conversation resends its whole history every turn, so without this a 50-message
 * chat would hash all its bytes again on every call (SHA-256 alone is about 15 µs for 26 KB on the reference
 * machine, docs/measurements/2026-12-07-cache-cost.md), while with it only the new message is hashed.
 *
 * <p>Messages are remembered by value ({@link ChatMessage#equals}), least recently used first out, at most
 * {@link #MAX_MESSAGES} of them and {@link #MAX_CHARS} characters of content in all, so the memory it holds on to
 * stays bounded whatever the application sends; messages with images are never remembered (their base64 text is
 * large and rarely resent). Thread-safe: one lock around the map, held for a lookup or an insertion, never while
 * hashing.
 */
public final class TypedMessageDigests {

    /** The most messages remembered. */
    public static final int MAX_MESSAGES = 4096;

    /** The most characters of content remembered, in all (about 16 MB of strings). */
    public static final long MAX_CHARS = 8L << 20;

    private final Map<ChatMessage, String> recent = new LinkedHashMap<>(256, 0.75f, true);
    private long chars;

    /**
     * The hex SHA-256 of each message's canonical form, in order.
     *
     * @throws IllegalArgumentException if a message has tool calls (their canonical form is the JSON tree's)
     */
    public List<String> of(List<ChatMessage> messages) {
        List<String> digests = new ArrayList<>(messages.size());
        Hasher hasher = null; // made on the first message not remembered: its buffers are reused for the rest
        for (ChatMessage message : messages) {
            if (message.toolCalls() != null) {
                throw new IllegalArgumentException(
                        "typed messages must have no tool calls (their canonical form is the tree's), got: "
                                + message.toolCalls().size());
            }
            String digest = remembered(message);
            if (digest == null) {
                hasher = hasher == null ? new Hasher() : hasher;
                digest = hasher.digest(message);
                remember(message, digest);
            }
            digests.add(digest);
        }
        return digests;
    }

    private String remembered(ChatMessage message) {
        if (message.images() != null) {
            return null;
        }
        synchronized (recent) {
            return recent.get(message);
        }
    }

    private void remember(ChatMessage message, String digest) {
        if (message.images() != null) {
            return;
        }
        synchronized (recent) {
            if (recent.put(message, digest) == null) {
                chars += weight(message);
            }
            Iterator<ChatMessage> eldest = recent.keySet().iterator();
            while ((recent.size() > MAX_MESSAGES || chars > MAX_CHARS) && eldest.hasNext()) {
                chars -= weight(eldest.next());
                eldest.remove();
            }
        }
    }

    /** How many messages are remembered now (for tests). */
    int size() {
        synchronized (recent) {
            return recent.size();
        }
    }

    private static long weight(ChatMessage message) {
        return message.content().length()
                + (message.thinking() == null ? 0 : message.thinking().length());
    }

    /** One digest and one writer, reused for every message of one call. */
    private static final class Hasher {
        private final MessageDigest sha256 = RequestCanonicalizer.sha256();
        private final CanonicalMessage writer =
                new CanonicalMessage(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));

        String digest(ChatMessage message) {
            try {
                writer.write(message);
            } catch (IOException e) {
                throw new UncheckedIOException("hashing in memory failed", e);
            }
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
