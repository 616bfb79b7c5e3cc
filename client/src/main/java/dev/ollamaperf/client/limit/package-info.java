/**
 * Client-side limits: a FIFO concurrency limiter ({@code OLLAMA_MAX_CONCURRENT}) and a token-bucket rate
 * limiter, both on injected clocks.
 */
package dev.ollamaperf.client.limit;
