/**
 * Retry of 503s and connection failures with bounded exponential backoff, and model fallback along an ordered
 * chain; {@link dev.ollamaperf.client.internal.resilience.DeliveryFlag} stops both once output reached the caller.
 *
 * <p><b>Not API:</b> the client and its sibling modules (gateway, benchmarks, load-tests) use it; it may change in
 * any release without notice. Applications use the packages listed in {@code dev.ollamaperf.client}.
 */
package dev.ollamaperf.client.internal.resilience;
