/**
 * HTTP to Ollama over one shared OkHttp client, with incremental streaming, real cancellation and error mapping
 * to the sealed {@link dev.ollamaperf.client.error.OllamaException} set.
 */
package dev.ollamaperf.client.transport;
