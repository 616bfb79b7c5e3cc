/**
 * Immutable records for every request and response of Ollama's native API (docs/ollama-api.md §1), plus typed values
 * for {@code keep_alive}, {@code think} and {@code format}. Absent optionals are {@code null} and are left off
 * the wire.
 */
package dev.ollamaperf.client.api;
