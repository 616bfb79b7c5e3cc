/**
 * HTTP to Ollama over one shared OkHttp client, with incremental streaming, real cancellation, error mapping to
 * the sealed {@link dev.ollamaperf.client.error.OllamaException} set, and the refusal of destructive paths
 * ({@link dev.ollamaperf.client.internal.transport.DestructivePaths},
 * {@link dev.ollamaperf.client.internal.transport.PathNormalizer}).
 *
 * <p><b>Not API:</b> the client and its sibling modules (gateway, benchmarks, load-tests) use it; it may change in
 * any release without notice. Applications use the packages listed in {@code dev.ollamaperf.client}.
 */
package dev.ollamaperf.client.internal.transport;
