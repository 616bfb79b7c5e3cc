package dev.ollamaperf.emulator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of this process split by who spent it: the benchmark's client (the {@code main}
 * thread), the emulator's HTTP event loops, its engine timers, and the rest (GC, JIT, acceptor).
 * Tells whether a level measured the emulator or the client: if the client thread is near one
 * full core, its own queueing is in the numbers.
 *
 * @param clientNanos    the benchmark's client thread
 * @param eventLoopNanos the emulator's {@code emulator-http} threads
 * @param timerNanos     the emulator's {@code ollama-emulator-timer} and {@code ollama-emulator-tokens}
 *                       threads
 * @param processNanos   the whole process, those included
 */
record ThreadCpu(long clientNanos, long eventLoopNanos, long timerNanos, long processNanos) {

    /** A snapshot of the CPU time spent so far. */
    static ThreadCpu now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long client = 0;
        long eventLoops = 0;
        long timer = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            String name = info.getThreadName();
            if (name.equals("main") || name.contains(".main()")) { // exec:java runs main on "<Class>.main()"
                client += cpu;
            } else if (name.startsWith("emulator-http")) {
                eventLoops += cpu;
            } else if (name.startsWith("ollama-emulator-t")) { // -timer (loads, expiries) and -tokens
                timer += cpu;
            }
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new ThreadCpu(client, eventLoops, timer, process);
    }

    ThreadCpu minus(ThreadCpu before) {
        return new ThreadCpu(
                clientNanos - before.clientNanos,
                eventLoopNanos - before.eventLoopNanos,
                timerNanos - before.timerNanos,
                processNanos - before.processNanos);
    }

    long restNanos() {
        return processNanos - clientNanos - eventLoopNanos - timerNanos;
    }
}
