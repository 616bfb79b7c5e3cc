/**
 * JSON codecs of the API types over one shared Jackson {@code ObjectMapper}: hand-written streaming code for the
 * per-token types, pre-built databind readers and writers for the rest
 * ({@link dev.ollamaperf.client.internal.codec.OllamaCodecs}).
 *
 * <p><b>Not API:</b> the client and its sibling modules (gateway, benchmarks, load-tests) use it; it may change in
 * any release without notice. Applications use the packages listed in {@code dev.ollamaperf.client}.
 */
package dev.ollamaperf.client.internal.codec;
