package dev.ollamaperf.client.api.openai;

/**
 * {@code stream_options}: with {@code include_usage} the stream ends with a usage-only chunk.
 *
 * @param includeUsage whether to send the usage chunk
 */
public record StreamOptions(Boolean includeUsage) {}
