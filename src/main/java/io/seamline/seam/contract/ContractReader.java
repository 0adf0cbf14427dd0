package io.seamline.seam.contract;

import io.seamline.seam.event.EventSchemas;
import io.seamline.seam.event.EventTypes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the seams out of one contract file (ODCS v3.1): each schema object is a seam, unless the contract names one
 * {@code seam} for all of them (the files of one index). The seam's terms are custom properties of the schema
 * object, or of the whole contract when every object shares them; {@code source}'s consumer group, or the events
 * server's, names the consumer whose lag is its freshness.
 */
final class ContractReader {

    private ContractReader() {
    }

    static List<SeamContract> read(String file, String yaml) {
        ContractNode root = ContractNode.parse(file, yaml);
        root.expect("kind", "DataContract");
        root.expect("apiVersion", "v3.1.0");
        String owner = root.get("team").text("name");
        String serverGroup = serverConsumerGroup(root);
        List<ContractNode> objects = root.items("schema");
        Optional<ContractNode> oneSeam = root.customIfPresent("seam");
        List<SeamContract> seams = new ArrayList<>();
        for (ContractNode object : oneSeam.isPresent() ? objects.subList(0, 1) : objects) {
            String name = object.text("name");
            String consumer = term(root, object, "consumer").map(ContractNode::string)
                    .orElseGet(() -> term(root, object, "source").map(s -> s.get("consumerGroup"))
                            .filter(g -> !g.isMissing()).map(ContractNode::string).orElse(serverGroup));
            String seam = term(root, object, "seam").map(ContractNode::string)
                    .orElse((consumer == null ? root.text("id") : consumer) + (objects.size() > 1 ? "/" + name : ""));
            ContractNode freshness = term(root, object, "freshness").orElse(null);
            boolean synchronous = freshness != null && freshness.get("synchronous").json().asBoolean(false);
            ContractNode reconciliation = required(root, object, "reconciliation");
            String to = oneSeam.isEmpty() ? name + " (" + object.text("physicalName") + ")"
                    : String.join(", ", objects.stream().map(o -> o.text("physicalName")).toList());
            seams.add(new SeamContract(seam, consumer, file, owner, from(root, object), to, events(root, object),
                    required(root, object, "deliveryGuarantee").string(), idempotencyKey(root, object),
                    ordering(required(root, object, "ordering")), synchronous ? Optional.empty() : sla(freshness),
                    synchronous, reconciliation.text("compare"), reconciliation.text("repair")));
        }
        return seams;
    }

    /** The object's custom property, else the contract's. */
    private static Optional<ContractNode> term(ContractNode root, ContractNode object, String name) {
        return object.customIfPresent(name).or(() -> root.customIfPresent(name));
    }

    private static ContractNode required(ContractNode root, ContractNode object, String name) {
        return term(root, object, name).orElseThrow(() -> object.get("customProperties").fail("missing '" + name
                + "' (here or in the contract's customProperties)"));
    }

    private static String serverConsumerGroup(ContractNode root) {
        ContractNode servers = root.get("servers");
        if (servers.isMissing()) {
            return null;
        }
        for (ContractNode server : servers.items()) {
            Optional<ContractNode> group = server.customIfPresent("consumerGroup");
            if (group.isPresent()) {
                return group.get().string();
            }
        }
        return null;
    }

    private static String from(ContractNode root, ContractNode object) {
        return term(root, object, "source").map(source -> {
            if (!source.get("topic").isMissing()) {
                return "topic " + source.text("topic");
            }
            if (!source.get("tables").isMissing()) {
                return "tables " + String.join(", ", source.get("tables").items().stream().map(ContractNode::string).toList());
            }
            return source.json().isTextual() ? source.string() : source.json().toString();
        }).orElse("–");
    }

    /** The declared event types; each must be in the catalogue with a schema file for its current version. */
    private static List<String> events(ContractNode root, ContractNode object) {
        Optional<ContractNode> declared = term(root, object, "events");
        if (declared.isEmpty()) {
            return List.of();
        }
        List<String> events = new ArrayList<>();
        for (ContractNode event : declared.get().items()) {
            String type = event.string();
            Class<?> eventClass = EventTypes.byName(type)
                    .orElseThrow(() -> event.fail("no event type '" + type + "' in the catalogue"));
            String schema = EventSchemas.file(type, EventTypes.version(eventClass));
            if (EventSchemas.class.getClassLoader().getResource("eventstore/events/" + schema) == null) {
                throw event.fail("no schema eventstore/events/" + schema);
            }
            events.add(type);
        }
        return List.copyOf(events);
    }

    private static List<String> idempotencyKey(ContractNode root, ContractNode object) {
        return required(root, object, "idempotencyKey").items().stream().map(ContractNode::string).toList();
    }

    private static String ordering(ContractNode ordering) {
        return ordering.json().isTextual() ? ordering.string() : ordering.json().toString();
    }

    /** A declared warn/error pair; an object without any freshness has no SLA (the gate refuses it). */
    private static Optional<SeamContract.FreshnessSla> sla(ContractNode freshness) {
        if (freshness == null) {
            return Optional.empty();
        }
        Duration warnAfter = freshness.get("warnAfter").duration();
        Duration errorAfter = freshness.get("errorAfter").duration();
        if (warnAfter.compareTo(errorAfter) >= 0) {
            throw freshness.fail("warnAfter " + warnAfter + " must be shorter than errorAfter " + errorAfter);
        }
        return Optional.of(new SeamContract.FreshnessSla(warnAfter, errorAfter));
    }
}
