/**
 * Push-based decoders of Ollama's NDJSON and of {@code /v1}'s server-sent events, handing each chunk to a
 * listener with its client-observed arrival time and ending in a {@link dev.ollamaperf.client.StreamAggregate}.
 *
 * <p><b>Not API:</b> the client and its sibling modules (gateway, benchmarks, load-tests) use it; it may change in
 * any release without notice. Applications use the packages listed in {@code dev.ollamaperf.client}.
 */
package dev.ollamaperf.client.internal.stream;
