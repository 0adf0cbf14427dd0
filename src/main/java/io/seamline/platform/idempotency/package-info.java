/**
 * Idempotency keys: a command retried with the same key gets its first answer back, recorded in the
 * command's own transaction so a crash cannot split the two.
 */
package io.seamline.platform.idempotency;
