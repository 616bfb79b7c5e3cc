package dev.ollamaperf.client.internal.transport;

import dev.ollamaperf.client.transport.StreamingResponse;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.Response;

/**
 * The {@link StreamingResponse} over an OkHttp call: always a 200 from the streaming calls, any status from
 * {@link OllamaTransport#forward}.
 */
final class OkHttpStreamingResponse implements StreamingResponse {

    private final Call call;
    private final Response response;

    OkHttpStreamingResponse(Call call, Response response) {
        this.call = call;
        this.response = response;
    }

    @Override
    public int status() {
        return response.code();
    }

    @Override
    public Map<String, List<String>> headers() {
        return response.headers().toMultimap();
    }

    @Override
    public long contentLength() {
        return response.body().contentLength();
    }

    @Override
    public InputStream body() {
        return response.body().byteStream();
    }

    @Override
    public String contentType() {
        String ct = response.header("Content-Type");
        return ct == null ? "" : ct;
    }

    @Override
    public void cancel() {
        call.cancel();
    }

    @Override
    public boolean isCanceled() {
        return call.isCanceled();
    }

    @Override
    public void close() {
        response.close();
    }
}
