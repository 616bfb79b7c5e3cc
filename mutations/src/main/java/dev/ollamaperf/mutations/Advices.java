package dev.ollamaperf.mutations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.mutations.Rewrites.MagnitudeValue;
import java.util.Optional;
import net.bytebuddy.asm.Advice;

/**
 * The advice woven into the integration's methods, one class per mutation. ByteBuddy copies each method's byte
 * code into the target method (they never run as themselves), so they only call {@link Effects}.
 */
final class Advices {

    private Advices() {}

    /** Before each chunk is written: a wait. */
    static final class ChunkDelay {
        private ChunkDelay() {}

        @Advice.OnMethodEnter
        static void enter(@MagnitudeValue long nanos) {
            Effects.pause(nanos);
        }
    }

    /** Before each chunk is written: parsed into a tree. */
    static final class JsonTreePerChunk {
        private JsonTreePerChunk() {}

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) byte[] chunk) {
            JsonEffects.parseTree(chunk);
        }
    }

    /** At the start of each model request: garbage. */
    static final class Allocate {
        private Allocate() {}

        @Advice.OnMethodEnter
        static void enter(@MagnitudeValue long bytes) {
            Effects.allocate(bytes);
        }
    }

    /** At the start of each model request: a leak. */
    static final class Leak {
        private Leak() {}

        @Advice.OnMethodEnter
        static void enter(@MagnitudeValue long bytes) {
            Effects.leak(bytes);
        }
    }

    /** A streamed request's cache replay: skipped, answered "miss". */
    static final class CacheBypass {
        private CacheBypass() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter() {
            return true; // skip the lookup
        }

        @Advice.OnMethodExit
        @SuppressWarnings("UnusedVariable") // ByteBuddy writes the assignment back as the method's return value
        static void exit(@Advice.Return(readOnly = false) Optional<?> returned) {
            returned = Optional.empty();
        }
    }

    /** The request a cache key is computed from: stamped with the time of the call. */
    static final class UnstableCacheKey {
        private UnstableCacheKey() {}

        @Advice.OnMethodEnter
        @SuppressWarnings("UnusedVariable") // ByteBuddy writes the assignment back into the method's argument
        static void enter(@Advice.Argument(value = 1, readOnly = false) JsonNode request) {
            request = JsonEffects.stamped(request);
        }
    }

    /** The upstream HTTP client, as built: replaced by one without keep-alive. */
    static final class NoKeepAlive {
        private NoKeepAlive() {}

        @Advice.OnMethodExit
        @SuppressWarnings("UnusedVariable") // ByteBuddy writes the assignment back as the method's return value
        static void exit(@Advice.Return(readOnly = false) okhttp3.OkHttpClient built) {
            built = HttpEffects.withoutKeepAlive(built);
        }
    }

    /** Every cache read and write: under one lock. */
    static final class GlobalLock {
        private GlobalLock() {}

        @Advice.OnMethodEnter
        static void enter() {
            Effects.lockGlobally();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit() {
            Effects.unlockGlobally();
        }
    }
}
