/**
 * The token-bucket rate limiter ({@code OLLAMA_RATE_LIMIT}, {@code OLLAMA_RATE_BURST}) on an injected clock.
 *
 * <p><b>Not API:</b> the client and its sibling modules (gateway, benchmarks, load-tests) use it; it may change in
 * any release without notice. Applications use the packages listed in {@code dev.ollamaperf.client}.
 */
package dev.ollamaperf.client.internal.limit;
