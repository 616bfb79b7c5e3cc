package dev.ollamaperf.emulator.engine;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.ProfileFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models the emulated server holds, by full name. Names resolve as Ollama resolves them: a
 * name without a tag means ":latest".
 *
 * <p>The shipped catalogue ({@link #builtIn()}) is the JSON resource
 * {@code dev/ollamaperf/emulator/engine/profiles.json}; a user's file ({@link #load(Path)}) uses the
 * same format, results-format's {@link ProfileFile} (read and written by its {@link FormatFiles}): either an
 * array of profile objects, or an object with a {@code "profiles"} array (and optional {@code "comment"}).
 * Each profile object has exactly the {@link ModelProfile} field names; durations are Go duration strings
 * ({@code "6.2s"}, {@code "150ms"}); a {@code "comment"} field is allowed anywhere and ignored; any other
 * unknown field is an error (it is usually a typo).
 */
public final class ModelCatalogue {

    /** Class-path location of the shipped catalogue. */
    public static final String BUILT_IN_RESOURCE = "/dev/ollamaperf/emulator/engine/profiles.json";

    private final Map<String, ModelProfile> byName;
    private final List<ModelProfile> ordered;

    /** A catalogue of the given profiles; later duplicates of a name replace earlier ones. */
    public ModelCatalogue(List<ModelProfile> profiles) {
        Map<String, ModelProfile> map = new LinkedHashMap<>();
        for (ModelProfile profile : profiles) {
            map.put(fullName(profile.name()), profile);
        }
        this.byName = Map.copyOf(map);
        this.ordered = List.copyOf(map.values());
    }

    /**
     * The shipped catalogue: the user's twelve production models (reference machine and sources
     * cited per profile), the reasoning model {@code deepseek-r1:8b}, plus the fast test profiles {@code tiny:latest},
     * {@code tiny-slow-load:latest} and {@code nomic-embed-text:latest}.
     */
    public static ModelCatalogue builtIn() {
        try (InputStream in = ModelCatalogue.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "built-in profile catalogue missing from the class path: " + BUILT_IN_RESOURCE);
            }
            String source = "classpath:" + BUILT_IN_RESOURCE;
            return new ModelCatalogue(profiles(FormatFiles.readProfiles(in, source), source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in profile catalogue " + BUILT_IN_RESOURCE, e);
        }
    }

    /**
     * Reads a user's profile file (same format as the built-in catalogue).
     *
     * @param file a JSON profile file
     * @return its catalogue
     * @throws IllegalArgumentException naming the file, the profile and the field when the file is
     *                                  not a valid catalogue
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static ModelCatalogue load(Path file) {
        return new ModelCatalogue(profiles(FormatFiles.readProfiles(file), file.toString()));
    }

    /**
     * Writes profiles to a file in the format {@link #load(Path)} reads (written and read by the same
     * code, results-format's {@link FormatFiles}, so the file loads back to equal profiles), atomically; the
     * parent folder is created when missing.
     *
     * @param file     the JSON file to create or replace
     * @param profiles at least one profile
     * @param comment  lines for the file's top-level {@code "comment"} (may be empty)
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, List<ModelProfile> profiles, List<String> comment) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("profile file " + file + ": must hold at least one profile, got none");
        }
        FormatFiles.writeProfiles(
                new ProfileFile(
                        comment, profiles.stream().map(ModelCatalogue::entry).toList()),
                file);
    }

    /**
     * The profiles of a file read by results-format, which checked their shape; here each becomes a
     * {@link ModelProfile}, which checks the values (a duration's spelling, the ranges). Errors name the file,
     * the profile and the field, as the shape errors do.
     */
    private static List<ModelProfile> profiles(ProfileFile file, String source) {
        List<ModelProfile> profiles = new ArrayList<>();
        for (int i = 0; i < file.profiles().size(); i++) {
            ProfileFile.Profile p = file.profiles().get(i);
            String where = "profile file " + source + ": profiles[" + i + "] ('" + p.name() + "')";
            try {
                profiles.add(new ModelProfile(
                        p.name(),
                        p.family(),
                        p.parameterSize(),
                        p.quantizationLevel(),
                        p.sizeBytes(),
                        p.trainedContextLength(),
                        p.kvBytesPerToken(),
                        duration(p.loadTime(), "loadTime", where),
                        p.promptTokensPerSecond(),
                        duration(p.promptOverhead(), "promptOverhead", where),
                        p.generationTokensPerSecond(),
                        p.jitter(),
                        p.serialFraction(),
                        p.outputTokensMean(),
                        p.outputTokensStdDev(),
                        p.thinkingTokensMedian(),
                        p.thinkingTokensSpread(),
                        p.capabilities(),
                        p.embeddingLength(),
                        p.source(),
                        p.cachedPromptTokenCost()));
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("profile file ")) {
                    throw e;
                }
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return profiles;
    }

    private static Duration duration(String text, String field, String where) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where + ": field '" + field + "' must be a duration string like" + " \"6.2s\" or \"150ms\" ("
                            + e.getMessage() + "), got: " + TextNode.valueOf(text),
                    e);
        }
    }

    /** A profile as the file spells it: durations as Go strings. */
    private static ProfileFile.Profile entry(ModelProfile p) {
        return new ProfileFile.Profile(
                p.name(),
                p.family(),
                p.parameterSize(),
                p.quantizationLevel(),
                p.sizeBytes(),
                p.trainedContextLength(),
                p.kvBytesPerToken(),
                GoDuration.format(p.loadTime()),
                p.promptTokensPerSecond(),
                GoDuration.format(p.promptOverhead()),
                p.generationTokensPerSecond(),
                p.jitter(),
                p.serialFraction(),
                p.outputTokensMean(),
                p.outputTokensStdDev(),
                p.thinkingTokensMedian(),
                p.thinkingTokensSpread(),
                p.capabilities(),
                p.embeddingLength(),
                p.source(),
                p.cachedPromptTokenCost());
    }

    /** The profile for a requested name such as "llama3.2" or "llama3.2:latest". */
    public Optional<ModelProfile> find(String requestedName) {
        return Optional.ofNullable(byName.get(fullName(requestedName)));
    }

    /** Every profile, in catalogue order. */
    public List<ModelProfile> all() {
        return ordered;
    }

    /** Adds ":latest" to a name that has no tag ("llama3.2" becomes "llama3.2:latest"). */
    public static String fullName(String name) {
        int slash = name.lastIndexOf('/');
        return name.indexOf(':', slash + 1) >= 0 ? name : name + ":latest";
    }

    @Override
    public String toString() {
        return "ModelCatalogue" + byName.keySet();
    }
}
