package dev.ollamaperf.reports.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes the harness's own files. Writing is atomic (a temporary file renamed into place), so
 * a reader never sees half a file; output is pretty-printed UTF-8 with a stable field order.
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

  private FormatFiles() {}

  /** Writes {@code load/metrics.json}. */
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

  private static void write(Object value, Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.write(tmp, (MAPPER.writeValueAsString(value) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
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
