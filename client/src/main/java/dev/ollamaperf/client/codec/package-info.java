/**
 * JSON codecs of the API types over one shared Jackson {@code ObjectMapper}: hand-written streaming code for the
 * per-token types, pre-built databind readers and writers for the rest ({@link
 * dev.ollamaperf.client.codec.OllamaCodecs}).
 */
package dev.ollamaperf.client.codec;
