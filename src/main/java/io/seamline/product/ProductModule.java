package io.seamline.product;

import io.seamline.platform.AggregateRepositories;
import io.seamline.platform.AxonModule;
import io.seamline.platform.JdbcTransactionManager;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.config.Configurer;
import org.axonframework.modelling.command.Repository;

/** Registers the Product aggregate, its creation handler and the upcasters of its old event shapes. */
@ApplicationScoped
class ProductModule implements AxonModule {

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Configurer configurer, JdbcTransactionManager transactions) {
        configurer.configureAggregate(AggregateRepositories.configure(Product.class));
        SkuRegistry skus = new SkuRegistry(transactions::transactionConnection);
        configurer.registerCommandHandler(c -> new ProductCommandHandler(
                (Repository<Product>) c.repository(Product.class), skus));
        configurer.registerEventUpcaster(c -> new ProductCreatedV1Upcaster());
    }
}
