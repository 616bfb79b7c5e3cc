package dev.ollamaperf.results;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes the run folder's files: one writer and one reader per format, and a reader of JMH's own
 * JSON. Writing is atomic (a temporary file renamed into place), so a reader never sees half a file; output is
 * pretty-printed UTF-8 with a stable field order and locale-free numbers. Reading is strict: unknown fields,
 * missing fields and a version other than 1 are errors ({@link FormatException}, naming the file).
 */
public final class FormatFiles {

    /** Thread-safe once configured; never reconfigured. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    /** {@link #MAPPER} writing one line per value, for the traffic log. */
    private static final ObjectMapper LINE_MAPPER = MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT);

    private FormatFiles() {}

    /**
     * One traffic log line: the record as compact JSON, without the line end. The gateway appends these as it
     * serves; {@link #readTraffic} reads them back.
     */
    public static String trafficLine(TrafficRecord record) {
        try {
            return LINE_MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a traffic record: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes a whole traffic log, one {@link #trafficLine} per record (tests and tools; the gateway appends). */
    public static void writeTraffic(List<TrafficRecord> records, Path file) {
        StringBuilder text = new StringBuilder();
        for (TrafficRecord record : records) {
            text.append(trafficLine(record)).append('\n');
        }
        try {
            writeAtomically(text.toString(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a trace to replay: a traffic log ({@link #readTraffic}), or an Azure LLM inference trace of the
     * AzurePublicDataset (CSV, header {@code TIMESTAMP,ContextTokens,GeneratedTokens}), each row read as a streamed
     * {@code /api/chat} line of one message without a model or a session ({@link AzureLlmTrace}). The first line
     * decides which.
     *
     * @throws FormatException naming the file and the line
     */
    public static List<TrafficRecord> readTrace(Path file) {
        String first;
        try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            first = Objects.requireNonNullElse(in.readLine(), "");
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        return AzureLlmTrace.isHeader(first) ? AzureLlmTrace.read(file) : readTraffic(file);
    }

    /**
     * Reads a traffic log, one record per line in file order; blank lines are skipped. Strict as every reader
     * here: a line that is not JSON, has an unknown or missing field, or another version fails the whole file.
     *
     * @throws FormatException naming the file and the line number
     */
    public static List<TrafficRecord> readTraffic(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<TrafficRecord> records = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                records.add(MAPPER.readValue(lines.get(i), TrafficRecord.class));
            } catch (JsonProcessingException e) {
                throw new FormatException(
                        file + ":" + (i + 1) + ": not a traffic log line (version 1): " + e.getOriginalMessage(), e);
            }
        }
        return records;
    }

    /** Writes {@code load/metrics.json} (or {@code load/metrics-<injector>.json}). */
    public static void writeLoadMetrics(LoadMetrics metrics, Path file) {
        write(metrics, file);
    }

    /** Reads {@code load/metrics.json}; errors name the file and, for syntax errors, the line. */
    public static LoadMetrics readLoadMetrics(Path file) {
        return read(file, LoadMetrics.class);
    }

    /** Writes {@code load/server.json}. */
    public static void writeServer(ServerInfo server, Path file) {
        write(server, file);
    }

    /** Reads {@code load/server.json}. */
    public static ServerInfo readServer(Path file) {
        return read(file, ServerInfo.class);
    }

    /** Writes {@code environment.json}. */
    public static void writeEnvironment(EnvironmentInfo environment, Path file) {
        write(environment, file);
    }

    /** Reads {@code environment.json}. */
    public static EnvironmentInfo readEnvironment(Path file) {
        return read(file, EnvironmentInfo.class);
    }

    /** Writes {@code load/sweep.json}. */
    public static void writeSweep(CapacitySweep sweep, Path file) {
        write(sweep, file);
    }

    /** Reads {@code load/sweep.json}. */
    public static CapacitySweep readSweep(Path file) {
        return read(file, CapacitySweep.class);
    }

    /** Writes {@code load/harness.json}. */
    public static void writeHarness(HarnessInfo harness, Path file) {
        write(harness, file);
    }

    /** Reads {@code load/harness.json}. */
    public static HarnessInfo readHarness(Path file) {
        return read(file, HarnessInfo.class);
    }

    /**
     * Reads {@code jmh/results.json}, JMH's own JSON; JMH writes it, so there is no writer here.
     *
     * @throws FormatException naming the file (and the benchmark) when it is not JMH's format
     */
    public static List<JmhResult> readJmh(Path file) {
        return JmhJson.read(file);
    }

    /**
     * Writes an emulator profile file (camelCase names, durations as Go strings; see {@link ProfileFile}).
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void writeProfiles(ProfileFile profiles, Path file) {
        try {
            writeAtomically(ProfileJson.write(profiles), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write profile file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an emulator profile file.
     *
     * @throws IllegalArgumentException naming the file, the profile and the field when a field is missing, unknown
     *     or of the wrong JSON type (the emulator's command line answers these with a usage error)
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static ProfileFile readProfiles(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return ProfileJson.read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an emulator profile file from a stream (e.g. a class-path resource).
     *
     * @param sourceName what error messages call the file, e.g. {@code classpath:/x/profiles.json}
     * @throws IllegalArgumentException naming the source, the profile and the field, as {@link #readProfiles(Path)}
     * @throws IOException when the stream cannot be read
     */
    public static ProfileFile readProfiles(InputStream in, String sourceName) throws IOException {
        return ProfileJson.read(in, sourceName);
    }

    private static void write(Object value, Path file) {
        try {
            writeAtomically(MAPPER.writeValueAsString(value) + "\n", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a temporary file beside {@code file} and renames it into place, so no reader sees half a file. */
    private static void writeAtomically(String text, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr();
            throw new FormatException(file + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
