package dev.ollamaperf.emulator.http;

import dev.ollamaperf.emulator.engine.Completion;

/**
 * How one endpoint renders an inference: its stream chunks, its final chunk, its single
 * non-streamed object and its errors. Implementations are immutable per request and produce
 * complete wire bytes (an NDJSON line with its newline, or an SSE event with its blank line).
 */
interface ResponseFormat {

    /** Content type of a streamed response. */
    String streamContentType();

    /** Content type of errors that happen before anything was streamed. */
    default String errorContentType() {
        return "application/json; charset=utf-8";
    }

    /** One streamed token; {@code first} is true for the first token of the stream. */
    byte[] tokenChunk(String text, boolean first);

    /** One streamed thinking token; {@code first} is true for the first token of the stream. */
    byte[] thinkingChunk(String text, boolean first);

    /** The chunk that carries a chat answer's tool calls, once they are complete. */
    default byte[] toolCallChunk(java.util.List<ToolCall> calls, boolean first) {
        throw new UnsupportedOperationException("this endpoint has no tool calls");
    }

    /** Everything written after the last token of a successful stream. */
    byte[] finalChunk(Completion completion);

    /** The single object of a non-streamed (or load/unload) response. */
    byte[] fullResponse(Reply reply, Completion completion);

    /** The line that ends a stream when the engine fails after the first token. */
    byte[] midStreamError(String message);

    /** The body of an error sent with its real status, before anything was streamed. */
    byte[] errorBody(int status, String message);
}
