/**
 * What runs the service: the launcher and its embedded PostgreSQL, Kafka and token issuer, the Axon wiring,
 * and the clients and settings every capability shares. It knows no capability.
 */
package io.seamline.platform;
