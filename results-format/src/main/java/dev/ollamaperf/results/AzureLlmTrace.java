package dev.ollamaperf.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The Azure LLM inference traces of the AzurePublicDataset (2023: {@code AzureLLMInferenceTrace_code.csv},
 * {@code _conv.csv}; 2024: the week-long ones): CSV with the header {@code TIMESTAMP,ContextTokens,GeneratedTokens},
 * one invocation per row, e.g. {@code 2023-11-16 18:15:46.6805900,4808,10}. Not our format, so read only, and read
 * as traffic log lines: each row a streamed {@code /api/chat} request of one message with the row's prompt and
 * output tokens, no model (the replay asks its default model), no session, arrival to the millisecond (the
 * timestamps have no zone: read as UTC; only offsets matter to a replay).
 */
final class AzureLlmTrace {

    static final String HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens";

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AzureLlmTrace() {}

    /** Whether {@code firstLine} is this format's header. */
    static boolean isHeader(String firstLine) {
        return firstLine.strip().replace("\uFEFF", "").equals(HEADER);
    }

    /**
     * Reads every row as a traffic log line.
     *
     * @throws FormatException naming the file and the line for a row that is not three fields, a timestamp and two
     *     whole numbers of 0 or more
     */
    static List<TrafficRecord> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<TrafficRecord> records = new ArrayList<>(Math.max(0, lines.size() - 1));
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                records.add(row(line));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new FormatException(
                        file + ":" + (i + 1) + ": not an Azure LLM trace row (" + HEADER + "): " + e.getMessage(), e);
            }
        }
        return records;
    }

    private static TrafficRecord row(String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 3) {
            throw new IllegalArgumentException("3 fields expected, got " + fields.length + ": '" + line + "'");
        }
        LocalDateTime at = LocalDateTime.parse(fields[0].strip(), TIMESTAMP);
        String arrival = MILLIS.format(at.toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        return new TrafficRecord(
                1,
                arrival,
                "/api/chat",
                "",
                true,
                TrafficRecord.TrafficOptions.NONE,
                count("ContextTokens", fields[1]),
                count("GeneratedTokens", fields[2]),
                1,
                null,
                null,
                null,
                "ok",
                200,
                null,
                0.0,
                null);
    }

    private static long count(String column, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(
                "'" + column + "' must be a whole number of 0 or more, got: '" + value + "'");
    }
}
