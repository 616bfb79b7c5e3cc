/**
 * The Ollama integration: {@link dev.ollamaperf.client.OllamaClient} is the entry point (see client/README.md).
 * This package holds the client, its builder, and what a call takes and returns besides the API records:
 * {@link dev.ollamaperf.client.StreamListener}, {@link dev.ollamaperf.client.StreamAggregate} and
 * {@link dev.ollamaperf.client.CallControl} (cancelling a call from another thread).
 *
 * <p>The public API is this package and {@code api}, {@code api.openai} (request and response records),
 * {@code config} (settings), {@code error} (the sealed exceptions), {@code health}, {@code metrics}, {@code cache}
 * (the response cache and its settings), {@code limit} ({@code ConcurrencyLimiter}, {@code Sleeper}) and
 * {@code transport} ({@code ForwardRequest}, {@code StreamingResponse}: the raw {@code forward} call). Every
 * package under {@code dev.ollamaperf.client.internal} is implementation, may change without notice, and is
 * not for applications.
 */
package dev.ollamaperf.client;
