package dev.ollamaperf.client.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /api/chat} request ({@code api.ChatRequest}, docs/ollama-api.md §1.2). Optional fields are {@code null}
 * when unset and are left off the wire; {@code stream} defaults to <em>true</em> on the server.
 *
 * @param tools tool definitions as JSON objects ({@code {"type":"function","function":{...}}}), or {@code null}
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        Boolean stream,
        Format format,
        KeepAlive keepAlive,
        List<Map<String, Object>> tools,
        Options options,
        Think think,
        Boolean truncate,
        Boolean shift,
        Boolean logprobs,
        Integer topLogprobs) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? null : List.copyOf(tools);
        if (topLogprobs != null && (topLogprobs < 0 || topLogprobs > 20)) {
            throw new IllegalArgumentException("'top_logprobs' must be between 0 and 20, got: " + topLogprobs);
        }
    }

    /** A builder for {@code model}. */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** A request with only a model and messages. */
    public static ChatRequest of(String model, List<ChatMessage> messages) {
        return builder(model).messages(messages).build();
    }

    /** This request for another model (used by fallback). */
    public ChatRequest withModel(String newModel) {
        if (model.equals(newModel)) {
            return this; // a call to the requested model, the usual case: no copy
        }
        return toBuilder().model(newModel).build();
    }

    /** This request with {@code stream} set explicitly. */
    public ChatRequest withStream(boolean newStream) {
        if (stream != null && stream == newStream) {
            return this;
        }
        return toBuilder().stream(newStream).build();
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        return new Builder(model)
                .messages(messages).stream(stream)
                        .format(format)
                        .keepAlive(keepAlive)
                        .tools(tools)
                        .options(options)
                        .think(think)
                        .truncate(truncate)
                        .shift(shift)
                        .logprobs(logprobs)
                        .topLogprobs(topLogprobs);
    }

    /** Builder for {@link ChatRequest}. */
    public static final class Builder {
        private String model;
        private List<ChatMessage> messages;
        private Boolean stream;
        private Format format;
        private KeepAlive keepAlive;
        private List<Map<String, Object>> tools;
        private Options options;
        private Think think;
        private Boolean truncate;
        private Boolean shift;
        private Boolean logprobs;
        private Integer topLogprobs;

        private Builder(String model) {
            this.model = model;
        }

        public Builder model(String v) {
            model = v;
            return this;
        }

        public Builder messages(List<ChatMessage> v) {
            messages = v;
            return this;
        }

        public Builder stream(Boolean v) {
            stream = v;
            return this;
        }

        public Builder format(Format v) {
            format = v;
            return this;
        }

        public Builder keepAlive(KeepAlive v) {
            keepAlive = v;
            return this;
        }

        public Builder tools(List<Map<String, Object>> v) {
            tools = v;
            return this;
        }

        public Builder options(Options v) {
            options = v;
            return this;
        }

        public Builder think(Think v) {
            think = v;
            return this;
        }

        public Builder truncate(Boolean v) {
            truncate = v;
            return this;
        }

        public Builder shift(Boolean v) {
            shift = v;
            return this;
        }

        public Builder logprobs(Boolean v) {
            logprobs = v;
            return this;
        }

        public Builder topLogprobs(Integer v) {
            topLogprobs = v;
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(
                    model,
                    messages,
                    stream,
                    format,
                    keepAlive,
                    tools,
                    options,
                    think,
                    truncate,
                    shift,
                    logprobs,
                    topLogprobs);
        }
    }
}
