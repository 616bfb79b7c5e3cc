package dev.ollamaperf.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The gateway's bearer token check: a request passes when its {@code Authorization} header is
 * {@code Bearer <token>} (the scheme's name in any case). Both sides are hashed (SHA-256) and compared with {@link MessageDigest#isEqual}, so the
 * time taken tells neither where they differ nor the token's length.
 */
final class BearerToken {

    private final byte[] expected;

    /** @param token the token; null: every request passes */
    BearerToken(String token) {
        this.expected = token == null ? null : sha256("Bearer " + token);
    }

    boolean required() {
        return expected != null;
    }

    /** Whether a request with this {@code Authorization} header (null when absent) may pass. */
    boolean allows(String authorization) {
        if (expected == null) {
            return true;
        }
        String given = authorization == null ? "" : authorization.trim();
        if (given.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = "Bearer " + given.substring(7).trim(); // the scheme's name is case-insensitive
        }
        return MessageDigest.isEqual(expected, sha256(given));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
