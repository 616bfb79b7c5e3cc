/**
 * The client's implementation: the call pipeline (rate limit, fallback, retry, permit, metrics), the streamed
 * calls and the hook between the client and the response cache; subpackages hold the codecs, stream decoders,
 * transport, response cache internals, rate limiter and retry/fallback.
 *
 * <p><b>Not API:</b> the client and its sibling modules (gateway, benchmarks, load-tests) use it; it may change in
 * any release without notice. Applications use the packages listed in {@code dev.ollamaperf.client}.
 */
package dev.ollamaperf.client.internal;
