/**
 * The raw pass-through call {@link dev.ollamaperf.client.OllamaClient#forward}: the request it sends as it is
 * ({@link dev.ollamaperf.client.transport.ForwardRequest}) and the open response it returns
 * ({@link dev.ollamaperf.client.transport.StreamingResponse}). The HTTP implementation is internal.
 */
package dev.ollamaperf.client.transport;
