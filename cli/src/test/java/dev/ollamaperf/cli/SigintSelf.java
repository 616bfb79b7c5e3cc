package dev.ollamaperf.cli;

import java.util.concurrent.TimeUnit;

/**
 * A JVM that sends itself SIGINT (what a terminal's Ctrl-C sends to every process of its group) and
 * prints {@code survived} if it still runs half a second later: {@link ProcessLauncherTest} starts it as a
 * child.
 */
final class SigintSelf {

    private SigintSelf() {}

    public static void main(String[] args) throws Exception {
        Process kill = new ProcessBuilder(
                        "kill", "-INT", Long.toString(ProcessHandle.current().pid()))
                .start();
        kill.waitFor();
        TimeUnit.MILLISECONDS.sleep(500);
        System.out.println("survived");
    }
}
