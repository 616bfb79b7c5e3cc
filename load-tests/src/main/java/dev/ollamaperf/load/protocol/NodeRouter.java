package dev.ollamaperf.load.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Where each request of a protocol goes: its one target, or, against a fleet ({@link OllamaProtocol#fleet()}), the
 * node {@link FleetNodes} chooses, through that node's own {@link NettyStreamExchange}; the choice is made here, above
 * the exchange, which times the stream as it does for one target.
 */
final class NodeRouter {

    private final List<NettyStreamExchange> exchanges;
    private final FleetNodes fleet;

    private NodeRouter(List<NettyStreamExchange> exchanges, FleetNodes fleet) {
        this.exchanges = exchanges;
        this.fleet = fleet;
    }

    /** The router of {@code protocol}'s requests. */
    static NodeRouter of(OllamaProtocol protocol, LongSupplier nanoClock) {
        FleetNodes fleet = protocol.fleet();
        List<NettyStreamExchange> exchanges = new ArrayList<>();
        if (fleet == null) {
            exchanges.add(new NettyStreamExchange(protocol.loops(), protocol.baseUri(), protocol.timeout(), nanoClock));
        } else {
            fleet.nodes()
                    .forEach(node -> exchanges.add(
                            new NettyStreamExchange(protocol.loops(), node, protocol.timeout(), nanoClock)));
        }
        return new NodeRouter(List.copyOf(exchanges), fleet);
    }

    /** A router sending every request through {@code exchange}. */
    static NodeRouter to(NettyStreamExchange exchange) {
        return new NodeRouter(List.of(exchange), null);
    }

    /** As {@link NettyStreamExchange#send(OllamaRequest, long, boolean, Consumer)}, to the chosen node. */
    void send(OllamaRequest request, long intendedStartNanos, boolean keepAnswer, Consumer<StreamObservation> done) {
        if (fleet == null) {
            exchanges.get(0).send(request, intendedStartNanos, keepAnswer, done);
            return;
        }
        int node = fleet.choose();
        try {
            exchanges.get(node).send(request, intendedStartNanos, keepAnswer, observation -> {
                fleet.ended(node, observation);
                done.accept(observation);
            });
        } catch (RuntimeException e) {
            // nothing was sent (the request could not be encoded): the node is not busy with it
            fleet.abandoned(node);
            throw e;
        }
    }
}
