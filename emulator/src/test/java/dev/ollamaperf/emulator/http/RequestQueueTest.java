package dev.ollamaperf.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests handled one per task on a real single-thread executor, behind the tasks queued meanwhile. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
final class RequestQueueTest {

    @Test
    void add_taskQueuedWhileARequestIsHandled_runsBeforeTheNextRequest() throws Exception {
        EventExecutor loop = new DefaultEventExecutor();
        try {
            RequestQueue queue = new RequestQueue(loop);
            List<String> order = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            loop.execute(() -> {
                // as in one read pass: three requests read before any of them is handled
                queue.add(() -> {
                    order.add("request 1");
                    loop.execute(() -> order.add("token")); // as the engine's thread hands a token to the loop
                });
                queue.add(() -> order.add("request 2"));
                queue.add(() -> {
                    order.add("request 3");
                    done.countDown();
                });
            });

            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(order).containsExactly("request 1", "token", "request 2", "request 3");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
