/**
 * The HTTP and GraphQL surface: resources, the roles each declares, request limits, and the problem+json
 * answers every refusal gets. Only this package knows HTTP.
 */
package io.seamline.http;
