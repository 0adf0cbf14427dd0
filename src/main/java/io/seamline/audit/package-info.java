/**
 * The audit trail: who did which operator action or ran which SQL, and when, in an append-only table that
 * refuses updates and deletes.
 */
package io.seamline.audit;
