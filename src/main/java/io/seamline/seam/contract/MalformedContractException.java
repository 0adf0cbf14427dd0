package io.seamline.seam.contract;

/** A contract file that does not say what the platform needs; the message names the file and the field. */
public final class MalformedContractException extends RuntimeException {

    public MalformedContractException(String message) {
        super(message);
    }
}
