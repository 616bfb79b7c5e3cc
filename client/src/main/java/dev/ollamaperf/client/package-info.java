/**
 * The Ollama integration: {@link dev.ollamaperf.client.OllamaClient} is the entry point; see client/README.md.
 */
package dev.ollamaperf.client;
