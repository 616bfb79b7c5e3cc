package dev.ollamaperf.client.internal.cache;

import dev.ollamaperf.client.cache.CacheConfig;
import dev.ollamaperf.client.cache.CachePolicy;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.cache.WarningSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Builds the cache a {@link CacheConfig} describes and decides what happens when the file is bad.
 * Each outcome warns exactly once:
 * <ul>
 *   <li>the file is not a SQLite database (garbage, truncated header) or is corrupt: it is moved aside
 *       as {@code <file>.corrupt-<yyyyMMdd'T'HHmmss'Z'>} (with its {@code -wal}/{@code -shm}
 *       companions) and an empty cache is created in its place; if that fails too, memory-only;</li>
 *   <li>the file cannot be opened (a folder, no permission, an unwritable folder) or was written by a
 *       newer release: memory-only, and the file is left as it is.</li>
 * </ul>
 * Trap: a file moved aside by one process while another still has it open keeps serving the other
 * process until it restarts; both then use the new file.
 */
public final class CacheOpener {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private CacheOpener() {}

    public static ResponseCache open(CacheConfig config, Clock clock, WarningSink warnings) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(warnings, "warnings");
        if (!config.enabled()) {
            return new NoOpResponseCache();
        }
        CachePolicy policy = config.cachePolicy();
        MemoryTier memory = new MemoryTier(config.memoryBytes(), policy);
        SqliteTier sqlite = openSqlite(config, policy, clock, warnings);
        return new TieredResponseCache(memory, sqlite, policy, new RequestCanonicalizer(CacheJson.MAPPER), clock);
    }

    private static SqliteTier openSqlite(CacheConfig config, CachePolicy policy, Clock clock, WarningSink warnings) {
        Path path = config.path();
        try {
            Path folder = path.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            return tryOpen(config, policy, clock, warnings);
        } catch (SQLException e) {
            if (SqliteTier.isCorruption(e)) {
                return replaceCorrupt(config, policy, clock, warnings, e);
            }
            warnings.warn(memoryOnly(path, "cannot be opened (" + e.getMessage() + ")"));
        } catch (IOException e) {
            warnings.warn(memoryOnly(path, "cannot be created: its folder is not writable (" + e + ")"));
        } catch (SqliteSchema.SchemaTooNewException e) {
            warnings.warn(memoryOnly(path, "was left untouched: " + e.getMessage()));
        }
        return null;
    }

    private static SqliteTier replaceCorrupt(
            CacheConfig config, CachePolicy policy, Clock clock, WarningSink warnings, SQLException cause) {
        Path path = config.path();
        Path aside = path.resolveSibling(path.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
        try {
            for (int n = 1; Files.exists(aside); n++) {
                aside = path.resolveSibling(path.getFileName() + ".corrupt-" + STAMP.format(clock.instant()) + "-" + n);
            }
            Files.move(path, aside);
            for (String companion : new String[] {"-wal", "-shm"}) {
                Path file = path.resolveSibling(path.getFileName() + companion);
                if (Files.exists(file)) {
                    Files.move(file, aside.resolveSibling(aside.getFileName() + companion));
                }
            }
            SqliteTier tier = tryOpen(config, policy, clock, warnings);
            warnings.warn("response cache file '" + path + "' is not a valid SQLite database (" + cause.getMessage()
                    + "); moved it to '" + aside + "' and started an empty cache");
            return tier;
        } catch (IOException | SQLException | SqliteSchema.SchemaTooNewException e) {
            warnings.warn(memoryOnly(
                    path,
                    "is not a valid SQLite database (" + cause.getMessage() + ") and could not be replaced ("
                            + e.getMessage() + ")"));
            return null;
        }
    }

    private static SqliteTier tryOpen(CacheConfig config, CachePolicy policy, Clock clock, WarningSink warnings)
            throws SQLException, SqliteSchema.SchemaTooNewException {
        return SqliteTier.open(
                config.path(), config.maxDbBytes(), (int) config.busyTimeout().toMillis(), policy, clock, warnings);
    }

    private static String memoryOnly(Path path, String problem) {
        return "response cache file '" + path + "' " + problem
                + "; the cache runs memory-only, so answers are not kept across restarts";
    }
}
