/**
 * Types of Ollama's OpenAI-compatible {@code /v1/chat/completions} endpoint (docs/ollama-api.md §4). Message
 * {@code content} is modelled as a string; content given as an array of parts is not modelled.
 */
package dev.ollamaperf.client.api.openai;
