package io.seamline.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One recorded call: who (the token's subject and roles), when, what ({@code POST /api/admin/replay/warehouse}) with
 * which parameters, how it ended ({@code ok}, or what refused or failed it), and how long it took.
 */
public record AuditEntry(long id, Instant at, String actor, String roles, String action, JsonNode parameters,
                         String outcome, long durationMs) {
}
