package dev.ollamaperf.benchmarks.call;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.StreamListener;
import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.config.OllamaClientConfig;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The clients whose complete streaming chat call is compared, each set up once against the same
 * loopback server and asked the same question; each call returns the streamed answer's text.
 */
public enum ChatClient {

    /**
     * ollama-perf's client (cache off: a call, not a hit), with its limiter, metrics and retry policy, asked for the
     * answer only ({@code StreamListener.ignoring()}): the aggregate's text, per-chunk arrival times and metrics.
     */
    OURS(Ours::new),
    /**
     * ollama-perf's client as {@link #OURS}, with a listener that takes each chunk's content (as the lean floor's
     * callback takes each token): every chunk is decoded into the {@code ChatResponse} the listener is handed.
     */
    OURS_LISTENER(OursListening::new),
    /**
     * The floor: OkHttp (one client, one pooled connection) and one Jackson streaming {@code JsonParser} over the
     * whole response body, handing each token's content to a callback; no tree, no per-line string, no metrics.
     */
    LEAN(Lean::new),
    /** Baseline: the JDK HttpClient and a plain Jackson ObjectMapper reading each line as a tree. */
    JACKSON(JacksonBaseline::new),
    /** io.github.ollama4j 1.1.6, {@code Ollama.chat} with a token handler. */
    OLLAMA4J(Ollama4j::new),
    /** dev.langchain4j:langchain4j-ollama 1.18.1, {@code OllamaStreamingChatModel}. */
    LANGCHAIN4J(LangChain4j::new);

    static final String MODEL = "llama3.2:latest";
    static final String QUESTION = "Why is the sky blue? Answer in one paragraph.";

    private final Function<URI, Call> factory;

    ChatClient(Function<URI, Call> factory) {
        this.factory = factory;
    }

    /** This client, set up for the server at {@code baseUri}. */
    public Call connect(URI baseUri) {
        return factory.apply(baseUri);
    }

    /** One configured client. */
    public interface Call extends AutoCloseable {
        /** Streams one chat answer and returns its text. */
        String chat();

        @Override
        default void close() {}
    }

    private static final class Ours implements Call {
        private final OllamaClient client;
        private final ChatRequest request = ChatRequest.of(MODEL, List.of(ChatMessage.user(QUESTION)));

        Ours(URI baseUri) {
            client = OllamaClient.create(OllamaClientConfig.builder()
                    .endpoint(baseUri.toString())
                    .noCache()
                    .build());
        }

        @Override
        public String chat() {
            return client.chat(request, StreamListener.ignoring()).text();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private static final class OursListening implements Call {
        private final Ours ours;

        OursListening(URI baseUri) {
            ours = new Ours(baseUri);
        }

        @Override
        public String chat() {
            StringBuilder text = new StringBuilder();
            ours.client.chat(
                    ours.request,
                    (chunk, arrival) -> text.append(chunk.message().content()));
            return text.toString();
        }

        @Override
        public void close() {
            ours.close();
        }
    }

    private static final class Lean implements Call {
        private final OkHttpClient http = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(1, 5, TimeUnit.MINUTES))
                .build();
        private final JsonFactory json = new JsonFactory();
        private final Request request;

        Lean(URI baseUri) {
            StringWriter body = new StringWriter();
            try (JsonGenerator g = json.createGenerator(body)) {
                g.writeStartObject();
                g.writeStringField("model", MODEL);
                g.writeArrayFieldStart("messages");
                g.writeStartObject();
                g.writeStringField("role", "user");
                g.writeStringField("content", QUESTION);
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            request = new Request.Builder()
                    .url(baseUri.resolve("/api/chat").toString())
                    .post(RequestBody.create(
                            body.toString().getBytes(StandardCharsets.UTF_8), MediaType.get("application/json")))
                    .build();
        }

        @Override
        public String chat() {
            StringBuilder text = new StringBuilder();
            stream(text::append);
            return text.toString();
        }

        /** Hands each chunk's {@code message.content} to {@code tokens}, in order. */
        private void stream(Consumer<String> tokens) {
            try (Response response = http.newCall(request).execute();
                    JsonParser p = json.createParser(response.body().byteStream())) {
                if (!response.isSuccessful()) {
                    throw new IllegalStateException("HTTP " + response.code());
                }
                // The NDJSON lines are a sequence of root-level objects to one parser.
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken value = p.nextToken();
                        if (field.equals("message") && value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String inner = p.currentName();
                                p.nextToken();
                                if (inner.equals("content")) {
                                    tokens.accept(p.getText());
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static final class JacksonBaseline implements Call {
        private final HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final ObjectMapper mapper = new ObjectMapper();
        private final ObjectReader reader = mapper.readerFor(JsonNode.class);
        private final HttpRequest request;

        JacksonBaseline(URI baseUri) {
            try {
                byte[] body = mapper.writeValueAsBytes(mapper.createObjectNode()
                        .put("model", MODEL)
                        .set(
                                "messages",
                                mapper.createArrayNode()
                                        .add(mapper.createObjectNode()
                                                .put("role", "user")
                                                .put("content", QUESTION))));
                request = HttpRequest.newBuilder(baseUri.resolve("/api/chat"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String chat() {
            StringBuilder text = new StringBuilder();
            try (InputStream in = http.send(request, HttpResponse.BodyHandlers.ofInputStream())
                            .body();
                    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    text.append(reader.readTree(line)
                            .path("message")
                            .path("content")
                            .asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return text.toString();
        }
    }

    private static final class Ollama4j implements Call {
        private final Ollama ollama;

        Ollama4j(URI baseUri) {
            ollama = new Ollama(baseUri.toString());
            ollama.setRequestTimeoutSeconds(30);
        }

        @Override
        public String chat() {
            StringBuilder text = new StringBuilder();
            OllamaChatRequest request = OllamaChatRequest.builder()
                    .withModel(MODEL)
                    .withMessage(OllamaChatMessageRole.USER, QUESTION)
                    .withStreaming()
                    .build();
            try {
                ollama.chat(request, chunk -> {
                    if (chunk.getMessage() != null) {
                        text.append(chunk.getMessage().getResponse());
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException("ollama4j chat failed", e);
            }
            return text.toString();
        }
    }

    private static final class LangChain4j implements Call {
        private final OllamaStreamingChatModel model;

        LangChain4j(URI baseUri) {
            model = OllamaStreamingChatModel.builder()
                    .baseUrl(baseUri.toString())
                    .modelName(MODEL)
                    .timeout(Duration.ofSeconds(30))
                    .build();
        }

        @Override
        public String chat() {
            CompletableFuture<String> answer = new CompletableFuture<>();
            model.chat(QUESTION, new StreamingChatResponseHandler() {
                @Override
                public void onCompleteResponse(ChatResponse response) {
                    answer.complete(response.aiMessage().text());
                }

                @Override
                public void onError(Throwable error) {
                    answer.completeExceptionally(error);
                }
            });
            try {
                return answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("langchain4j chat failed", e.getCause());
            }
        }
    }
}
