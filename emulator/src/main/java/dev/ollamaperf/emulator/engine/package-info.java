/**
 * The emulated Ollama engine behind the HTTP layer: model profiles ({@link
 * dev.ollamaperf.emulator.engine.ModelCatalogue}), settings named after Ollama's environment
 * variables ({@link dev.ollamaperf.emulator.engine.EngineSettings}), fault injection ({@link
 * dev.ollamaperf.emulator.engine.FaultPlan}) and the scheduler, created by {@link
 * dev.ollamaperf.emulator.engine.Engines#create}.
 *
 * <p>It follows the scheduling semantics of Ollama {@value
 * dev.ollamaperf.emulator.engine.Engines#EMULATED_OLLAMA_VERSION} as written up in
 * {@code docs/ollama-api.md} §1.3, §1.6 and §3: per-model parallel slots with an unbounded FIFO
 * wait, one global bounded scheduler queue for loads, reloads and evictions, one load at a time,
 * keep-alive expiry, and slots that keep their last request's tokens so a new prompt prefills only
 * what its slot does not already hold (llama-server's prompt cache, §3.7 items 7 and 8). Every duration it reports is measured with its injected clock, never computed
 * from the profile.
 */
package dev.ollamaperf.emulator.engine;
