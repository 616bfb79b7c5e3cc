package dev.ollamaperf.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class PathNormalizerTest {

    @ParameterizedTest
    @CsvSource({
        "/api/tags, /api/tags",
        "/api/./tags, /api/tags",
        "/api/generate/../pull, /api/pull",
        "/api/%64elete, /api/delete",
        "/api/%2564elete, /api/delete",
        "/api/%2e%2e/../../api/push, /api/push",
        "'/api\\pull', /api/pull",
        "//api//tags/, /api/tags",
        "/api/tags?x=/../pull, /api/tags",
        "/v1/models/llama3.2:latest, /v1/models/llama3.2:latest",
        "/v1/models/a+b, /v1/models/a+b",
        "/v1/models/%zz, /v1/models/%zz",
        "'', /",
        "/.., /"
    })
    void normalize_spellings_resolveToThePathTheServerRoutes(String raw, String normalized) {
        assertThat(PathNormalizer.normalize(raw)).isEqualTo(normalized);
    }

    @Test
    void encode_normalizedPath_decodesBackToItself() {
        String path = "/v1/models/mödel 1%?#:latest";

        String encoded = PathNormalizer.encode(path);

        assertThat(encoded).isEqualTo("/v1/models/m%C3%B6del%201%25%3F%23:latest");
        assertThat(PathNormalizer.normalize(encoded)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/pullx", "/api/embeddings", "/api/tags", "/api/pull%20", "/v1/models/pull"})
    void isDestructive_pathsThatOnlyLookAlike_areNotDestructive(String path) {
        assertThat(DestructivePaths.isDestructive(path)).isFalse();
    }
}
