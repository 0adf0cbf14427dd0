package io.seamline.http;

/** A command's answer: the aggregate and the version it is at now (send it back as If-Match). */
public record CommandAccepted(String id, long aggregateVersion) {
}
