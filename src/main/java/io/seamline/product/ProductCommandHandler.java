package io.seamline.product;

import io.seamline.product.api.CreateProductCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;

/** Creates products: claims the SKU, then lets the aggregate validate and apply the event. */
final class ProductCommandHandler {
    private final Repository<Product> repository;
    private final SkuRegistry skus;

    public ProductCommandHandler(Repository<Product> repository, SkuRegistry skus) {
        this.repository = repository;
        this.skus = skus;
    }

    @CommandHandler
    public String handle(CreateProductCommand command) throws Exception {
        // The aggregate validates first, so a bad command claims nothing.
        repository.newInstance(() -> new Product(command));
        skus.claim(command.sku(), command.productId());
        return command.productId();
    }
}
