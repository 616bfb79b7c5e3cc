package dev.ollamaperf.emulator.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * same format: either an array of profile objects, or an object with a {@code "profiles"} array
 * (and optional {@code "comment"}). Each profile object has exactly the {@link ModelProfile} field
 * names; durations are Go duration strings ({@code "6.2s"}, {@code "150ms"}); a {@code "comment"}
 * field is allowed anywhere and ignored; any other unknown field is an error (it is usually a typo).
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
     * cited per profile) plus the fast test profiles {@code tiny:latest},
     * {@code tiny-slow-load:latest} and {@code nomic-embed-text:latest}.
     */
    public static ModelCatalogue builtIn() {
        try (InputStream in = ModelCatalogue.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in profile catalogue missing from the class path: "
                        + BUILT_IN_RESOURCE);
            }
            return new ModelCatalogue(ProfileJson.read(in, "classpath:" + BUILT_IN_RESOURCE));
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
        try (InputStream in = Files.newInputStream(file)) {
            return new ModelCatalogue(ProfileJson.read(in, file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes profiles to a file in the format {@link #load(Path)} reads (written and read by the same
     * code, so the file loads back to equal profiles). The parent folder must exist.
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
        try (OutputStream out = Files.newOutputStream(file)) {
            ProfileJson.write(profiles, comment, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write profile file " + file + ": " + e.getMessage(), e);
        }
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
