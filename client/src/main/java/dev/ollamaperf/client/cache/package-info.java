/**
 * The client's two-tier response cache: a bounded in-memory LRU in front of a SQLite file.
 *
 * <p>Entry points: {@link dev.ollamaperf.client.cache.ResponseCache#open(dev.ollamaperf.client.cache.CacheConfig)}
 * (settings from {@link dev.ollamaperf.client.cache.CacheEnvironment}), {@code lookup}/{@code store} on request
 * JSON, {@link dev.ollamaperf.client.cache.ResponseReplay} to serve a hit as a body or a stream, and
 * {@link dev.ollamaperf.client.cache.StreamRecorder} to turn a forwarded stream into a cacheable answer.
 *
 * <p>What decides a key ({@link dev.ollamaperf.client.internal.cache.RequestCanonicalizer}), what is cacheable
 * ({@link dev.ollamaperf.client.cache.CachePolicy}), when each statistic moves
 * ({@link dev.ollamaperf.client.cache.TierStats}) and what happens to a bad file
 * ({@link dev.ollamaperf.client.internal.cache.CacheOpener}) are documented on those types and in
 * {@code client/README.md}, "Response cache". The tiers, the canonicalizer and the opener are internal
 * ({@code dev.ollamaperf.client.internal.cache}).
 */
package dev.ollamaperf.client.cache;
