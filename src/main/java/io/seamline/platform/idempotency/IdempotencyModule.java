package io.seamline.platform.idempotency;

import io.seamline.platform.AxonModule;
import io.seamline.platform.JdbcTransactionManager;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.config.Configurer;

/** Puts the {@link IdempotencyInterceptor} on the command bus, inside the transaction every command runs in. */
@ApplicationScoped
class IdempotencyModule implements AxonModule {

    private final IdempotencyKeys keys;

    IdempotencyModule(IdempotencyKeys keys) {
        this.keys = keys;
    }

    @Override
    public void configure(Configurer configurer, JdbcTransactionManager transactions) {
        IdempotencyInterceptor interceptor = new IdempotencyInterceptor(keys, transactions);
        // The bus starts its transaction in the first of its handler interceptors: this one runs inside it.
        configurer.onInitialize(c -> c.onStart(() -> c.commandBus().registerHandlerInterceptor(interceptor)));
    }
}
