package dev.ollamaperf.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Lines of a child's log worth showing when the child failed: its {@code error: ...} lines, the exception
 * that stopped it. Never its progress or statistics (those come as structured lines, see
 * {@link ChildSpec#lines()}).
 */
final class LogExcerpt {

    private LogExcerpt() {}

    /** The first {@code limit} lines of {@code log} in which {@code pattern} is found; none when it is unreadable. */
    static List<String> matching(Path log, Pattern pattern, int limit) {
        return lines(log).stream()
                .filter(line -> pattern.matcher(line).find())
                .limit(limit)
                .toList();
    }

    /** The last {@code count} lines of {@code log}. */
    static List<String> tail(Path log, int count) {
        List<String> lines = lines(log);
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    private static List<String> lines(Path log) {
        try {
            return Files.isRegularFile(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
