/**
 * The integration served as an Ollama-compatible HTTP proxy ({@link dev.ollamaperf.client.gateway.OllamaGateway},
 * run with {@code java -jar client/target/ollama-gateway.jar}, see
 * {@link dev.ollamaperf.client.gateway.GatewayMain}), so load tests can drive the client exactly as they drive
 * Ollama. See {@code client/README.md}, "Gateway".
 */
package dev.ollamaperf.client.gateway;
