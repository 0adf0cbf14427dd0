package io.seamline.projection.warehouse;

/** A warehouse read was given a parameter it cannot use; {@link #parameter()} names it for the caller. */
public final class InvalidQueryParameter extends IllegalArgumentException {

    private final String parameter;

    public InvalidQueryParameter(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
