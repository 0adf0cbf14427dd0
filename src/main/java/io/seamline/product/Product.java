package io.seamline.product;

import io.seamline.domain.Money;
import io.seamline.domain.RuleViolation;
import io.seamline.domain.Text;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.product.api.DiscontinueProductCommand;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.product.api.UpdateProductCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/** A catalogue product: validates its commands and keeps the state it needs to decide the next one. */
class Product {

    @AggregateIdentifier
    private String id;
    private String title;
    private String description;
    private String category;
    private Money price;
    private Map<String, String> attributes;
    private boolean discontinued;

    protected Product() {
        // for Axon: rebuilt from its events
    }

    /** Creation is dispatched by {@link ProductCommandHandler}, which claims the SKU once this has validated. */
    Product(CreateProductCommand command) {
        Text.required("productId", command.productId(), Text.ID);
        Text.required("sku", command.sku(), Text.SKU);
        Text.required("title", command.title(), Text.TITLE);
        ProductRules.requireStorableText(command.description(), command.category(), command.attributes());
        ProductRules.requirePositive(command.price());
        apply(new ProductCreatedEvent(command.productId(), command.sku(), command.title(), command.description(),
                command.category(), command.price(), ProductRules.attributes(command.attributes())));
    }

    @CommandHandler
    public long handle(UpdateProductCommand command) {
        requireOnSale();
        if (command.title() != null) {
            Text.required("title", command.title(), Text.TITLE);
        }
        ProductRules.requireStorableText(command.description(), command.category(), command.attributes());
        if (command.price() != null) {
            ProductRules.requirePositive(command.price());
        }
        ProductUpdatedEvent change = new ProductUpdatedEvent(id,
                changed(title, command.title()), changed(description, command.description()),
                changed(category, command.category()), changed(price, command.price()),
                changed(attributes, command.attributes() == null ? null : ProductRules.attributes(command.attributes())));
        if (change.title() == null && change.description() == null && change.category() == null
                && change.price() == null && change.attributes() == null) {
            return getVersion(); // nothing changed: append nothing
        }
        apply(change);
        return getVersion();
    }

    @CommandHandler
    public long handle(DiscontinueProductCommand command) {
        requireOnSale();
        apply(new ProductDiscontinuedEvent(id));
        return getVersion();
    }

    private void requireOnSale() {
        if (discontinued) {
            throw new RuleViolation("product-discontinued", null, "product " + id + " is discontinued and cannot change");
        }
    }

    private static <T> T changed(T current, T proposed) {
        return proposed == null || Objects.equals(current, proposed) ? null : proposed;
    }

    @EventSourcingHandler
    void on(ProductCreatedEvent event) {
        id = event.productId();
        title = event.title();
        description = event.description();
        category = event.category();
        price = event.price();
        attributes = event.attributes();
    }

    @EventSourcingHandler
    void on(ProductUpdatedEvent event) {
        title = event.title() != null ? event.title() : title;
        description = event.description() != null ? event.description() : description;
        category = event.category() != null ? event.category() : category;
        price = event.price() != null ? event.price() : price;
        attributes = event.attributes() != null ? event.attributes() : attributes;
    }

    @EventSourcingHandler
    void on(ProductDiscontinuedEvent event) {
        discontinued = true;
    }
}
