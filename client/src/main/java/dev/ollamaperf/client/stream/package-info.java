/**
 * Push-based decoders of Ollama's NDJSON and of {@code /v1}'s server-sent events, handing each chunk to a
 * listener with its client-observed arrival time and ending in a {@link
 * dev.ollamaperf.client.stream.StreamAggregate}.
 */
package dev.ollamaperf.client.stream;
