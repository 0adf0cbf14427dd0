package io.seamline.seam.contract;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one seam promises, as its contract file declares it: who owns it, what flows through it and in which shape,
 * how delivery, idempotency and ordering work, how fresh it stays, and how drift is found and repaired.
 *
 * @param seam        unique id, e.g. {@code search} or {@code warehouse/silver.products}
 * @param consumer    the consumer of the log whose lag is this seam's freshness; null for the synchronous write seam
 * @param file        the contract file, relative to the repository root
 * @param owner       the owning team
 * @param from        where the data comes from (a topic, a table, the command API)
 * @param to          what the seam writes (a table, an index, a topic)
 * @param events      the event types that flow through, each with a schema in {@code eventstore/events}
 * @param synchronous true when the seam is part of the command's own transaction and cannot lag
 */
public record SeamContract(String seam, String consumer, String file, String owner, String from, String to,
                           List<String> events, String deliveryGuarantee, List<String> idempotencyKey,
                           String ordering, Optional<FreshnessSla> freshness, boolean synchronous,
                           String reconcileCompare, String reconcileRepair) {

    /** WARN once the lag reaches {@code warnAfter}, ERROR (and not ready) once it reaches {@code errorAfter}. */
    public record FreshnessSla(Duration warnAfter, Duration errorAfter) {
    }
}
