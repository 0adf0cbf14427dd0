package io.seamline.domain;

/** A command or query named an aggregate that does not exist. */
public final class NotFound extends RuntimeException {
    private final String kind;
    private final String id;

    public NotFound(String kind, String id) {
        super(kind + " " + id + " does not exist", null, false, false);
        this.kind = kind;
        this.id = id;
    }

    /** As {@link #NotFound(String, String)}, the message followed by {@code hint} (e.g. what does exist). */
    public NotFound(String kind, String id, String hint) {
        super(kind + " " + id + " does not exist; " + hint, null, false, false);
        this.kind = kind;
        this.id = id;
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
