package dev.ollamaperf.benchmarks.call;

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
import java.util.function.Function;

/**
 * The clients whose complete streaming chat call is compared, each set up once against the same
 * loopback server and asked the same question; each call returns the streamed answer's text.
 */
public enum ChatClient {

    /** ollama-perf's client (cache off: a call, not a hit), with its limiter, metrics and retry policy. */
    OURS(Ours::new),
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
