/**
 * The response cache's implementation: the memory and SQLite tiers, the request canonicalizer that decides keys,
 * the schema, and the opener that decides what happens to a bad file. The public face is
 * {@code dev.ollamaperf.client.cache}.
 *
 * <p><b>Not API:</b> the client and its sibling modules (gateway, benchmarks, load-tests) use it; it may change in
 * any release without notice. Applications use the packages listed in {@code dev.ollamaperf.client}.
 */
package dev.ollamaperf.client.internal.cache;
