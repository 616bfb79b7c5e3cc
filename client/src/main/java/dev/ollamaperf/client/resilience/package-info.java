/**
 * Retry of 503s and connection failures with bounded exponential backoff, and model fallback along an ordered
 * chain.
 */
package dev.ollamaperf.client.resilience;
