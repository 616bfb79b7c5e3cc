package dev.ollamaperf.mutations;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/**
 * {@code -javaagent:mutations/target/ollama-perf-mutations.jar=NAME[:MAGNITUDE][,NAME[:MAGNITUDE]...]}: injects the
 * named regressions into the integration's code as its classes load, prints one line per mutation installed (to
 * standard error, so a gate's integration log shows it), and stops the JVM with status 2 and a message when a name
 * or magnitude is wrong or a mutation changed nothing.
 *
 * <p>Implementation notes: the target classes are loaded (not initialized) here, in premain, so that every
 * transformation has run, and been counted, before the application's main starts; a mutation whose method was
 * renamed then fails the start instead of silently measuring the unchanged code.
 */
public final class MutationAgent {

    static final String PREFIX = "ollama-perf-mutations: ";
    static final int EXIT_STATUS = 2;

    private MutationAgent() {}

    /** The agent's entry point. */
    public static void premain(String argument, Instrumentation instrumentation) {
        try {
            install(argument, instrumentation, ClassLoader.getSystemClassLoader(), System.err);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(PREFIX + e.getMessage());
            System.err.println(
                    PREFIX + "the JVM does not start with a mutation that is not in effect (exit " + EXIT_STATUS + ")");
            System.err.flush();
            System.exit(EXIT_STATUS);
        }
    }

    static void install(String argument, Instrumentation instrumentation, ClassLoader loader, PrintStream err) {
        List<MutationSpec> specs = MutationSpec.parseAll(argument);
        Map<String, Throwable> errors = new ConcurrentHashMap<>();
        AgentBuilder agent = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onError(
                            String typeName,
                            ClassLoader classLoader,
                            JavaModule module,
                            boolean loaded,
                            Throwable throwable) {
                        errors.putIfAbsent(typeName, throwable);
                    }
                });
        List<Installed> installed = new ArrayList<>();
        for (MutationSpec spec : specs) {
            List<Patch> patches = spec.mutation().patches(spec.magnitude());
            for (Patch patch : patches) {
                agent = agent.type(named(patch.type()))
                        .transform((builder, type, classLoader, module, domain) -> patch.apply(builder, type));
            }
            installed.add(new Installed(spec, patches));
        }
        agent.installOn(instrumentation);
        for (Installed one : installed) {
            for (Patch patch : one.patches()) {
                load(patch, one.spec(), loader);
                check(patch, one.spec(), errors.get(patch.type()));
            }
        }
        for (Installed one : installed) {
            err.println(PREFIX + "installed " + one.spec().text() + " in " + one.describeTargets() + ": "
                    + one.describeEffects());
        }
        err.flush();
    }

    private static void load(Patch patch, MutationSpec spec, ClassLoader loader) {
        try {
            Class.forName(patch.type(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(
                    "mutation '" + spec.text() + "' targets class " + patch.type()
                            + ", which is not on the class path (" + e + "); attach the agent to the integration's"
                            + " JVM (the gateway)",
                    e);
        }
    }

    private static void check(Patch patch, MutationSpec spec, Throwable error) {
        if (error != null) {
            throw new IllegalStateException(
                    "mutation '" + spec.text() + "' failed to change " + patch.target() + ": " + error, error);
        }
        if (patch.applied().get() < patch.expected()) {
            throw new IllegalStateException(
                    "mutation '" + spec.text() + "' changed " + patch.applied().get()
                            + " of the " + patch.expected() + " places it must change in " + patch.target()
                            + ": the code it targets was renamed or rewritten; update mutations/ (Mutation.java)");
        }
    }

    /** A mutation asked for, with its patches. */
    private record Installed(MutationSpec spec, List<Patch> patches) {
        String describeTargets() {
            return String.join("; ", patches.stream().map(Patch::target).toList());
        }

        String describeEffects() {
            return String.join("; ", patches.stream().map(Patch::effect).toList());
        }
    }
}
