package io.seamline.seamcheck;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading a reconciliation report as {@code POST /api/admin/reconcile/{model}} answers it. */
final class Reconciliations {

    private Reconciliations() {
    }

    static long drift(JsonNode report) {
        return report.path("drift").asLong();
    }

    /** The drift a re-check found after the repair; -1 when there was no repair. */
    static long driftAfter(JsonNode report) {
        return report.path("driftAfterRepair").isNumber() ? report.path("driftAfterRepair").asLong() : -1;
    }

    static boolean mentions(JsonNode report, String aggregateId) {
        for (JsonNode drift : report.path("examples")) {
            if (aggregateId.equals(drift.path("aggregateId").asText())) {
                return true;
            }
        }
        return false;
    }

    /** One line: keys on each side, in flight, differing buckets, drift by kind, the repair, the time taken. */
    static String summary(JsonNode report) {
        StringBuilder s = new StringBuilder();
        s.append(report.path("truthKeys").asLong()).append(" keys in the event store, ")
                .append(report.path("modelKeys").asLong()).append(" in the model, ")
                .append(report.path("inFlight").asLong()).append(" in flight; ")
                .append(report.path("differingBuckets").asInt()).append(" of ").append(report.path("buckets").asInt())
                .append(" buckets differ; drift ").append(drift(report)).append(" ").append(report.path("byKind"));
        for (JsonNode d : report.path("examples")) {
            s.append("; ").append(d.path("aggregateId").asText()).append(" ").append(d.path("kind").asText())
                    .append(" (event store seq ").append(d.path("expectedSequence").asText()).append(", model seq ")
                    .append(d.path("actualSequence").asText()).append(")");
            if (s.length() > 600) {
                s.append("; …");
                break;
            }
        }
        if (report.path("repaired").asBoolean()) {
            s.append("; repaired, drift after re-check ").append(driftAfter(report));
        }
        return s.append("; ").append(report.path("millis").asLong()).append(" ms").toString();
    }
}
