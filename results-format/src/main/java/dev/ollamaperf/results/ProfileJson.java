package dev.ollamaperf.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and writes {@link ProfileFile}: the writer emits exactly the fields the reader accepts, so a written file
 * reads back equal. Read errors name the file, the profile and the field, and say what the field must be:
 * {@code profile file F: profiles[0] ('m'): field 'sizeBytes' must be a whole number, got: "big"}.
 */
final class ProfileJson {

    /** Thread-safe once configured; never reconfigured. Component order, camelCase names. */
    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static final Set<String> FIELDS = Set.of(
            "name",
            "family",
            "parameterSize",
            "quantizationLevel",
            "sizeBytes",
            "trainedContextLength",
            "kvBytesPerToken",
            "loadTime",
            "promptTokensPerSecond",
            "promptOverhead",
            "generationTokensPerSecond",
            "jitter",
            "serialFraction",
            "outputTokensMean",
            "outputTokensStdDev",
            "thinkingTokensMedian",
            "thinkingTokensSpread",
            "capabilities",
            "embeddingLength",
            "source",
            "cachedPromptTokenCost",
            "comment");

    private ProfileJson() {}

    static String write(ProfileFile file) throws JsonProcessingException {
        return MAPPER.writeValueAsString(file) + "\n";
    }

    static ProfileFile read(InputStream in, String sourceName) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "profile file " + sourceName + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode array = root;
        List<String> comment = new ArrayList<>();
        if (root != null && root.isObject()) {
            array = root.get("profiles");
            comment(root.get("comment"), comment);
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("profile file " + sourceName
                    + ": must be a JSON array of profiles or an object with a \"profiles\" array");
        }
        List<ProfileFile.Profile> profiles = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            profiles.add(profile(array.get(i), sourceName + ": profiles[" + i + "]"));
        }
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("profile file " + sourceName + ": must hold at least one profile");
        }
        return new ProfileFile(comment, profiles);
    }

    /** A top-level comment is a line or a list of lines; anything else is a note for people and ignored. */
    private static void comment(JsonNode node, List<String> lines) {
        if (node != null && node.isTextual()) {
            lines.add(node.asText());
        } else if (node != null && node.isArray()) {
            node.forEach(line -> lines.add(line.asText()));
        }
    }

    private static ProfileFile.Profile profile(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("profile file " + where + ": must be a JSON object, got: " + node);
        }
        String named =
                node.hasNonNull("name") ? where + " ('" + node.get("name").asText() + "')" : where;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                        "profile file " + named + ": unknown field '" + field + "'; known: " + new TreeSet<>(FIELDS));
            }
        }
        Fields f = new Fields(node, named);
        return new ProfileFile.Profile(
                f.text("name"),
                f.text("family"),
                f.text("parameterSize"),
                f.text("quantizationLevel"),
                f.whole("sizeBytes"),
                (int) f.whole("trainedContextLength"),
                f.whole("kvBytesPerToken"),
                f.text("loadTime", "a duration string like \"6.2s\" or \"150ms\""),
                f.number("promptTokensPerSecond"),
                f.text("promptOverhead", "a duration string like \"6.2s\" or \"150ms\""),
                f.number("generationTokensPerSecond"),
                f.number("jitter"),
                f.number("serialFraction"),
                (int) f.whole("outputTokensMean"),
                (int) f.whole("outputTokensStdDev"),
                (int) f.optionalWhole("thinkingTokensMedian"),
                f.optionalNumber("thinkingTokensSpread"),
                f.texts("capabilities"),
                (int) f.optionalWhole("embeddingLength"),
                f.text("source"),
                f.optionalNumber("cachedPromptTokenCost"));
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
            return text(field, "a string");
        }

        String text(String field, String what) {
            JsonNode value = required(field);
            if (!value.isTextual()) {
                throw fail(field, "must be " + what, value.toString());
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

        double optionalNumber(String field) {
            return node.hasNonNull(field) ? number(field) : 0;
        }

        double number(String field) {
            JsonNode value = required(field);
            if (!value.isNumber()) {
                throw fail(field, "must be a number", value.toString());
            }
            return value.asDouble();
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
            return new IllegalArgumentException(
                    "profile file " + where + ": field '" + field + "' " + rule + ", got: " + got);
        }
    }
}
