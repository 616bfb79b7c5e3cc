package dev.ollamaperf.mutations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The two kinds of change a {@link Patch} makes: ByteBuddy advice woven into methods, or an ASM rewrite. */
final class Rewrites {

    private Rewrites() {}

    /** The magnitude of the mutation, bound as a constant into an advice's parameter annotated with it. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface MagnitudeValue {}

    /**
     * Weaves {@code advice} into the methods {@code methods} matches, with {@code magnitude} bound to its
     * {@link MagnitudeValue} parameters; counts each method woven.
     */
    static Patch.Rewrite advice(Class<?> advice, ElementMatcher<? super MethodDescription> methods, long magnitude) {
        Advice woven =
                Advice.withCustomMapping().bind(MagnitudeValue.class, magnitude).to(advice);
        return (builder, type, applied) -> {
            applied.addAndGet(type.getDeclaredMethods().filter(methods).size());
            return builder.visit(woven.on(methods));
        };
    }

    /** Rewrites the byte code of the methods and constructors {@code methods} matches with {@code wrapper}. */
    static Patch.Rewrite asm(
            ElementMatcher<? super MethodDescription> methods,
            java.util.function.Function<
                            java.util.concurrent.atomic.AtomicInteger,
                            AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper>
                    wrapper) {
        return (builder, type, applied) ->
                builder.visit(new AsmVisitorWrapper.ForDeclaredMethods().invokable(methods, wrapper.apply(applied)));
    }
}
