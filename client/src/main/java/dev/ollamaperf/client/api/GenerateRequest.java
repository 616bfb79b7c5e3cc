package dev.ollamaperf.client.api;

import java.util.List;
import java.util.Objects;

/**
 * {@code POST /api/generate} request ({@code api.GenerateRequest}, docs/ollama-api.md §1.1). Every field but
 * {@code model} is optional: {@code null} is left off the wire and the server's default applies (for
 * {@code stream}, that default is <em>true</em>).
 */
public record GenerateRequest(
        String model,
        String prompt,
        String suffix,
        String system,
        String template,
        List<Integer> context,
        Boolean stream,
        Boolean raw,
        Format format,
        KeepAlive keepAlive,
        List<String> images,
        Options options,
        Think think,
        Boolean truncate,
        Boolean shift,
        Boolean logprobs,
        Integer topLogprobs) {

    public GenerateRequest {
        Objects.requireNonNull(model, "model");
        context = context == null ? null : List.copyOf(context);
        images = images == null ? null : List.copyOf(images);
        if (topLogprobs != null && (topLogprobs < 0 || topLogprobs > 20)) {
            throw new IllegalArgumentException("'top_logprobs' must be between 0 and 20, got: " + topLogprobs);
        }
    }

    /** A builder for {@code model}. */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** This request for another model (used by fallback). */
    public GenerateRequest withModel(String newModel) {
        if (model.equals(newModel)) {
            return this; // a call to the requested model, the usual case: no copy
        }
        return toBuilder().model(newModel).build();
    }

    /** This request with {@code stream} set explicitly. */
    public GenerateRequest withStream(boolean newStream) {
        if (stream != null && stream == newStream) {
            return this;
        }
        return toBuilder().stream(newStream).build();
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        return new Builder(model)
                .prompt(prompt).suffix(suffix).system(system).template(template).context(context).stream(stream)
                        .raw(raw)
                        .format(format)
                        .keepAlive(keepAlive)
                        .images(images)
                        .options(options)
                        .think(think)
                        .truncate(truncate)
                        .shift(shift)
                        .logprobs(logprobs)
                        .topLogprobs(topLogprobs);
    }

    /** Builder for {@link GenerateRequest}. */
    public static final class Builder {
        private String model;
        private String prompt;
        private String suffix;
        private String system;
        private String template;
        private List<Integer> context;
        private Boolean stream;
        private Boolean raw;
        private Format format;
        private KeepAlive keepAlive;
        private List<String> images;
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

        public Builder prompt(String v) {
            prompt = v;
            return this;
        }

        public Builder suffix(String v) {
            suffix = v;
            return this;
        }

        public Builder system(String v) {
            system = v;
            return this;
        }

        public Builder template(String v) {
            template = v;
            return this;
        }

        public Builder context(List<Integer> v) {
            context = v;
            return this;
        }

        public Builder stream(Boolean v) {
            stream = v;
            return this;
        }

        public Builder raw(Boolean v) {
            raw = v;
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

        public Builder images(List<String> v) {
            images = v;
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

        public GenerateRequest build() {
            return new GenerateRequest(
                    model,
                    prompt,
                    suffix,
                    system,
                    template,
                    context,
                    stream,
                    raw,
                    format,
                    keepAlive,
                    images,
                    options,
                    think,
                    truncate,
                    shift,
                    logprobs,
                    topLogprobs);
        }
    }
}
