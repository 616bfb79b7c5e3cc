package dev.ollamaperf.emulator.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models the emulated server holds, by full name. Names resolve as Ollama resolves them: a
 * name without a tag means ":latest".
 */
public final class ModelCatalogue {

    private final Map<String, ModelProfile> byName;

    /** A catalogue of the given profiles; later duplicates of a name replace earlier ones. */
    public ModelCatalogue(List<ModelProfile> profiles) {
        Map<String, ModelProfile> map = new LinkedHashMap<>();
        for (ModelProfile profile : profiles) {
            map.put(fullName(profile.name()), profile);
        }
        this.byName = Map.copyOf(map);
        this.ordered = List.copyOf(map.values());
    }

    private final List<ModelProfile> ordered;

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
}
