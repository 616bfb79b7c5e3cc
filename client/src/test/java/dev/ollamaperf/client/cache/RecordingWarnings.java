package dev.ollamaperf.client.cache;

import java.util.ArrayList;
import java.util.List;

/** A warning sink that keeps every warning for the test to check. */
public final class RecordingWarnings implements WarningSink {

    private final List<String> messages = new ArrayList<>();

    @Override
    public synchronized void warn(String message) {
        messages.add(message);
    }

    synchronized List<String> messages() {
        return List.copyOf(messages);
    }
}
