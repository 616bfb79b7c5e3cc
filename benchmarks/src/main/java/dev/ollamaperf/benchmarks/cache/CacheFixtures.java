package dev.ollamaperf.benchmarks.cache;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.benchmarks.fixtures.Conversations;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.client.cache.CachedResponse;
import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.SplittableRandom;

/** Seeded requests and answers for the cache benchmarks: the shapes the integration caches. */
final class CacheFixtures {

    private CacheFixtures() {}

    /** A deterministic (seeded) chat request body, as it arrives on the wire. */
    static byte[] chatRequest(int messages, int approxTokens, long seed) {
        ChatRequest request = ChatRequest.builder("llama3.2:latest")
                .messages(Conversations.history(messages, approxTokens, seed))
                .options(Options.builder().seed((int) seed).temperature(0.0).build())
                .build();
        return OllamaCodecs.shared().chatRequest().encode(request);
    }

    /**
     * A final, non-streaming /api/chat answer of about {@code bytes} bytes of text, stored now by
     * {@code clock}: pass the clock the cache reads, so the entry is as fresh as the cache's TTL
     * allows on any day the benchmark runs (a literal date expires once it is older than the TTL).
     */
    static CachedResponse chatAnswer(int bytes, long seed, Clock clock) {
        String text = Conversations.sentence(new SplittableRandom(seed), Math.max(1, bytes / 7));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("model", "llama3.2:latest");
        body.put("created_at", "2025-03-01T10:00:01.7Z");
        body.putObject("message").put("role", "assistant").put("content", text);
        body.put("done", true);
        body.put("done_reason", "stop");
        body.put("total_duration", 1_720_000_000L);
        body.put("eval_count", bytes / 5);
        body.put("eval_duration", 1_650_000_000L);
        return CachedResponse.fromBody(
                EndpointKind.CHAT, body.toString().getBytes(StandardCharsets.UTF_8), clock.instant());
    }
}
