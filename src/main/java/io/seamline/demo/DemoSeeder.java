package io.seamline.demo;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seamline.order.api.CancelOrderCommand;
import io.seamline.order.api.PayOrderCommand;
import io.seamline.order.api.PlaceOrderCommand;
import io.seamline.order.api.ShipOrderCommand;
import io.seamline.platform.PlatformConfig;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.monitor.Freshness;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Seeds the demo on first start with an empty store, through the command gateway like any client: the
 * real catalogue, then {@value #ORDERS} orders spread over {@value #DAYS} days from a fixed seed
 * (placed, then most paid hours later, most of those shipped a day or two after, some cancelled; an order whose
 * payment or shipment would lie in the future stops short of it). Runs in the background; the service
 * answers meanwhile.
 */
@ApplicationScoped
class DemoSeeder {

    static final int ORDERS = 10_000;
    static final int DAYS = 90;
    static final long SEED = 20261123L;
    private static final Logger LOG = Logger.getLogger(DemoSeeder.class);

    private final CommandGateway gateway;
    private final EventLog log;
    private final Freshness freshness;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final String seed;

    DemoSeeder(CommandGateway gateway, EventLog log, Freshness freshness, PlatformConfig config) {
        this.seed = config.seed();
        this.gateway = gateway;
        this.log = log;
        this.freshness = freshness;
    }

    void onStart(@Observes @Priority(100) StartupEvent event) {
        if (!"demo".equals(seed)) {
            return;
        }
        if (log.head() >= 0) {
            LOG.info("demo data: the event store is not empty, nothing seeded");
            return;
        }
        Thread seeder = new Thread(this::seed, "demo-seeder");
        seeder.setDaemon(true);
        seeder.start();
    }

    /** The service is stopping: send no further commands. */
    void onStop(@Observes @Priority(0) ShutdownEvent event) {
        stopping.countDown();
    }

    private boolean stopping() {
        return stopping.getCount() == 0;
    }

    void seed() {
        long started = System.nanoTime();
        List<CreateProductCommand> products = DemoCatalogue.commands();
        sendAll(products, product -> product);
        awaitRowStore();
        List<String> ids = products.stream().map(CreateProductCommand::productId).toList();
        List<List<Object>> orderLives = DemoOrders.generate(ids, ORDERS, DAYS, Instant.now(), new Random(SEED));
        sendAll(orderLives, life -> life.get(0));
        sendAll(orderLives.stream().filter(l -> l.size() > 1).toList(), life -> life.get(1));
        sendAll(orderLives.stream().filter(l -> l.size() > 2).toList(), life -> life.get(2));
        LOG.infof("demo data: %d products and %d orders seeded in %d s", products.size(), orderLives.size(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    /** Sends each item's command, eight at a time; a refused command is logged and skipped. */
    private <T> void sendAll(List<T> items, Function<T, ?> command) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (T item : items) {
                all.add(CompletableFuture.runAsync(() -> {
                    if (stopping()) {
                        return;
                    }
                    try {
                        gateway.sendAndWait(command.apply(item));
                    } catch (RuntimeException e) {
                        LOG.warnf("demo data: %s refused: %s", command.apply(item).getClass().getSimpleName(), e.getMessage());
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
    }

    /** Orders are priced from the row store, so it must have every product first. */
    private void awaitRowStore() {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            boolean caughtUp = freshness.current().stream()
                    .filter(f -> f.consumer().equals("rowstore")).allMatch(f -> f.lagEvents() == 0);
            try {
                // look again in 200 ms, or give up at once when the service stops
                if (caughtUp || stopping.await(200, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warn("demo data: the row store did not catch up within 5 minutes; seeding orders anyway");
    }

    /** Fixed-seed order histories: each is the PlaceOrder command and what happened to the order next. */
    static final class DemoOrders {
        private DemoOrders() {
        }

        static List<List<Object>> generate(List<String> productIds, int count, int days, Instant now, Random random) {
            List<List<Object>> lives = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String orderId = UUID.nameUUIDFromBytes(("demo-order-" + i).getBytes()).toString();
                int lineCount = 1 + random.nextInt(4);
                List<PlaceOrderCommand.RequestedLine> lines = new ArrayList<>();
                for (int l = 0; l < lineCount; l++) {
                    lines.add(new PlaceOrderCommand.RequestedLine(
                            productIds.get(random.nextInt(productIds.size())), 1 + random.nextInt(3)));
                }
                Instant placedAt = now.minusSeconds((long) (random.nextDouble() * days * 86_400));
                List<Object> life = new ArrayList<>();
                life.add(new PlaceOrderCommand(orderId, "customer-" + random.nextInt(2_000), lines, placedAt));
                double fate = random.nextDouble();
                boolean ships = random.nextDouble() < 0.85;
                Instant paidAt = placedAt.plus(PAYMENT.draw(random));
                Instant shippedAt = paidAt.plus(DISPATCH.draw(random));
                if (fate < 0.10) {
                    life.add(new CancelOrderCommand(orderId, null, "customer changed their mind"));
                } else if (fate < 0.80 && !paidAt.isAfter(now)) { // an order placed minutes ago is not paid yet
                    life.add(new PayOrderCommand(orderId, null, paidAt));
                    if (ships && !shippedAt.isAfter(now)) {
                        life.add(new ShipOrderCommand(orderId, null, shippedAt));
                    }
                }
                lives.add(life);
            }
            return lives;
        }

        /** Placement to payment: median 2 hours, most within a day (card, then the odd bank transfer). */
        static final Delay PAYMENT = new Delay(Duration.ofHours(2), 1.2, Duration.ofMinutes(1), Duration.ofDays(4));
        /** Payment to shipment: median a day and a half, most within four days. */
        static final Delay DISPATCH = new Delay(Duration.ofHours(36), 0.6, Duration.ofHours(2), Duration.ofDays(10));
    }

    /** A log-normal delay around {@code median} with spread {@code sigma}, kept within [min, max]. */
    record Delay(Duration median, double sigma, Duration min, Duration max) {

        Duration draw(Random random) {
            double seconds = median.toSeconds() * Math.exp(sigma * random.nextGaussian());
            long bounded = Math.max(min.toSeconds(), Math.min(max.toSeconds(), Math.round(seconds)));
            return Duration.ofSeconds(bounded);
        }
    }
}
