package dev.ollamaperf.load;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Clears every {@code ollama.perf.*} system property after each test: the scenarios read their settings from system
 * properties, and the tests of a class share one JVM, so one test's settings must not reach the next.
 */
final class ClearsLoadSettings implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        clear();
    }

    static void clear() {
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("ollama.perf."))
                .forEach(System::clearProperty);
    }
}
