/**
 * The integration served as an Ollama-compatible HTTP proxy ({@link dev.ollamaperf.gateway.OllamaGateway},
 * run with {@code java -jar gateway/target/ollama-perf-gateway.jar}, see
 * {@link dev.ollamaperf.gateway.GatewayMain}), so load tests can drive the client exactly as they drive
 * Ollama. See {@code gateway/README.md}.
 */
package dev.ollamaperf.gateway;
