package dev.ollamaperf.emulator.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes the profile catalogue's JSON format (see {@link ModelCatalogue}); read errors name file,
 * profile and field. {@link #write} emits exactly the fields {@link #read} accepts, so a written file reads back
 * to equal profiles.
 */
final class ProfileJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Set<String> FIELDS = Set.of("name", "family", "parameterSize", "quantizationLevel",
            "sizeBytes", "trainedContextLength", "kvBytesPerToken", "loadTime", "promptTokensPerSecond",
            "promptOverhead", "generationTokensPerSecond", "jitter", "serialFraction", "outputTokensMean",
            "outputTokensStdDev", "capabilities", "embeddingLength", "source", "comment");

    private ProfileJson() {
    }

    /**
     * Writes profiles as {@code {"comment":[...],"profiles":[...]}}, fields in the catalogue's order,
     * durations as Go strings, {@code embeddingLength} only when it is above 0.
     */
    static void write(List<ModelProfile> profiles, List<String> comment, OutputStream out) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        if (!comment.isEmpty()) {
            ArrayNode lines = root.putArray("comment");
            comment.forEach(lines::add);
        }
        ArrayNode array = root.putArray("profiles");
        for (ModelProfile p : profiles) {
            ObjectNode node = array.addObject();
            node.put("name", p.name());
            node.put("family", p.family());
            node.put("parameterSize", p.parameterSize());
            node.put("quantizationLevel", p.quantizationLevel());
            node.put("sizeBytes", p.sizeBytes());
            node.put("trainedContextLength", p.trainedContextLength());
            node.put("kvBytesPerToken", p.kvBytesPerToken());
            node.put("loadTime", GoDuration.format(p.loadTime()));
            node.put("promptTokensPerSecond", p.promptTokensPerSecond());
            node.put("promptOverhead", GoDuration.format(p.promptOverhead()));
            node.put("generationTokensPerSecond", p.generationTokensPerSecond());
            node.put("jitter", p.jitter());
            node.put("serialFraction", p.serialFraction());
            node.put("outputTokensMean", p.outputTokensMean());
            node.put("outputTokensStdDev", p.outputTokensStdDev());
            ArrayNode capabilities = node.putArray("capabilities");
            p.capabilities().forEach(capabilities::add);
            if (p.embeddingLength() > 0) {
                node.put("embeddingLength", p.embeddingLength());
            }
            node.put("source", p.source());
        }
        MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(out, root);
    }

    static List<ModelProfile> read(InputStream in, String sourceName) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("profile file " + sourceName + ": not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        JsonNode array = root;
        if (root != null && root.isObject()) {
            array = root.get("profiles");
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("profile file " + sourceName
                    + ": must be a JSON array of profiles or an object with a \"profiles\" array");
        }
        List<ModelProfile> profiles = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            profiles.add(readProfile(array.get(i), sourceName + ": profiles[" + i + "]"));
        }
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("profile file " + sourceName + ": must hold at least one profile");
        }
        return profiles;
    }

    private static ModelProfile readProfile(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("profile file " + where + ": must be a JSON object, got: " + node);
        }
        String named = node.hasNonNull("name") ? where + " ('" + node.get("name").asText() + "')" : where;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("profile file " + named + ": unknown field '" + field
                        + "'; known: " + new java.util.TreeSet<>(FIELDS));
            }
        }
        Fields f = new Fields(node, named);
        try {
            return new ModelProfile(f.text("name"), f.text("family"), f.text("parameterSize"),
                    f.text("quantizationLevel"), f.whole("sizeBytes"), (int) f.whole("trainedContextLength"),
                    f.whole("kvBytesPerToken"), f.duration("loadTime"), f.number("promptTokensPerSecond"),
                    f.duration("promptOverhead"), f.number("generationTokensPerSecond"), f.number("jitter"),
                    f.number("serialFraction"), (int) f.whole("outputTokensMean"),
                    (int) f.whole("outputTokensStdDev"), f.texts("capabilities"),
                    (int) f.optionalWhole("embeddingLength"), f.text("source"));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("profile file ")) {
                throw e;
            }
            throw new IllegalArgumentException("profile file " + named + ": " + e.getMessage(), e);
        }
    }

    /** Typed access to one profile object's fields, with errors that name the field. */
    private static final class Fields {
        private final JsonNode node;
        private final String where;

        Fields(JsonNode node, String where) {
            this.node = node;
            this.where = where;
        }

        private JsonNode required(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                throw fail(field, "is required", "nothing");
            }
            return value;
        }

        String text(String field) {
            JsonNode value = required(field);
            if (!value.isTextual()) {
                throw fail(field, "must be a string", value.toString());
            }
            return value.asText();
        }

        long whole(String field) {
            JsonNode value = required(field);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw fail(field, "must be a whole number", value.toString());
            }
            long result = value.asLong();
            if (!field.endsWith("Bytes") && (result > Integer.MAX_VALUE || result < Integer.MIN_VALUE)) {
                throw fail(field, "must fit in an int", value.toString());
            }
            return result;
        }

        long optionalWhole(String field) {
            return node.hasNonNull(field) ? whole(field) : 0;
        }

        double number(String field) {
            JsonNode value = required(field);
            if (!value.isNumber()) {
                throw fail(field, "must be a number", value.toString());
            }
            return value.asDouble();
        }

        Duration duration(String field) {
            JsonNode value = required(field);
            if (!value.isTextual()) {
                throw fail(field, "must be a duration string like \"6.2s\" or \"150ms\"", value.toString());
            }
            try {
                return GoDuration.parse(value.asText());
            } catch (IllegalArgumentException e) {
                throw fail(field, "must be a duration string like \"6.2s\" or \"150ms\" (" + e.getMessage() + ")",
                        value.toString());
            }
        }

        List<String> texts(String field) {
            JsonNode value = required(field);
            if (!value.isArray()) {
                throw fail(field, "must be an array of strings", value.toString());
            }
            List<String> result = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw fail(field, "must be an array of strings", value.toString());
                }
                result.add(item.asText());
            }
            return result;
        }

        private IllegalArgumentException fail(String field, String rule, String got) {
            return new IllegalArgumentException("profile file " + where + ": field '" + field + "' " + rule
                    + ", got: " + got);
        }
    }
}
