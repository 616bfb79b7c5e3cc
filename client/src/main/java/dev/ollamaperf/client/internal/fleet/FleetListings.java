package dev.ollamaperf.client.internal.fleet;

import dev.ollamaperf.client.api.ModelInfo;
import dev.ollamaperf.client.api.ModelNames;
import dev.ollamaperf.client.api.PsResponse;
import dev.ollamaperf.client.api.RunningModel;
import dev.ollamaperf.client.api.TagsResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a fleet answers the listings that each node answers for itself (docs/fleets.md, "Read-only endpoints"). */
public final class FleetListings {

    private FleetListings() {}

    /**
     * {@code /api/tags} of a fleet: every model present on some node, once (by name, {@code :latest} implied), as
     * the first node in configuration order that holds it describes it.
     */
    public static TagsResponse tags(List<TagsResponse> perNode) {
        Map<String, ModelInfo> union = new LinkedHashMap<>();
        perNode.forEach(t -> t.models().forEach(m -> union.putIfAbsent(ModelNames.normalize(m.name()), m)));
        return new TagsResponse(new ArrayList<>(union.values()));
    }

    /**
     * {@code /api/ps} of a fleet: every node's loaded models, node after node, so a model loaded on two nodes is
     * listed twice and the sizes add up to the memory the fleet holds.
     */
    public static PsResponse ps(List<PsResponse> perNode) {
        List<RunningModel> all = new ArrayList<>();
        perNode.forEach(p -> all.addAll(p.models()));
        return new PsResponse(all);
    }
}
