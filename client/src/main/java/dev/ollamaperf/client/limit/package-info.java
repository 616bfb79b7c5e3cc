/**
 * The client-side concurrency limit: a FIFO limiter ({@code OLLAMA_MAX_CONCURRENT}) that
 * {@link dev.ollamaperf.client.OllamaClient#limiter()} exposes for introspection and for callers of
 * {@code forward} that want the bound, and the {@link dev.ollamaperf.client.limit.Sleeper} the builder accepts.
 */
package dev.ollamaperf.client.limit;
