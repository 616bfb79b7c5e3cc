package dev.ollamaperf.load.protocol;

/**
 * Which path one request of a paired run takes ({@code ollama.perf.mode=paired}): the two requests of a pair carry
 * the same prompt, one through the integration and one straight at Ollama.
 *
 * @param pair the pair's number in its phase
 * @param direct true for the direct path, false for the integration
 */
public record Route(long pair, boolean direct) {

    /**
     * The route of a phase's {@code n}-th request: requests 2k and 2k+1 form pair k, and which path goes first
     * alternates from pair to pair, so neither path always meets the server a moment later than the other.
     */
    public static Route of(long n) {
        long pair = n / 2;
        boolean second = n % 2 == 1;
        return new Route(pair, second == (pair % 2 == 0));
    }
}
