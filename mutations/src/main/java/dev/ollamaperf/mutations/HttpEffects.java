package dev.ollamaperf.mutations;

import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The advice's calls that use OkHttp, apart from {@link Effects} so that only the mutation that needs OkHttp loads
 * it (from the integration's class path, never from the agent jar).
 */
public final class HttpEffects {

    private HttpEffects() {}

    /**
     * {@code client} with a connection pool that keeps no idle connection: every upstream call opens a new TCP
     * connection, the bug of a pool configured with 0 idle connections (or a client built per call).
     */
    public static OkHttpClient withoutKeepAlive(OkHttpClient client) {
        return client.newBuilder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .build();
    }
}
