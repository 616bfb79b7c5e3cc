package dev.ollamaperf.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.results.TrafficRecord.TrafficMessage;
import dev.ollamaperf.results.TrafficRecord.TrafficOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The facts a traffic log line takes from a model request's body (its JSON tree, as sent): the stream flag, the
 * options that shape the work, the message count, the session and, when the text is logged, the messages.
 *
 * <p>The session is what makes the turns of one conversation recognisable without their text: a chat client
 * resends the whole conversation each turn, so its opening (the first {@code system} message, if any, and the first
 * {@code user} message) is the same in every turn, and differs between conversations that open differently. Its
 * hash (SHA-256, the first {@value #SESSION_HEX_DIGITS} hex digits) is the session. Two conversations that open
 * with the same words share a session; that is the price of not logging the text.
 */
final class TrafficRequests {

    static final int SESSION_HEX_DIGITS = 16;
    private static final String GENERATE = "/api/generate";
    private static final String EMBED = "/api/embed";
    private static final String V1_CHAT = "/v1/chat/completions";

    private TrafficRequests() {}

    /** The stream flag with the endpoint's default: true for native chat and generate, false otherwise. */
    static boolean stream(String endpoint, JsonNode tree) {
        boolean nativeStreams = endpoint.equals("/api/chat") || endpoint.equals(GENERATE);
        return tree.path("stream").asBoolean(nativeStreams);
    }

    /** {@code num_predict}, {@code num_ctx}, {@code temperature} and {@code seed} as sent; v1's max tokens as num_predict. */
    static TrafficOptions options(String endpoint, JsonNode tree) {
        if (endpoint.equals(V1_CHAT)) {
            JsonNode max = tree.has("max_tokens") ? tree.path("max_tokens") : tree.path("max_completion_tokens");
            return new TrafficOptions(whole(max), null, number(tree.path("temperature")), whole(tree.path("seed")));
        }
        JsonNode o = tree.path("options");
        return new TrafficOptions(
                whole(o.path("num_predict")),
                whole(o.path("num_ctx")),
                number(o.path("temperature")),
                whole(o.path("seed")));
    }

    /** Messages sent: chat's, 1 for generate, null for embeddings. */
    static Integer messageCount(String endpoint, JsonNode tree) {
        if (endpoint.equals(EMBED)) {
            return null;
        }
        if (endpoint.equals(GENERATE)) {
            return 1;
        }
        return tree.path("messages").size();
    }

    /** The session (see the class comment); null for embeddings. */
    static String session(String endpoint, JsonNode tree) {
        if (endpoint.equals(EMBED)) {
            return null;
        }
        String system = "";
        String user = "";
        if (endpoint.equals(GENERATE)) {
            system = tree.path("system").asText("");
            user = tree.path("prompt").asText("");
        } else {
            for (JsonNode m : tree.path("messages")) {
                String role = m.path("role").asText("");
                if (role.equals("system") && system.isEmpty()) {
                    system = content(m.path("content"));
                } else if (role.equals("user")) {
                    user = content(m.path("content"));
                    break;
                }
            }
        }
        return sha256Prefix("system\u0000" + system + "\u0000user\u0000" + user);
    }

    /** The messages, for a line with text: generate as system then user, embeddings' inputs as user messages. */
    static List<TrafficMessage> messages(String endpoint, JsonNode tree) {
        List<TrafficMessage> messages = new ArrayList<>();
        if (endpoint.equals(GENERATE)) {
            if (tree.hasNonNull("system")) {
                messages.add(new TrafficMessage("system", tree.path("system").asText("")));
            }
            messages.add(new TrafficMessage("user", tree.path("prompt").asText("")));
        } else if (endpoint.equals(EMBED)) {
            JsonNode input = tree.path("input");
            for (JsonNode one : input.isArray() ? input : List.of(input)) {
                messages.add(new TrafficMessage("user", one.asText("")));
            }
        } else {
            for (JsonNode m : tree.path("messages")) {
                messages.add(new TrafficMessage(m.path("role").asText(""), content(m.path("content"))));
            }
        }
        return messages;
    }

    /** A message's text: a string, or (v1) the text parts of an array joined. */
    private static String content(JsonNode content) {
        if (!content.isArray()) {
            return content.asText("");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }

    private static Long whole(JsonNode n) {
        return n.isIntegralNumber() ? n.asLong() : null;
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, SESSION_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
