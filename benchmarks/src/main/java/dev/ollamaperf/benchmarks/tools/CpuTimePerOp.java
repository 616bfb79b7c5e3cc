package dev.ollamaperf.benchmarks.tools;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The thread CPU time per operation of some benchmark methods, called in turn in one JVM: a cross-check of JMH's
 * wall-clock averages when the machine is shared (time the thread spent waiting for a core is not counted). Not a
 * replacement for JMH (no forks, no blackhole: each result is kept in a field and checked for null).
 *
 * <p>Run: {@code java -cp benchmarks/target/ollama-perf-benchmarks.jar dev.ollamaperf.benchmarks.tools.CpuTimePerOp
 * dev.ollamaperf.benchmarks.cache.CacheHookBenchmark messages=50 key_chatRequest,key_nextTurn 6 3000}: the class,
 * its {@code @Param} fields as {@code name=value[,name=value]} (or {@code -}), the methods, rounds, operations per
 * method and round. The first rounds are warm-up: read the last ones.
 */
public final class CpuTimePerOp {

    private CpuTimePerOp() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: CpuTimePerOp <benchmark class> <name=value,...|-> <method,...> <rounds> <ops>");
            System.exit(2);
        }
        Class<?> type = Class.forName(args[0]);
        Object benchmark = type.getDeclaredConstructor().newInstance();
        if (!args[1].equals("-")) {
            for (String assignment : args[1].split(",")) {
                String[] nameValue = assignment.split("=", 2);
                Field field = type.getField(nameValue[0]);
                field.set(benchmark, value(field.getType(), nameValue[1]));
            }
        }
        List<Method> methods = new ArrayList<>();
        for (String name : args[2].split(",")) {
            methods.add(type.getMethod(name));
        }
        int rounds = Integer.parseInt(args[3]);
        int ops = Integer.parseInt(args[4]);
        call(type, benchmark, Setup.class);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            for (Method method : methods) {
                Object last = null;
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < ops; i++) {
                    last = method.invoke(benchmark);
                }
                long cpu = threads.getCurrentThreadCpuTime() - start;
                if (last == null) {
                    throw new IllegalStateException(method.getName() + " returned null");
                }
                line.append(String.format(Locale.ROOT, "  %s %.2f µs", method.getName(), cpu / 1e3 / ops));
            }
            System.out.println(line);
        }
        call(type, benchmark, TearDown.class);
    }

    /** A {@code @Param} value as JMH converts it: ints, enums by name, strings. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(Class<?> type, String text) {
        if (type == int.class) {
            return Integer.valueOf(text);
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) type, text);
        }
        return text;
    }

    private static void call(Class<?> type, Object benchmark, Class<? extends java.lang.annotation.Annotation> phase)
            throws Exception {
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(phase)) {
                method.invoke(benchmark);
            }
        }
    }
}
