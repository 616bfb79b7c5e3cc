package dev.ollamaperf.client.internal.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.cache.CacheKey;
import dev.ollamaperf.client.cache.EndpointKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a request's JSON into the canonical bytes its cache key is hashed from, so that requests
 * Ollama answers identically share one key, and requests it may answer differently never do.
 *
 * <p>The canonical form is {@code {"endpoint":"<kind>","request":<canonical request>}} where:
 * <ul>
 *   <li><b>Object keys are sorted</b> (by UTF-16 code unit), at every level except inside the
 *       {@linkplain #VERBATIM_ORDER_FIELDS verbatim fields}, whose key order reaches the model.</li>
 *   <li><b>Fields that do not affect the output are removed</b>:
 *       {@linkplain #IGNORED_FIELDS top-level} {@code stream} (the answer is the same, only its framing
 *       differs, and a cached answer is replayed in either framing), {@code keep_alive} (how long the
 *       model stays loaded afterwards), {@code stream_options} (v1: whether a usage chunk is streamed;
 *       the replay adds it on request); and the {@linkplain #IGNORED_OPTIONS runner options} that only
 *       decide where and how fast the model runs: {@code num_thread}, {@code num_gpu}, {@code main_gpu},
 *       {@code use_mmap}, {@code use_mlock}, {@code num_batch}, {@code numa}, {@code low_vram}.
 *       {@code num_ctx} is <em>kept</em>: a smaller context truncates the prompt and changes the answer.</li>
 *   <li>{@code null} members are removed (Go's decoder treats {@code null} as absent).</li>
 *   <li><b>The model name is normalised</b>: {@code :latest} is appended when the name has no tag
 *       ({@code llama3.2} and {@code llama3.2:latest} are the same model).</li>
 *   <li><b>Numbers are normalised</b> through {@link BigDecimal#stripTrailingZeros()}, so
 *       {@code 1}, {@code 1.0} and {@code 1e0} are one value.</li>
 *   <li>Chat message roles are lower-cased (Ollama lower-cases them on input); an embed {@code input}
 *       string becomes a one-element array (Ollama answers both the same way); a v1 {@code stop}
 *       string becomes a one-element array.</li>
 *   <li>Everything else is kept, including fields and options this class does not know: it is safer
 *       to miss than to serve a wrong answer.</li>
 *   <li><b>Each chat message is replaced by the hex SHA-256 of its own canonical form</b> (keys sorted, null
 *       members removed, role lower-cased, {@code tool_calls} in their order): a conversation sends its whole
 *       history every turn, and a digest per message lets the typed client hash each message once
 *       ({@link TypedMessageDigests}) instead of the whole history on every call.</li>
 * </ul>
 *
 * <p>Trap: {@code format} (a JSON schema), v1 {@code response_format}, {@code tools} and a message's
 * {@code tool_calls} keep their key order, because Ollama passes them on as written (a schema's
 * property order becomes the order of fields in the generated JSON, and tool definitions are rendered
 * into the prompt). Sorting them could make two requests with different answers share a key.
 *
 * <p>Thread-safe and stateless apart from the immutable {@link ObjectMapper}.
 */
public final class RequestCanonicalizer {

    /** Top-level request fields removed from the canonical form: they never change the answer. */
    public static final Set<String> IGNORED_FIELDS = Set.of("stream", "keep_alive", "stream_options");

    /**
     * Keys removed from {@code options}: runner placement and speed settings, fixed when the model loads,
     * that do not change which tokens are produced.
     */
    public static final Set<String> IGNORED_OPTIONS =
            Set.of("num_thread", "num_gpu", "main_gpu", "use_mmap", "use_mlock", "num_batch", "numa", "low_vram");

    /** Top-level fields whose object key order is kept as sent (see the class comment). */
    public static final Set<String> VERBATIM_ORDER_FIELDS = Set.of("format", "response_format", "tools");

    private static final String LATEST_TAG = ":latest";

    private final ObjectMapper mapper;

    /** A canonicalizer with a default {@link ObjectMapper}. */
    public RequestCanonicalizer() {
        this(new ObjectMapper());
    }

    /** A canonicalizer parsing raw bodies with {@code mapper}. */
    public RequestCanonicalizer(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The cache key of {@code request} sent to {@code endpoint}: SHA-256 of {@link #canonicalBytes}. */
    public CacheKey key(EndpointKind endpoint, JsonNode request) {
        MessageDigest digest = sha256();
        // Hashes while writing: the canonical bytes are never held in memory as a whole.
        write(new DigestOutputStream(OutputStream.nullOutputStream(), digest), endpoint, request, treeDigests(request));
        return new CacheKey(HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * The key of a chat request whose messages are given typed, every other field in {@code envelope}
     * (whose own {@code messages} is ignored): the same key as {@link #key(EndpointKind, JsonNode)} of the
     * whole request, without building a tree of the messages, which are most of a long conversation's
     * bytes; each message's digest comes from {@code digests}, which remembers the messages it has seen.
     * Only messages without {@code tool_calls} (their key order is kept, see the class comment); the caller
     * takes {@link #key(EndpointKind, JsonNode)} for the others.
     *
     * @throws IllegalArgumentException if a message has tool calls, or {@code envelope} has no {@code messages}
     */
    public CacheKey key(
            EndpointKind endpoint, JsonNode envelope, List<ChatMessage> messages, TypedMessageDigests digests) {
        if (!envelope.path("messages").isArray()) {
            throw new IllegalArgumentException("chat request envelope must have a 'messages' array, got: "
                    + envelope.path("messages").getNodeType());
        }
        MessageDigest digest = sha256();
        write(
                new DigestOutputStream(OutputStream.nullOutputStream(), digest),
                endpoint,
                envelope,
                digests.of(messages));
        return new CacheKey(HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * The cache key of a raw JSON request body.
     *
     * @throws IllegalArgumentException if {@code body} is not a JSON object
     */
    public CacheKey key(EndpointKind endpoint, byte[] body) {
        return key(endpoint, parse(body));
    }

    /** Parses a request body into a tree, rejecting anything that is not a JSON object. */
    public JsonNode parse(byte[] body) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "request body must be valid JSON, got " + body.length + " bytes that do not parse: "
                            + e.getMessage(),
                    e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(
                    "request body must be a JSON object, got: " + (tree == null ? "nothing" : tree.getNodeType()));
        }
        return tree;
    }

    /**
     * The canonical bytes of {@code request} (UTF-8 JSON) for {@code endpoint}.
     *
     * @throws IllegalArgumentException if {@code request} is not a JSON object
     */
    public byte[] canonicalBytes(EndpointKind endpoint, JsonNode request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, endpoint, request, treeDigests(request));
        return out.toByteArray();
    }

    /**
     * The digests of the tree's messages, taken before the canonical form's generator opens: a second generator
     * open at the same time finds the thread's recycled buffers taken and allocates its own (about 16 KB a key).
     */
    private List<String> treeDigests(JsonNode request) {
        if (!request.isObject() || !request.path("messages").isArray()) {
            return null;
        }
        try {
            return messageDigests(request.get("messages"));
        } catch (IOException e) {
            throw new UncheckedIOException("hashing in memory failed", e);
        }
    }

    /** {@code messageDigests}: the digests to write in place of the {@code messages} array (null when it has none). */
    private void write(OutputStream out, EndpointKind endpoint, JsonNode request, List<String> messageDigests) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(request, "request");
        if (!request.isObject()) {
            throw new IllegalArgumentException("request must be a JSON object, got: " + request.getNodeType());
        }
        try (JsonGenerator gen = mapper.getFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("endpoint", endpoint.name().toLowerCase(Locale.ROOT));
            gen.writeFieldName("request");
            writeRequest(gen, endpoint, request, messageDigests);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    private void writeRequest(JsonGenerator gen, EndpointKind endpoint, JsonNode request, List<String> messageDigests)
            throws IOException {
        gen.writeStartObject();
        for (String name : sortedNames(request)) {
            JsonNode value = request.get(name);
            if (value.isNull() || IGNORED_FIELDS.contains(name)) {
                continue;
            }
            gen.writeFieldName(name);
            if (name.equals("model") && value.isTextual()) {
                gen.writeString(normaliseModel(value.asText()));
            } else if (name.equals("options") && value.isObject()) {
                writeOptions(gen, value);
            } else if (name.equals("messages") && value.isArray()) {
                gen.writeStartArray();
                for (String messageDigest : messageDigests) {
                    gen.writeString(messageDigest);
                }
                gen.writeEndArray();
            } else if (VERBATIM_ORDER_FIELDS.contains(name)) {
                writeValue(gen, value, false);
            } else if (value.isTextual() && promotesToArray(endpoint, name)) {
                gen.writeStartArray();
                gen.writeString(value.asText());
                gen.writeEndArray();
            } else {
                writeValue(gen, value, true);
            }
        }
        gen.writeEndObject();
    }

    private static boolean promotesToArray(EndpointKind endpoint, String name) {
        return (endpoint == EndpointKind.EMBED && name.equals("input"))
                || (endpoint == EndpointKind.V1_CHAT && name.equals("stop"));
    }

    private void writeOptions(JsonGenerator gen, JsonNode options) throws IOException {
        gen.writeStartObject();
        for (String name : sortedNames(options)) {
            JsonNode value = options.get(name);
            if (!value.isNull() && !IGNORED_OPTIONS.contains(name)) {
                gen.writeFieldName(name);
                writeValue(gen, value, true);
            }
        }
        gen.writeEndObject();
    }

    /**
     * The hex SHA-256 of each message's canonical form (as {@link CanonicalMessage} writes a typed one), through
     * one generator and one digest: the generator is flushed after each message, which resets the digest.
     */
    private List<String> messageDigests(JsonNode messages) throws IOException {
        List<String> digests = new ArrayList<>(messages.size());
        MessageDigest digest = sha256();
        try (JsonGenerator gen =
                mapper.getFactory().createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
            gen.setRootValueSeparator(null); // the messages are hashed apart: nothing between them
            for (JsonNode message : messages) {
                writeMessage(gen, message);
                gen.flush();
                digests.add(HexFormat.of().formatHex(digest.digest()));
            }
        }
        return digests;
    }

    private void writeMessage(JsonGenerator gen, JsonNode message) throws IOException {
        if (!message.isObject()) {
            writeValue(gen, message, true);
            return;
        }
        gen.writeStartObject();
        for (String name : sortedNames(message)) {
            JsonNode value = message.get(name);
            if (value.isNull()) {
                continue;
            }
            gen.writeFieldName(name);
            if (name.equals("role") && value.isTextual()) {
                gen.writeString(value.asText().toLowerCase(Locale.ROOT));
            } else {
                writeValue(gen, value, !name.equals("tool_calls"));
            }
        }
        gen.writeEndObject();
    }

    private void writeValue(JsonGenerator gen, JsonNode value, boolean sortKeys) throws IOException {
        if (value.isObject()) {
            gen.writeStartObject();
            for (String name : sortKeys ? sortedNames(value) : namesInOrder(value)) {
                JsonNode member = value.get(name);
                if (!member.isNull()) {
                    gen.writeFieldName(name);
                    writeValue(gen, member, sortKeys);
                }
            }
            gen.writeEndObject();
        } else if (value.isArray()) {
            gen.writeStartArray();
            for (JsonNode element : value) {
                writeValue(gen, element, sortKeys);
            }
            gen.writeEndArray();
        } else if (value.isNumber()) {
            gen.writeNumber(canonicalNumber(value));
        } else {
            gen.writeTree(value);
        }
    }

    /** {@code 1}, {@code 1.0}, {@code 1e0} and {@code 1.00} all give {@code "1"}; {@code 10} gives {@code "1E+1"}. */
    static String canonicalNumber(JsonNode number) {
        if (number.isDouble() || number.isFloat()) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return number.asText();
            }
        }
        BigDecimal decimal = number.decimalValue();
        return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toString();
    }

    /** {@code llama3.2} becomes {@code llama3.2:latest}; a name with a tag is kept as it is. */
    static String normaliseModel(String model) {
        if (model.isEmpty()) {
            return model;
        }
        String lastSegment = model.substring(model.lastIndexOf('/') + 1);
        return lastSegment.indexOf(':') >= 0 ? model : model + LATEST_TAG;
    }

    private static List<String> sortedNames(JsonNode object) {
        List<String> names = namesInOrder(object);
        names.sort(null);
        return names;
    }

    private static List<String> namesInOrder(JsonNode object) {
        List<String> names = new ArrayList<>(object.size());
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            names.add(member.getKey());
        }
        return names;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** The canonical form as text, for logs and tests. */
    public String canonicalText(EndpointKind endpoint, JsonNode request) {
        return new String(canonicalBytes(endpoint, request), StandardCharsets.UTF_8);
    }
}
