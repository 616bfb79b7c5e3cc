/**
 * Client statistics recorded into HdrHistogram recorders and snapshotted into immutable values; text and
 * Prometheus renderings.
 */
package dev.ollamaperf.client.metrics;
