package dev.ollamaperf.recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The batching curve: what n requests started together get from the server, for n = 1..N.
 *
 * <p>Model (docs/ollama-api.md §3.7, the emulator's {@code ModelProfile#slotTokensPerSecond}): with
 * n requests decoding in one batch, each gets {@code r(n) = r1 / (1 + s (n - 1))} tokens/s, so the
 * seconds per token {@code 1 / r(n) = 1/r1 + (s/r1) (n - 1)} is a straight line in {@code n - 1}.
 * Least squares over every request's {@code eval_duration / eval_count} gives intercept {@code a}
 * and slope {@code b}; {@code s = b / a}.
 *
 * <p>Queueing, not batching: when the server's {@code OLLAMA_NUM_PARALLEL} is below n, the
 * requests beyond it wait for a slot, and their time to first token jumps by a whole request. A
 * request counts as queued when its first token came after 90% of the end-to-end time of another
 * request of its round (all leave together, so a batched request's first token comes long before
 * any other request ends); the others are the ones the server served at once. Rounds with
 * queueing are left out of the fit (their requests did not all decode together). The trap: a
 * threshold relative to the one-request TTFT mistakes client delays (a new connection, a busy
 * machine) for queueing when requests are short.
 *
 * @param levels       per level, in order
 * @param servedAtOnce requests the server served at once where queueing was seen, 0 when none was
 * @param fit          the line through seconds per token, null when fewer than two levels qualify
 */
record BatchingCurve(List<Level> levels, int servedAtOnce, LineFit fit) {

    BatchingCurve {
        levels = List.copyOf(levels);
    }

    /**
     * One level.
     *
     * @param parallel                 requests started together
     * @param requests                 requests measured at this level (all rounds)
     * @param slotTokensPerSecond      mean per-request {@code eval_count / eval_duration}
     * @param aggregateTokensPerSecond {@code parallel x slotTokensPerSecond}: the server's decode rate
     *                                 while all of them run
     * @param queued                   requests that waited for a slot
     */
    record Level(int parallel, int requests, double slotTokensPerSecond, double aggregateTokensPerSecond, int queued) {}

    /**
     * Analyses rounds of simultaneous requests; a round's level is its size.
     *
     * @param rounds each a list of samples started together
     */
    static BatchingCurve analyze(List<List<Sample>> rounds) {
        Map<Integer, List<Sample>> byLevel = new TreeMap<>();
        Map<Integer, Integer> queuedByLevel = new TreeMap<>();
        int servedAtOnce = 0;
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (List<Sample> round : rounds) {
            int n = round.size();
            byLevel.computeIfAbsent(n, k -> new ArrayList<>()).addAll(round);
            int prompt = promptlyServed(round);
            queuedByLevel.merge(n, n - prompt, Integer::sum);
            if (prompt < n) {
                servedAtOnce = servedAtOnce == 0 ? prompt : Math.min(servedAtOnce, prompt);
            }
        }
        List<Level> levels = new ArrayList<>();
        for (Map.Entry<Integer, List<Sample>> e : byLevel.entrySet()) {
            int n = e.getKey();
            double[] rates = e.getValue().stream()
                    .mapToDouble(Sample::evalTokensPerSecond)
                    .filter(Double::isFinite)
                    .toArray();
            double slot = SampleStats.mean(rates);
            levels.add(new Level(n, e.getValue().size(), slot, n * slot, queuedByLevel.get(n)));
        }
        for (List<Sample> round : rounds) {
            int n = round.size();
            boolean batched = queuedByLevel.get(n) == 0 && (servedAtOnce == 0 || n <= servedAtOnce);
            for (Sample s : batched ? round : List.<Sample>of()) {
                if (Double.isFinite(s.secondsPerToken())) {
                    x.add(n - 1.0);
                    y.add(s.secondsPerToken());
                }
            }
        }
        LineFit fit = x.stream().distinct().count() >= 2
                ? LineFit.fit(
                        x.stream().mapToDouble(Double::doubleValue).toArray(),
                        y.stream().mapToDouble(Double::doubleValue).toArray())
                : null;
        return new BatchingCurve(levels, servedAtOnce, fit);
    }

    /** The requests of a round whose first token came before any other request of the round was nearly done. */
    static int promptlyServed(List<Sample> round) {
        int prompt = 0;
        for (int i = 0; i < round.size(); i++) {
            long otherEnd = Long.MAX_VALUE;
            for (int j = 0; j < round.size(); j++) {
                otherEnd = j == i ? otherEnd : Math.min(otherEnd, round.get(j).e2eNanos());
            }
            long ttft = round.get(i).ttftNanos();
            if (ttft >= 0 && ttft <= 0.9 * otherEnd) {
                prompt++;
            }
        }
        return prompt;
    }

    /** s from the fit, clamped to 0..1 (the emulator's range); empty when there is no fit. */
    OptionalDouble serialFraction() {
        if (fit == null || !(fit.intercept() > 0)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(0, Math.min(1, fit.slope() / fit.intercept())));
    }

    /** The highest level measured. */
    int maxLevel() {
        return levels.isEmpty() ? 0 : levels.get(levels.size() - 1).parallel();
    }
}
