package io.seamline.http;

import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * What a client sees of a failure nobody anticipated: a 500 problem with a generic detail and an id, never the
 * exception's text (which may hold local paths, SQL or stack frames). The log line carries the same id and the
 * whole exception, so an operator can find it from the id a client quotes.
 */
final class UnexpectedFailures {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailures.class);

    private UnexpectedFailures() {
    }

    /** Logs the failure of a request with a fresh id and returns the 500 problem to answer with. */
    static Problem report(Throwable failure, String method, String path) {
        return report(500, failure, method, path);
    }

    /** The same for a server-side status other than 500 (503 when no worker is free, say). */
    static Problem report(int status, Throwable failure, String method, String path) {
        String instance = "urn:uuid:" + UUID.randomUUID();
        LOG.errorf(failure, "unexpected failure %s (%d) on %s %s", instance, status, method, path);
        return Problem.of(status, status == 500 ? "internal-error" : Problem.httpRule(status), null,
                "the request failed on the server's side; quote " + instance + " when reporting it")
                .withInstance(instance);
    }
}
