package io.seamline.projection.search;

import io.seamline.domain.Money;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.product.api.DiscontinueProductCommand;
import io.seamline.product.api.UpdateProductCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.Map;
import java.util.UUID;

/** Products created, updated and discontinued through the real command side, with words no other test uses. */
final class KeywordProducts {

    private final CommandGateway gateway;

    KeywordProducts(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** A word that appears in no other product: letters only, so the analyser keeps it one token. */
    static String uniqueWord() {
        StringBuilder word = new StringBuilder("zq");
        for (char c : UUID.randomUUID().toString().replace("-", "").substring(0, 10).toCharArray()) {
            word.append((char) ('a' + Character.digit(c, 16)));
        }
        return word.toString();
    }

    String create(String title, String description, String category) {
        String id = UUID.randomUUID().toString();
        gateway.sendAndWait(new CreateProductCommand(id, "SKU-" + id, title, description, category,
                Money.of("19.90", "EUR"), Map.of("brand", "Hearthline", "color", "silver")));
        return id;
    }

    void retitle(String id, String title) {
        gateway.sendAndWait(new UpdateProductCommand(id, null, title, null, null, null, null));
    }

    void discontinue(String id) {
        gateway.sendAndWait(new DiscontinueProductCommand(id, null));
    }
}
