package dev.ollamaperf.mutations;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;

/**
 * One change to one class of the integration: which class, which of its methods (as a person reads it), what the
 * change does, and how many places it must change. {@link #applied()} counts the places actually changed when the
 * class was loaded; fewer than {@link #expected()} means the code it targets was renamed or rewritten, and the
 * agent refuses to start rather than run a mutation that silently does nothing.
 *
 * @param type the class's binary name, e.g. {@code dev.ollamaperf.gateway.StreamWriter}
 * @param where the methods, e.g. {@code write(byte[])}
 * @param effect what the change does, e.g. {@code parks 1 ms before each chunk}
 * @param expected places it must change, at least 1
 * @param rewrite the change itself
 * @param applied places changed so far
 */
record Patch(String type, String where, String effect, int expected, Rewrite rewrite, AtomicInteger applied) {

    Patch {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(rewrite, "rewrite");
        Objects.requireNonNull(applied, "applied");
        if (expected < 1) {
            throw new IllegalArgumentException("a patch must change at least 1 place, got: " + expected);
        }
    }

    Patch(String type, String where, String effect, int expected, Rewrite rewrite) {
        this(type, where, effect, expected, rewrite, new AtomicInteger());
    }

    /** Applies the change to a class being loaded. */
    DynamicType.Builder<?> apply(DynamicType.Builder<?> builder, TypeDescription loaded) {
        return rewrite.apply(builder, loaded, applied);
    }

    /** The class and methods, e.g. {@code dev.ollamaperf.gateway.StreamWriter.write(byte[])}. */
    String target() {
        return type + "." + where;
    }

    /** A change of a class's byte code that counts the places it changed. */
    @FunctionalInterface
    interface Rewrite {
        DynamicType.Builder<?> apply(DynamicType.Builder<?> builder, TypeDescription type, AtomicInteger applied);
    }
}
