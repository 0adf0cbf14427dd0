package io.seamline.order;

import io.seamline.platform.AggregateRepositories;
import io.seamline.platform.AxonModule;
import io.seamline.platform.JdbcTransactionManager;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.config.Configurer;
import org.axonframework.modelling.command.Repository;

/** Registers the Order aggregate, its placement handler (which prices lines from the catalogue) and its upcasters. */
@ApplicationScoped
class OrderModule implements AxonModule {

    private final ProductCatalog catalog;

    OrderModule(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Configurer configurer, JdbcTransactionManager transactions) {
        configurer.configureAggregate(AggregateRepositories.configure(Order.class));
        configurer.registerCommandHandler(c -> new OrderCommandHandler(
                (Repository<Order>) c.repository(Order.class), catalog));
        configurer.registerEventUpcaster(c -> new OrderPaidV1Upcaster());
        configurer.registerEventUpcaster(c -> new OrderShippedV1Upcaster());
    }
}
