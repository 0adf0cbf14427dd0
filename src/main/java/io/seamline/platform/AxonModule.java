package io.seamline.platform;

import org.axonframework.config.Configurer;

/** A capability's contribution to the Axon configuration: its aggregates, handlers, upcasters or processors. */
public interface AxonModule {
    void configure(Configurer configurer, JdbcTransactionManager transactions);
}
