package dev.ollamaperf.emulator.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * Aggregates request bodies up to a bound; a larger body gets 413 with a JSON error and the
 * connection is closed (its remaining bytes are not read).
 */
final class BoundedAggregator extends HttpObjectAggregator {

    private final int maxBytes;

    BoundedAggregator(int maxBytes) {
        super(maxBytes, true); // close after refusing an Expect: 100-continue request
        this.maxBytes = maxBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.writeAndFlush(tooLarge()).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * A request with {@code Expect: 100-continue} and a too-large Content-Length (curl sends one
     * for bodies over 1 KiB) is refused here, before its body is sent; Netty's own refusal has an
     * empty body, ours has the JSON error. A 4xx here also makes the aggregator close afterwards.
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse
                && ((HttpResponse) response).status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            ReferenceCountUtil.release(response);
            return tooLarge();
        }
        return response;
    }

    private FullHttpResponse tooLarge() {
        byte[] body = JsonSupport.error("request body too large: the limit is " + maxBytes + " bytes");
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ModelEndpoints.JSON);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
