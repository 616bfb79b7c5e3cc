package dev.ollamaperf.recorder;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The prefill figures of a profile, for {@link ProfileAssembler}: the prefill rate and the fixed overhead
 * from the prompt-length requests, and the cost of a prompt token reused from a slot's cache from the
 * prompt-cache probe. Each appends how it got its number to the profile's {@code source}.
 */
final class PrefillAnalysis {

    private PrefillAnalysis() {}

    /**
     * The prefill line and what the profile takes from it.
     *
     * @param rate     prompt tokens per second (1 / slope)
     * @param overhead the profile's fixed prefill cost, nanoseconds
     * @param line     the fit of prompt_eval_duration over prompt_eval_count, null when none could be made
     */
    record Prefill(double rate, double overhead, LineFit line) {}

    /**
     * The prefill rate is the slope of prompt_eval_duration over prompt_eval_count. The overhead is what
     * a request's TTFT holds beyond that rate, as the emulator will replay it: the line's intercept, plus
     * the median time to first token spent outside prompt_eval_duration (TTFT - load_duration -
     * prompt_eval_duration: template, tokenizer, sampling the first token, and the transport), less the
     * transport (client end to end - total_duration: the emulator's own HTTP adds it again when it
     * replays) and less the one decode step the emulator puts before the first token. A real llama-server
     * reports only its batch time as prompt_eval_duration (intercept near 0, or below 0 when long prompts
     * cost more per token), so the intercept alone loses the fixed cost the client sees (issue 14 recorded
     * 0 ms); the emulator puts its overhead inside prompt_eval_duration, so there the outside part is one
     * decode step plus transport, and the intercept is the overhead.
     */
    static Prefill prompt(ModelMeasurement m, double generation, StringBuilder src) {
        List<Sample> samples =
                m.promptSamples().stream().filter(s -> s.promptEvalCount() > 0).toList();
        double[] x = samples.stream().mapToDouble(Sample::promptEvalCount).toArray();
        double[] y = samples.stream().mapToDouble(Sample::promptEvalNanos).toArray();
        if (x.length >= 2 && Arrays.stream(x).distinct().count() >= 2) {
            LineFit fit = LineFit.fit(x, y);
            if (fit.slope() > 0) {
                double rate = 1e9 / fit.slope();
                double[] outside = samples.stream()
                        .filter(s -> s.ttftNanos() > 0)
                        .mapToDouble(s -> s.ttftNanos() - s.loadNanos() - s.promptEvalNanos())
                        .toArray();
                double[] transport = samples.stream()
                        .mapToDouble(Sample::transportNanos)
                        .filter(Double::isFinite)
                        .toArray();
                double transportMedian = transport.length == 0 ? 0 : SampleStats.median(transport);
                double decodeStep = 1e9 / generation;
                double beyond = outside.length == 0 ? 0 : SampleStats.median(outside) - transportMedian - decodeStep;
                double overhead = Math.max(0, Math.round((fit.intercept() + beyond) / 1e5) * 1e5);
                src.append(String.format(
                        Locale.ROOT,
                        " Prompt: least-squares line of prompt_eval_duration over"
                                + " prompt_eval_count, %d requests, %.0f..%.0f tokens: %.1f tokens/s (+-%.1f, one standard"
                                + " error), intercept %s; r^2 %.4f, residual sd %s. Overhead %s = the intercept + the"
                                + " median TTFT outside load_duration and prompt_eval_duration (%s) - the median"
                                + " transport, client end to end - total_duration (%s, which the emulator's HTTP adds"
                                + " again) - one decode step (%s, which the emulator spends before the first"
                                + " token)%s.",
                        fit.n(),
                        SampleStats.quantile(x, 0),
                        SampleStats.quantile(x, 1),
                        rate,
                        rate * fit.slopeError() / fit.slope(),
                        signedMillis(fit.intercept()),
                        fit.rSquared(),
                        ModelRecorder.seconds((long) fit.residualSd()),
                        ModelRecorder.seconds((long) overhead),
                        outside.length == 0 ? "no TTFT" : signedMillis(SampleStats.median(outside)),
                        transport.length == 0 ? "no total_duration, taken as 0" : signedMillis(transportMedian),
                        ModelRecorder.seconds((long) decodeStep),
                        (fit.intercept() + beyond) < 0 ? ", at least 0" : ""));
                return new Prefill(SampleStats.round(rate, 1), overhead, fit);
            }
        }
        src.append(" Prompt: NOT MEASURED (prompt_eval_duration did not grow with prompt length); default 10x the"
                + " generation rate plus 100 ms.");
        return new Prefill(SampleStats.round(10 * generation, 1), 100e6, null);
    }

    /**
     * The cost of a prompt token the server's slot already held, as a share of a new one: per round of
     * the cache probe, (prompt_eval_duration of the repeated prompt - the prefill line at its new tokens)
     * / (slope x reused tokens); the median, within 0..1. 0 when the probe or the line is missing.
     */
    static double cachedTokenCost(ModelMeasurement m, LineFit line, StringBuilder src) {
        List<CacheRound> rounds = m.cacheRounds().stream()
                .filter(r -> r.reusable() > 0 && r.repeated().promptEvalNanos() > 0)
                .toList();
        if (line == null || rounds.isEmpty()) {
            src.append(" Prompt cache: NOT MEASURED (no prefill line or no usable probe round); cached prompt"
                    + " tokens cost nothing, as in llama-server.");
            return 0;
        }
        double[] costs = rounds.stream()
                .mapToDouble(r -> {
                    long reused = r.reusable();
                    long evaluated = r.repeated().promptEvalCount() - reused;
                    double predicted = line.intercept() + line.slope() * evaluated;
                    return (r.repeated().promptEvalNanos() - predicted) / (line.slope() * reused);
                })
                .toArray();
        double cost = SampleStats.round(Math.min(1, Math.max(0, SampleStats.median(costs))), 3);
        src.append(String.format(
                Locale.ROOT,
                " Prompt cache: %d rounds of a %.0f-token prompt sent again with %.0f new tokens after it:"
                        + " prompt_eval_duration median %s against %s for a fresh prompt of that length, TTFT %s against"
                        + " %s; a reused token costs %.3f of a new one (median over rounds of (prompt_eval_duration -"
                        + " the prefill line at the new tokens) / (slope x reused tokens), sd %.3f; 0 = free, 1 = no"
                        + " reuse)%s.",
                rounds.size(),
                SampleStats.median(rounds.stream()
                        .mapToDouble(r -> r.first().promptEvalCount())
                        .toArray()),
                SampleStats.median(rounds.stream()
                        .mapToDouble(r -> r.repeated().promptEvalCount() - r.reusable())
                        .toArray()),
                medianSeconds(rounds, r -> r.repeated().promptEvalNanos()),
                medianSeconds(rounds, r -> r.fresh().promptEvalNanos()),
                medianSeconds(rounds, r -> r.repeated().ttftNanos()),
                medianSeconds(rounds, r -> r.fresh().ttftNanos()),
                cost,
                SampleStats.sd(costs),
                cost >= 0.9
                        ? ": the server reused (almost) nothing, so it has no prompt cache (Ollama before 0.30?)"
                        : ""));
        return cost;
    }

    private static String medianSeconds(List<CacheRound> rounds, ToDoubleFunction<CacheRound> f) {
        return ModelRecorder.seconds(
                (long) SampleStats.median(rounds.stream().mapToDouble(f).toArray()));
    }

    private static String signedMillis(double nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
