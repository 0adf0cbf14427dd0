package io.seamline.order;

import io.seamline.domain.RuleViolation;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.PlaceOrderCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Places orders: prices each line from the catalogue and refuses unknown or discontinued products. */
final class OrderCommandHandler {
    private final Repository<Order> repository;
    private final ProductCatalog catalog;

    public OrderCommandHandler(Repository<Order> repository, ProductCatalog catalog) {
        this.repository = repository;
        this.catalog = catalog;
    }

    @CommandHandler
    public String handle(PlaceOrderCommand command) throws Exception {
        if (command.lines() == null || command.lines().isEmpty()) {
            throw new RuleViolation("required", "lines", "an order needs at least one line");
        }
        for (int i = 0; i < command.lines().size(); i++) {
            String productId = command.lines().get(i).productId();
            if (productId == null || productId.isBlank()) {
                throw new RuleViolation("required", "lines[" + i + "].productId", "productId is required");
            }
        }
        Map<String, ProductCatalog.CatalogEntry> products = catalog.find(
                command.lines().stream().map(PlaceOrderCommand.RequestedLine::productId).collect(Collectors.toSet()));
        List<OrderLine> priced = new ArrayList<>(command.lines().size());
        for (int i = 0; i < command.lines().size(); i++) {
            PlaceOrderCommand.RequestedLine line = command.lines().get(i);
            String field = "lines[" + i + "].productId";
            ProductCatalog.CatalogEntry product = products.get(line.productId());
            if (product == null) {
                throw new RuleViolation("product-unknown", field, "product " + line.productId() + " is not in the catalogue");
            }
            if (product.discontinued()) {
                throw new RuleViolation("product-discontinued", field,
                        "product " + line.productId() + " is discontinued");
            }
            priced.add(new OrderLine(product.productId(), product.title(), line.quantity(), product.price()));
        }
        Instant placedAt = command.placedAt() != null ? command.placedAt() : Instant.now();
        repository.newInstance(() -> new Order(command.orderId(), command.customerId(), priced, placedAt));
        return command.orderId();
    }
}
