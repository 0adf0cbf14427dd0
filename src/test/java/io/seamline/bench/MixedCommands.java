package io.seamline.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The capacity benchmark's mix of commands over the demo catalogue, one event each: of every 20 commands, 17 price
 * changes, one description change (the vector index embeds the new text) and two order commands (place, then pay,
 * ship or cancel an order placed earlier in the run). Counts what was sent and acknowledged per kind.
 */
final class MixedCommands {

    /** A kind of command in the mix. */
    enum Kind { PRICE, DESCRIPTION, PLACE_ORDER, PAY_ORDER, SHIP_ORDER, CANCEL_ORDER }

    private final List<String> products;
    private final Function<String, HttpRequest.Builder> request;
    /** By identity: requests compare equal by method, URI and headers alone, so two orders would be one key. */
    private final Map<HttpRequest, Kind> unanswered = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<Kind, LongAdder> sent = new EnumMap<>(Kind.class);
    private final Map<Kind, LongAdder> acknowledged = new EnumMap<>(Kind.class);
    private final ConcurrentLinkedQueue<String> placed = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> paid = new ConcurrentLinkedQueue<>();
    private final LongAdder orderCommands = new LongAdder();

    /** {@code request}: a request builder for a path of the service, with the harness's credentials. */
    MixedCommands(List<String> products, Function<String, HttpRequest.Builder> request) {
        if (products.isEmpty()) {
            throw new IllegalArgumentException("the mix needs products to change and order");
        }
        this.products = products;
        this.request = request;
        for (Kind k : Kind.values()) {
            sent.put(k, new LongAdder());
            acknowledged.put(k, new LongAdder());
        }
    }

    /** Command {@code n} of the run. */
    HttpRequest command(long n) {
        int slot = (int) (n % 20);
        String product = products.get((int) ((n * 7919) % products.size()));
        HttpRequest r = switch (slot) {
            case 17 -> track(Kind.DESCRIPTION, patch(product, "{\"description\":\"" + description(n) + "\"}"));
            case 18, 19 -> order(n);
            default -> track(Kind.PRICE, patch(product, String.format(Locale.ROOT,
                    "{\"price\":{\"amount\":%d.%02d,\"currency\":\"USD\"}}", 5 + n % 300, n % 100)));
        };
        return r;
    }

    /** An acknowledged command: counted, and an order placed or paid becomes one to pay, ship or cancel. */
    void acknowledged(HttpRequest r, HttpResponse<String> answer) {
        Kind kind = unanswered.remove(r);
        if (kind == null) {
            return;
        }
        acknowledged.get(kind).increment();
        switch (kind) {
            case PLACE_ORDER -> {
                String id = CommandApi.id(answer.body());
                if (id != null) {
                    placed.add(id);
                }
            }
            case PAY_ORDER -> paid.add(orderId(r));
            default -> {
            }
        }
    }

    /** "price 1,700 of 1,700, description 100 of 100, …": acknowledged of sent, per kind. */
    String summary() {
        StringBuilder s = new StringBuilder();
        for (Kind k : Kind.values()) {
            s.append(s.isEmpty() ? "" : ", ").append(k.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(' ')
                    .append(String.format(Locale.ROOT, "%,d of %,d", acknowledged.get(k).sum(), sent.get(k).sum()));
        }
        return s.append(" acknowledged").toString();
    }

    private HttpRequest order(long n) {
        orderCommands.increment();
        long k = orderCommands.sum();
        if (k % 4 == 1) {
            String id = placed.poll();
            if (id != null) {
                return track(Kind.PAY_ORDER, post("/api/orders/" + id + "/pay", ""));
            }
        } else if (k % 4 == 3) {
            String shippable = k % 8 == 3 ? paid.poll() : null;
            if (shippable != null) {
                return track(Kind.SHIP_ORDER, post("/api/orders/" + shippable + "/ship", ""));
            }
            String cancellable = placed.poll();
            if (cancellable != null) {
                return track(Kind.CANCEL_ORDER, post("/api/orders/" + cancellable + "/cancel",
                        "{\"reason\":\"capacity benchmark\"}"));
            }
        }
        String line = products.get((int) ((n * 104_729) % products.size()));
        return track(Kind.PLACE_ORDER, post("/api/orders", "{\"customerId\":\"cap-" + n % 1000
                + "\",\"lines\":[{\"productId\":\"" + line + "\",\"quantity\":" + (1 + n % 3) + "}]}"));
    }

    private static String orderId(HttpRequest r) {
        String path = r.uri().getPath(); // /api/orders/{id}/pay
        return path.substring("/api/orders/".length(), path.lastIndexOf('/'));
    }

    private static String description(long n) {
        return "Revised by the capacity benchmark (" + n + "): a sturdy everyday item, easy to clean, made to last "
                + "and backed by a two-year warranty.";
    }

    private HttpRequest track(Kind kind, HttpRequest r) {
        sent.get(kind).increment();
        unanswered.put(r, kind);
        return r;
    }

    private HttpRequest patch(String product, String body) {
        return request.apply("/api/products/" + product).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest post(String path, String body) {
        return request.apply(path).header("Content-Type", "application/json")
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
