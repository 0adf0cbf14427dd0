package io.seamline.platform.idempotency;

import io.seamline.domain.Money;
import io.seamline.order.api.PlaceOrderCommand;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.product.api.UpdateProductCommand;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A request's fingerprint is a pure function of the command's type and content, stable across processes. */
class FingerprintTest {

    private static PlaceOrderCommand order(int quantity) {
        return new PlaceOrderCommand("", "cust-1", List.of(new PlaceOrderCommand.RequestedLine("p-1", quantity)), null);
    }

    @Test
    void of_sameCommand_sameFingerprint() {
        assertThat(Fingerprint.of(order(2))).isEqualTo(Fingerprint.of(order(2)));
    }

    @Test
    void of_differentContent_differentFingerprint() {
        assertThat(Fingerprint.of(order(2))).isNotEqualTo(Fingerprint.of(order(3)));
    }

    @Test
    void of_knownCommand_isPinned() {
        // A restarted (or upgraded) service must compute what the first one stored: a change here breaks retries
        // of keys recorded before it, so it needs a deliberate decision, not an accident. The value is SHA-256 of
        // PlaceOrderCommand\n{"customerId":"cust-1","lines":[{"productId":"p-1","quantity":2}],"orderId":"","placedAt":null}
        assertThat(Fingerprint.of(order(2)))
                .isEqualTo("05ba5b1c47a07f7d9f14b656b1aa6983c99a5d7182c5ec3aaba752973e6dbaf8");
    }

    @Test
    void of_mapsInAnyOrder_sameFingerprint() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        assertThat(Fingerprint.of(new UpdateProductCommand("p", null, null, null, null, null, ab)))
                .isEqualTo(Fingerprint.of(new UpdateProductCommand("p", null, null, null, null, null, ba)));
    }

    @Test
    void of_sameAmountWrittenDifferently_sameFingerprint() {
        // Money keeps amounts to the cent, so 2.5 and 2.50 are one price and one request
        assertThat(Fingerprint.of(product(Money.of("2.5", "EUR"))))
                .isEqualTo(Fingerprint.of(product(Money.of("2.50", "EUR"))));
    }

    @Test
    void of_sameFieldsOtherCommandType_differentFingerprint() {
        record Other(String orderId, String customerId, List<PlaceOrderCommand.RequestedLine> lines,
                     java.time.Instant placedAt) {
        }
        PlaceOrderCommand order = order(2);
        assertThat(Fingerprint.of(new Other(order.orderId(), order.customerId(), order.lines(), null)))
                .isNotEqualTo(Fingerprint.of(order));
    }

    private static CreateProductCommand product(Money price) {
        return new CreateProductCommand("", "SKU-1", "Kettle", null, null, price, Map.of());
    }
}
