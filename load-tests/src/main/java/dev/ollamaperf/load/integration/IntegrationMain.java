package dev.ollamaperf.load.integration;

import dev.ollamaperf.client.metrics.MetricsFormat;
import dev.ollamaperf.client.metrics.MetricsSnapshot;
import dev.ollamaperf.gateway.GatewayMain;
import dev.ollamaperf.results.IntegrationMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * The integration under test in a JVM of its own: starts the gateway exactly as its {@code main} does (options
 * from the arguments, settings from the environment, as in production) and answers the load JVM's commands on
 * standard input, one per line, with one line on standard output each ({@link IntegrationProcess} is the other
 * end):
 *
 * <ul>
 *   <li>at start: {@code ready <base URI>}
 *   <li>{@code open}: opens the measurement window (a full collection first); answers {@code opened}
 *   <li>{@code close}: closes it; answers {@code closed <JSON of an IntegrationReply>}
 *   <li>end of input: stops the gateway and exits 0
 * </ul>
 *
 * Anything the gateway itself prints goes to standard error (the load JVM keeps it in a log file). A command it
 * cannot carry out is answered {@code error <why>}.
 */
public final class IntegrationMain {

    private IntegrationMain() {}

    public static void main(String[] args) throws IOException {
        PrintStream replies = System.out;
        System.setOut(System.err); // only replies on standard output
        GatewayMain.Running gateway;
        try {
            gateway = GatewayMain.start(
                    args, System.getenv(), Path.of(System.getProperty("user.home")), System.err, System.err);
        } catch (GatewayMain.Exit exit) {
            System.exit(exit.status());
            return;
        }
        try (JvmProbe probe = new JvmProbe();
                BufferedReader commands =
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            replies.println("ready " + gateway.baseUri());
            replies.flush();
            MetricsSnapshot atOpen = null;
            for (String command = commands.readLine(); command != null; command = commands.readLine()) {
                try {
                    switch (command.trim()) {
                        // the snapshots copy histograms: taken outside the window, so they do not count as
                        // the integration's allocation
                        case "open" -> {
                            atOpen = gateway.client().metrics().snapshot();
                            probe.openWindow();
                            replies.println("opened");
                        }
                        case "close" -> {
                            if (atOpen == null) {
                                throw new IllegalStateException("close before open");
                            }
                            IntegrationMetrics.JvmMemory memory = probe.closeWindow();
                            MetricsSnapshot atClose = gateway.client().metrics().snapshot();
                            IntegrationReply reply = new IntegrationReply(
                                    memory,
                                    lookups(atClose) - lookups(atOpen),
                                    hits(atClose) - hits(atOpen),
                                    IntegrationReply.encode(queueWait(atClose, atOpen)),
                                    MetricsFormat.PROMETHEUS.render(atClose));
                            atOpen = null;
                            replies.println("closed " + reply.toJson());
                        }
                        default -> replies.println("error unknown command: " + command);
                    }
                } catch (RuntimeException e) {
                    replies.println("error " + e);
                }
                replies.flush();
            }
        } finally {
            gateway.close();
        }
    }

    /** Cache lookups: every lookup asks the first tier, so the busiest tier has seen them all. */
    private static long lookups(MetricsSnapshot snapshot) {
        return snapshot.cacheTiers().values().stream()
                .mapToLong(tier -> tier.hits() + tier.misses())
                .max()
                .orElse(0);
    }

    private static long hits(MetricsSnapshot snapshot) {
        return snapshot.cacheTiers().values().stream()
                .mapToLong(MetricsSnapshot.TierCount::hits)
                .sum();
    }

    /** The limiter's queue waits of the window alone (the snapshots count from the JVM's start). */
    private static Histogram queueWait(MetricsSnapshot atClose, MetricsSnapshot atOpen) {
        Histogram window = atClose.queueWait().histogramCopy();
        window.subtract(atOpen.queueWait().histogramCopy());
        return window;
    }
}
