package dev.ollamaperf.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No production or benchmark source builds a date from a literal. A literal date looks harmless until
 * the clock passes it: the benchmark fixture stored at 2026-11-26 expired under the cache's 24 h TTL
 * and broke {@code perf gate} for every new user a week later, while the tests stayed green. Code that
 * needs "now" takes it from an injected {@code Clock}; tests pin time with a fixed or fake clock, which
 * is why test sources are not scanned here.
 */
final class NoTimeBombsTest {

    /** Dates built from literals: {@code Instant.parse("2026-...")}, {@code LocalDate.of(2026, ...)}, epoch constants. */
    private static final Pattern LITERAL_DATE = Pattern.compile(
            "(Instant|LocalDate|LocalDateTime|OffsetDateTime|ZonedDateTime)\\.(parse|of)\\(\\s*\"?\\d{4}"
                    + "|Instant\\.ofEpoch(Second|Milli)\\(\\s*\\d{9,}");

    @Test
    void mainSources_noDateBuiltFromALiteral() throws IOException {
        Path root = PerfScript.repositoryRoot();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(NoTimeBombsTest::isMainJavaSource).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (LITERAL_DATE.matcher(lines.get(i)).find()) {
                        found.add(root.relativize(file) + ":" + (i + 1) + ": "
                                + lines.get(i).trim());
                    }
                }
            }
        }
        assertThat(found)
                .as("dates built from literals in main sources (take the time from a Clock)")
                .isEmpty();
    }

    @Test
    void pattern_catchesTheFixtureThatExpired() {
        assertThat(LITERAL_DATE
                        .matcher("CachedResponse.fromBody(kind, body, Instant.parse(\"2026-11-26T10:00:00Z\"));")
                        .find())
                .isTrue();
        assertThat(LITERAL_DATE.matcher("LocalDate.of(2026, 11, 26)").find()).isTrue();
        assertThat(LITERAL_DATE.matcher("Instant.parse(text)").find()).isFalse();
    }

    private static boolean isMainJavaSource(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.endsWith(".java") && path.contains("/src/main/") && !path.contains("/target/");
    }
}
