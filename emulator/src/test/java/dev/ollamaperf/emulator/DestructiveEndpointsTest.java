package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.emulator.engine.FaultPlan;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** pull, push, create, copy, delete and blobs change nothing and are counted. */
@Timeout(30)
final class DestructiveEndpointsTest {

    @Test
    void destructiveCalls_areRefusedCountedAndChangeNothing() {
        try (Emulator emulator = TestProfiles.start(TestProfiles.settings(1, FaultPlan.NONE))) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            String tagsBefore = http.get("/api/tags").body();
            String[][] calls = {
                {"POST", "/api/pull", "{\"model\":\"fast\"}"},
                {"POST", "/api/push", "{\"model\":\"fast\"}"},
                {"POST", "/api/create", "{\"model\":\"new\",\"from\":\"fast\"}"},
                {"POST", "/api/copy", "{\"source\":\"fast\",\"destination\":\"copy\"}"},
                {"DELETE", "/api/delete", "{\"model\":\"fast\"}"},
                {"POST", "/api/blobs/sha256:abc", "x"},
                {"HEAD", "/api/blobs/sha256:abc", ""},
            };
            for (String[] call : calls) {
                HttpResponse<String> response = http.send(call[0], call[1], call[2]);
                assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(403);
                if (!call[0].equals("HEAD")) {
                    assertThat(OllamaHttp.parse(response.body()).get("error").asText())
                            .contains("refuses destructive calls");
                }
            }
            assertThat(http.get("/api/tags").body()).isEqualTo(tagsBefore);
            assertThat(http.post("/api/show", "{\"model\":\"fast\"}").statusCode())
                    .isEqualTo(200);
            assertThat(emulator.engine().stats().destructiveCalls())
                    .isEqualTo(Map.of(
                            "/api/pull",
                            1L,
                            "/api/push",
                            1L,
                            "/api/create",
                            1L,
                            "/api/copy",
                            1L,
                            "/api/delete",
                            1L,
                            "/api/blobs/sha256:abc",
                            2L));
            String stats = http.get("/_emulator/stats").body();
            assertThat(OllamaHttp.parse(stats)
                            .at("/destructiveCalls/~1api~1pull")
                            .asLong())
                    .isEqualTo(1);
        }
    }
}
