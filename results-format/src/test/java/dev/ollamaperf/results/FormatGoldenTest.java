package dev.ollamaperf.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every run-folder format, sealed by a golden file: a fixed, seeded value ({@link GoldenValues}) written
 * under several default locales must equal {@code src/test/resources/dev/ollamaperf/results/golden-<format>.json}
 * byte for byte, and the golden file must read back to the value. That pins every field name, the field
 * order and the number spelling, for the producers (load tests, the reports CLI) and the reader (reports) alike.
 *
 * <p><b>Changing a golden file is a format change</b>: every producer and consumer of the run folder, and
 * the run folders already on disk, are affected. Regenerate deliberately with {@code -Dgolden.update=true}
 * (run from the {@code results-format} folder), review the diff, and say so in the change description.
 */
@Timeout(30)
final class FormatGoldenTest {

    private static final List<Locale> LOCALES = List.of(Locale.US, Locale.GERMANY, Locale.forLanguageTag("tr-TR"));

    /** One format: its golden file, the fixed value, its writer and its reader. */
    private record Format<T>(String golden, Supplier<T> value, BiConsumer<T, Path> writer, Function<Path, T> reader) {
        @Override
        public String toString() {
            return golden;
        }

        void write(Path file) {
            writer.accept(value.get(), file);
        }

        T read(Path file) {
            return reader.apply(file);
        }
    }

    private static final List<Format<?>> FORMATS = List.of(
            new Format<>(
                    "golden-environment.json",
                    GoldenValues::environment,
                    FormatFiles::writeEnvironment,
                    FormatFiles::readEnvironment),
            new Format<>(
                    "golden-metrics.json",
                    GoldenValues::metrics,
                    FormatFiles::writeLoadMetrics,
                    FormatFiles::readLoadMetrics),
            new Format<>("golden-server.json", GoldenValues::server, FormatFiles::writeServer, FormatFiles::readServer),
            new Format<>("golden-sweep.json", GoldenValues::sweep, FormatFiles::writeSweep, FormatFiles::readSweep),
            new Format<>(
                    "golden-profiles.json",
                    GoldenValues::profiles,
                    FormatFiles::writeProfiles,
                    FormatFiles::readProfiles),
            new Format<>(
                    "golden-traffic.jsonl",
                    GoldenValues::traffic,
                    FormatFiles::writeTraffic,
                    FormatFiles::readTraffic));

    @TempDir
    Path dir;

    static Stream<Arguments> formatsAndLocales() {
        return FORMATS.stream().flatMap(f -> LOCALES.stream().map(l -> Arguments.of(f, l)));
    }

    static Stream<Arguments> locales() {
        return LOCALES.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("formatsAndLocales")
    void write_fixedValue_matchesGoldenFileByteForByte(Format<?> format, Locale locale) throws IOException {
        Path file = dir.resolve(format.golden());
        under(locale, () -> format.write(file));
        String written = Files.readString(file);

        if (Boolean.getBoolean("golden.update") && locale.equals(Locale.US)) {
            Files.writeString(Path.of("src/test/resources/dev/ollamaperf/results", format.golden()), written);
        }
        assertThat(written).isEqualTo(golden(format.golden()));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("formatsAndLocales")
    void read_goldenFile_equalsFixedValue(Format<?> format, Locale locale) throws Exception {
        Path golden = resource(format.golden());
        Object[] read = new Object[1];

        under(locale, () -> read[0] = format.read(golden));

        assertThat(read[0]).isEqualTo(format.value().get());
    }

    @ParameterizedTest(name = "under {0}")
    @MethodSource("locales")
    void readJmh_goldenFile_readsEveryBenchmarkAsJmhWroteIt(Locale locale) throws Exception {
        Path golden = resource("golden-jmh.json");
        Object[] read = new Object[1];

        under(locale, () -> read[0] = FormatFiles.readJmh(golden));

        assertThat(read[0]).isEqualTo(GoldenValues.jmh());
    }

    @Test
    void readJmh_params_keepTheFilesOrder() throws Exception {
        List<JmhResult> results = FormatFiles.readJmh(resource("golden-jmh.json"));

        assertThat(results.get(0).params().keySet()).containsExactly("tier", "payload");
    }

    private static void under(Locale locale, Runnable action) {
        Locale previous = Locale.getDefault();
        try {
            Locale.setDefault(locale);
            action.run();
        } finally {
            Locale.setDefault(previous);
        }
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = FormatGoldenTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(FormatGoldenTest.class.getResource(name).toURI());
    }
}
