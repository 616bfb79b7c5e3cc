package dev.ollamaperf.client.internal.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.client.CallControl;
import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.config.Endpoint;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.error.StreamErrorException;
import dev.ollamaperf.client.error.StreamTruncatedException;
import dev.ollamaperf.client.internal.codec.Codec;
import dev.ollamaperf.client.internal.codec.ErrorBodyException;
import dev.ollamaperf.client.internal.codec.JsonCodecException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.stream.StreamDecoder;
import dev.ollamaperf.client.transport.ForwardRequest;
import dev.ollamaperf.client.transport.StreamingResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * HTTP to one Ollama server over one shared OkHttp client: a connection pool and dispatcher sized to the
 * concurrency limit, timeouts from the config, responses decoded from the body stream, errors mapped to the sealed
 * {@code OllamaException} set.
 *
 * <p>Implementation notes: calls are synchronous on the caller's thread (the concurrency limiter bounds how many).
 * OkHttp's silent retry on connection failure is off: a POST must not be sent twice behind the retry policy's back.
 * The destructive endpoints ({@code pull}, {@code push}, {@code create}, {@code copy}, {@code delete},
 * {@code blobs}; see {@link DestructivePaths}) are refused here, however the path is spelled, so no caller of this
 * class can reach them. Thread-safe.
 */
public final class OllamaTransport implements AutoCloseable {

    private static final StreamAggregate EMPTY = new StreamAggregate(
            "", "", "", null, 0, 0, false, null, dev.ollamaperf.client.api.Metrics.NONE, -1, -1, -1, new long[0]);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int ERROR_BODY_LIMIT = 16 * 1024;
    private static final int MAX_CACHED_URLS = 32;

    private final Endpoint endpoint;
    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final String timeouts;
    private final ConcurrentHashMap<String, HttpUrl> postUrls = new ConcurrentHashMap<>();

    /** A transport for {@code config}'s endpoint, timeouts and concurrency limit. */
    public OllamaTransport(OllamaClientConfig config, OllamaCodecs codecs) {
        this(config.endpoint(), config, codecs);
    }

    /** A transport for one node of {@code config}'s fleet, with its timeouts and per-node concurrency limit. */
    public OllamaTransport(Endpoint node, OllamaClientConfig config, OllamaCodecs codecs) {
        this(
                node,
                newClient(config),
                codecs,
                "connect " + config.connectTimeout() + ", read " + config.readTimeout() + ", call "
                        + config.callTimeout());
    }

