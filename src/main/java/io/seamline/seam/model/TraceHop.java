package io.seamline.seam.model;

/**
 * One hop of the propagation trace: where an event arrives ({@code name}) and the hop it comes from
 * ({@code upstream}), along which the lag between the two is measured.
 */
public record TraceHop(String name, String upstream) {

    /** The hop every read model reads from: the relay's publish to the topic. */
    public static final String KAFKA = "kafka";
}
