package dev.ollamaperf.client.internal.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.EmbedRequest;
import dev.ollamaperf.client.api.EmbedResponse;
import dev.ollamaperf.client.api.ErrorResponse;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.PsResponse;
import dev.ollamaperf.client.api.ShowRequest;
import dev.ollamaperf.client.api.ShowResponse;
import dev.ollamaperf.client.api.TagsResponse;
import dev.ollamaperf.client.api.VersionResponse;
import dev.ollamaperf.client.api.openai.ChatCompletionChunk;
import dev.ollamaperf.client.api.openai.ChatCompletionRequest;
import dev.ollamaperf.client.api.openai.ChatCompletionResponse;

/**
 * Every JSON codec of the Ollama API, built once over one shared, fully configured {@link ObjectMapper}.
 *
 * <p>Speed notes: the per-token types ({@code /api/generate} and {@code /api/chat} requests and chunks) use
 * hand-written {@code JsonParser}/{@code JsonGenerator} code; everything else uses databind through a reader and
 * writer created here once. Decoding works from bytes or an {@code InputStream}, never via a String of the body.
 * Wire conventions: snake_case names, unknown fields ignored, {@code null} optionals left out, zero metrics left
 * out (as Ollama's {@code omitempty}).
 *
 * <p>Create one instance and share it (it is immutable and thread-safe); {@link #shared()} is such an instance.
 */
public final class OllamaCodecs {

    private static final OllamaCodecs SHARED = new OllamaCodecs();

    private final ObjectMapper mapper;
    private final Codec<GenerateRequest> generateRequest;
    private final Codec<GenerateResponse> generateResponse;
    private final Codec<ChatRequest> chatRequest;
    private final Codec<ChatResponse> chatResponse;
    private final Codec<EmbedRequest> embedRequest;
    private final Codec<EmbedResponse> embedResponse;
    private final Codec<TagsResponse> tags;
    private final Codec<PsResponse> ps;
    private final Codec<ShowRequest> showRequest;
    private final Codec<ShowResponse> showResponse;
    private final Codec<VersionResponse> version;
    private final Codec<ErrorResponse> error;
    private final Codec<ChatCompletionRequest> chatCompletionRequest;
    private final Codec<ChatCompletionResponse> chatCompletionResponse;
    private final Codec<ChatCompletionChunk> chatCompletionChunk;

    /** Builds the mapper and every codec. Prefer {@link #shared()}; construction costs milliseconds. */
    public OllamaCodecs() {
        this.mapper = newMapper();
        JsonFactory f = mapper.getFactory();
        this.generateRequest =
                new StreamingCodec<>(f, "GenerateRequest", GenerateCodec::readRequest, GenerateCodec::writeRequest);
        this.generateResponse =
                new StreamingCodec<>(f, "GenerateResponse", GenerateCodec::readResponse, GenerateCodec::writeResponse);
        this.chatRequest = new StreamingCodec<>(f, "ChatRequest", ChatCodec::readRequest, ChatCodec::writeRequest);
        this.chatResponse = new StreamingCodec<>(f, "ChatResponse", ChatCodec::readResponse, ChatCodec::writeResponse);
        this.embedRequest = new DatabindCodec<>(mapper, EmbedRequest.class);
        this.embedResponse = new DatabindCodec<>(mapper, EmbedResponse.class);
        this.tags = new DatabindCodec<>(mapper, TagsResponse.class);
        this.ps = new DatabindCodec<>(mapper, PsResponse.class);
        this.showRequest = new DatabindCodec<>(mapper, ShowRequest.class);
        this.showResponse = new DatabindCodec<>(mapper, ShowResponse.class);
        this.version = new DatabindCodec<>(mapper, VersionResponse.class);
        this.error = new DatabindCodec<>(mapper, ErrorResponse.class);
        this.chatCompletionRequest = new DatabindCodec<>(mapper, ChatCompletionRequest.class);
        this.chatCompletionResponse = new DatabindCodec<>(mapper, ChatCompletionResponse.class);
        this.chatCompletionChunk = new DatabindCodec<>(mapper, ChatCompletionChunk.class);
    }

    /** A process-wide instance (immutable; safe to share). */
    public static OllamaCodecs shared() {
        return SHARED;
    }

    private static ObjectMapper newMapper() {
        ObjectMapper m = new ObjectMapper();
        m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        m.setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
        m.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        m.registerModule(new OllamaModule());
        // Ollama (Go's decoder) answers 400 to a number or boolean where a string belongs ("model": 42) and to a
        // string where a number belongs; Jackson would coerce both silently.
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return m;
    }

    /**
     * The shared mapper, configured with the API's wire conventions. Do not reconfigure it: readers and writers
     * were derived from it at construction.
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    public Codec<GenerateRequest> generateRequest() {
        return generateRequest;
    }

    public Codec<GenerateResponse> generateResponse() {
        return generateResponse;
    }

    public Codec<ChatRequest> chatRequest() {
        return chatRequest;
    }

    /** A scanner of one chat stream's plain chunks, for a caller that takes only the aggregate. */
    public ChatTextScanner chatTextScanner() {
        return new ChatTextScanner();
    }

    public Codec<ChatResponse> chatResponse() {
        return chatResponse;
    }

    public Codec<EmbedRequest> embedRequest() {
        return embedRequest;
    }

    public Codec<EmbedResponse> embedResponse() {
        return embedResponse;
    }

    public Codec<TagsResponse> tags() {
        return tags;
    }

    public Codec<PsResponse> ps() {
        return ps;
    }

    public Codec<ShowRequest> showRequest() {
        return showRequest;
    }

    public Codec<ShowResponse> showResponse() {
        return showResponse;
    }

    public Codec<VersionResponse> version() {
        return version;
    }

    public Codec<ErrorResponse> error() {
        return error;
    }

    public Codec<ChatCompletionRequest> chatCompletionRequest() {
        return chatCompletionRequest;
    }

    public Codec<ChatCompletionResponse> chatCompletionResponse() {
        return chatCompletionResponse;
    }

    public Codec<ChatCompletionChunk> chatCompletionChunk() {
        return chatCompletionChunk;
    }
}
