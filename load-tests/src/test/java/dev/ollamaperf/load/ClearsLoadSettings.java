package dev.ollamaperf.load;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts every {@code ollama.perf.*} system property back as the test JVM started (the build's own, from
 * load-tests/pom.xml) after each test: the scenarios read their settings from system properties, and the tests of a
 * class share one JVM, so one test's settings must not reach the next.
 */
final class ClearsLoadSettings implements AfterEachCallback {

    private static final Map<String, String> AT_START = System.getProperties().stringPropertyNames().stream()
            .filter(name -> name.startsWith("ollama.perf."))
            .collect(Collectors.toUnmodifiableMap(name -> name, System::getProperty));

    @Override
    public void afterEach(ExtensionContext context) {
        clear();
    }

    static void clear() {
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("ollama.perf."))
                .forEach(System::clearProperty);
        AT_START.forEach(System::setProperty);
    }
}