    OllamaTransport(Endpoint endpoint, OkHttpClient http, OllamaCodecs codecs, String timeouts) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.http = Objects.requireNonNull(http, "http");
        this.mapper = codecs.mapper();
        this.timeouts = timeouts;
    }

    private static OkHttpClient newClient(OllamaClientConfig config) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(Math.max(64, config.maxConcurrent() * 2));
        dispatcher.setMaxRequestsPerHost(Math.max(5, config.maxConcurrent()));
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(config.maxConcurrent(), 5, TimeUnit.MINUTES))
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .callTimeout(config.callTimeout())
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    /**
     * A transport to the same server sharing this one's connection pool, with other timeouts (used by health checks,
     * which must fail fast). Closing it releases nothing shared.
     */
    public OllamaTransport withTimeouts(java.time.Duration connect, java.time.Duration read, java.time.Duration call) {
        OkHttpClient quick = http.newBuilder()
                .connectTimeout(connect)
                .readTimeout(read)
                .callTimeout(call)
                .build();
        return new OllamaTransport(endpoint, quick, mapper, "connect " + connect + ", read " + read + ", call " + call);
    }

    private OllamaTransport(Endpoint endpoint, OkHttpClient http, ObjectMapper mapper, String timeouts) {
        this.endpoint = endpoint;
        this.http = http;
        this.mapper = mapper;
        this.timeouts = timeouts;
    }

    /** The server this transport talks to. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** {@code GET path}, decoded with {@code responseCodec}. */
    public <T> T get(String path, Codec<T> responseCodec) {
        Request request = new Request.Builder().url(url(path)).get().build();
        return execute(request, responseCodec);
    }

    /** {@code POST path} with a JSON body, the response decoded with {@code responseCodec}. */
    public <Q, T> T post(String path, Codec<Q> requestCodec, Q body, Codec<T> responseCodec) {
        Request request = new Request.Builder()
                .url(url(path))
                .post(RequestBody.create(requestCodec.encode(body), JSON))
                .build();
        return execute(request, responseCodec);
    }

    /**
     * {@code POST path} whose 200 body is read incrementally by the caller, who must close the result. A non-200
     * status is read and thrown as its typed exception before anything is returned.
     */
    public StreamingResponse postStreaming(String path, byte[] jsonBody) {
        Call call = newPost(path, jsonBody);
        return new OkHttpStreamingResponse(call, open(call));
    }

    private Call newPost(String path, byte[] jsonBody) {
        return http.newCall(new Request.Builder()
                .url(postUrl(path))
                .post(RequestBody.create(jsonBody, JSON))
                .build());
    }

    /**
     * Sends {@code request} as it is and returns the open response, whatever its status (a proxy passes errors
     * through), for the caller to read and close. Nothing is retried or decoded. A destructive path is refused
     * before anything is sent, however it is spelled.
     *
     * @throws IllegalArgumentException for a destructive path
     * @throws dev.ollamaperf.client.error.OllamaException when no response arrived (timeout, connection failed)
     * @throws CancellationException when the call was cancelled or the thread interrupted
     */
    public StreamingResponse forward(ForwardRequest request) {
        String url = url(request.path()) + (request.query().isEmpty() ? "" : "?" + request.query());
        // The body has no media type, so OkHttp leaves the caller's Content-Type header as it was sent (with one,
        // OkHttp writes the header itself from the parsed type, and drops a type it cannot parse).
        RequestBody body = request.hasBody() ? RequestBody.create(request.body(), (MediaType) null) : null;
        Request.Builder builder = new Request.Builder().url(url).method(request.method(), body);
        request.headers().forEach(builder::header);
        Call call = http.newCall(builder.build());
        try {
            return new OkHttpStreamingResponse(call, call.execute());
        } catch (IOException e) {
            throw failure(call, e);
        }
    }

    /**
     * {@code POST path} and decode the streamed 200 body with {@code decoder} as it arrives.
     *
     * <p>Failures: a non-200 status or an I/O failure before any chunk is its typed exception (timeout,
     * connection failed...); an I/O failure after a chunk is {@link StreamTruncatedException} with what arrived;
     * a cancellation through {@code control} is {@link CancellationException}. After the final chunk the rest of
     * the body is drained so the connection can be reused.
     */
    public StreamAggregate stream(String path, byte[] jsonBody, StreamDecoder decoder, CallControl control) {
        if (control.isCancelled()) {
            throw new CancellationException("call to " + path + " was cancelled");
        }
        Call call = newPost(path, jsonBody);
        // Registered before the request is sent, so a cancel also ends an attempt still waiting for Ollama's
        // first byte (a long prefill), not only one already streaming.
        try (CallControl.Registration cancelling = control.onCancel(call::cancel);
                Response response = open(call)) {
            // Decoded in place from OkHttp's own buffer: no read buffer of ours, no copy. Each request(1) is one
            // read from the body (at most one segment, one HTTP chunk of a chunked body), as InputStream.read was.
            BufferedSource source = response.body().source();
            Buffer buffered = source.getBuffer();
            Buffer.UnsafeCursor cursor = new Buffer.UnsafeCursor();
            try {
                while (!decoder.isDone() && source.request(1)) {
                    feedBuffered(buffered, cursor, decoder);
                }
                if (decoder.isDone()) {
                    drain(source);
                }
            } catch (IOException e) {
                if (control.isCancelled() || cancelledByCaller(call, e)) {
                    throw new CancellationException("call to " + path + " was cancelled after "
                            + decoder.partial().chunkCount() + " chunks");
                }
                if (decoder.partial().chunkCount() == 0) {
                    throw mapIo(e);
                }
                throw new StreamTruncatedException(decoder.partial(), e);
            }
            return decoder.finish();
        }
    }

    /** Feeds every byte buffered in {@code buffered} to {@code decoder}, segment by segment, and consumes it. */
    private static void feedBuffered(Buffer buffered, Buffer.UnsafeCursor cursor, StreamDecoder decoder)
            throws IOException {
        while (buffered.size() > 0 && !decoder.isDone()) {
            int n;
            buffered.readUnsafe(cursor);
            try {
                n = cursor.seek(0);
                decoder.feed(cursor.data, cursor.start, n);
            } finally {
                cursor.close();
            }
            buffered.skip(n);
        }
    }

    /**
     * {@code call}'s I/O failure as the exception to throw: a cancellation when its caller cancelled it, else
     * {@link #mapIo}.
     */
    private RuntimeException failure(Call call, IOException e) {
        if (cancelledByCaller(call, e)) {
            CancellationException c =
                    new CancellationException("call to " + call.request().url() + " was cancelled");
            c.initCause(e);
            return c;
        }
        return mapIo(e);
    }

    /** OkHttp cancels a call whose call timeout fired as well: that one failed with a timeout, no one cancelled it. */
    private static boolean cancelledByCaller(Call call, IOException e) {
        return call.isCanceled() && !ErrorMapper.isTimeout(e);
    }

    /**
     * An I/O failure as the exception to throw: an interrupted thread is a cancellation (never retried), anything
     * else is mapped by {@link ErrorMapper#forIo}.
     */
    private RuntimeException mapIo(IOException e) {
        boolean interrupted = Thread.currentThread().isInterrupted()
                || (e instanceof java.io.InterruptedIOException && !ErrorMapper.isTimeout(e));
        if (interrupted) {
            CancellationException c = new CancellationException("call to " + endpoint.baseUrl() + " was interrupted");
            c.initCause(e);
            return c;
        }
        return ErrorMapper.forIo(e, endpoint.baseUrl(), timeouts);
    }

    private static void drain(BufferedSource source) {
        try {
            while (source.request(1)) {
                // Ollama closes the stream right after the final chunk; this only reads the chunked terminator
                source.getBuffer().clear();
            }
        } catch (IOException e) {
            // the answer is complete; the connection just will not be reused
        }
    }

    private <T> T execute(Request request, Codec<T> responseCodec) {
        Call call = http.newCall(request);
        try (Response response = open(call)) {
            return responseCodec.decode(response.body().byteStream());
        } catch (JsonCodecException e) {
            if (e.getCause() instanceof IOException io
                    && !(e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException)) {
                throw failure(call, io);
            }
            if (call.isCanceled()) {
                throw new CancellationException("call to " + request.url() + " was cancelled");
            }
            // a 200 whose body is Ollama's error object, or is not the expected JSON
            String message = e instanceof ErrorBodyException body ? body.serverMessage() : e.getMessage();
            throw new StreamErrorException(message, EMPTY, e);
        }
    }

    private Response open(Call call) {
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            throw failure(call, e);
        }
        if (response.isSuccessful()) {
            return response;
        }
        try (response) {
            throw ErrorMapper.forStatus(response.code(), errorBody(response.body()), mapper);
        }
    }

    private static byte[] errorBody(ResponseBody body) {
        try {
            okio.BufferedSource source = body.source();
            source.request(ERROR_BODY_LIMIT); // reads until the limit or the end of the body
            return source.getBuffer().readByteArray(Math.min(source.getBuffer().size(), ERROR_BODY_LIMIT));
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    /**
     * The URL of {@code path}, refused when it addresses a destructive endpoint. The check is on the normalized
     * path because OkHttp resolves dot segments and the server percent-decodes: a check on the text as written
     * would let {@code /api/generate/../pull} through.
     */
    private String url(String path) {
        if (DestructivePaths.isDestructive(path)) {
            throw new IllegalArgumentException("path '" + path + "' is the destructive Ollama endpoint '"
                    + PathNormalizer.normalize(path) + "'; this client never calls pull, push, create, copy, delete "
                    + "or blobs");
        }
        return endpoint.url(path);
    }

    /**
     * The parsed URL of a POST path: the typed calls post to a handful of fixed paths, and parsing the URL text
     * again on every call (host canonicalization included) cost about 1 KB per streamed call. Paths are checked
     * by {@link #url} before they are cached; at most {@link #MAX_CACHED_URLS} are kept.
     */
    private HttpUrl postUrl(String path) {
        HttpUrl cached = postUrls.get(path);
        if (cached != null) {
            return cached;
        }
        HttpUrl parsed = HttpUrl.get(url(path));
        if (postUrls.size() < MAX_CACHED_URLS) {
            postUrls.putIfAbsent(path, parsed);
        }
        return parsed;
    }

    /** Releases pooled connections and the dispatcher's threads. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
