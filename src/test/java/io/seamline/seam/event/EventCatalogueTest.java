package io.seamline.seam.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.seamline.domain.Money;
import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.order.api.OrderShippedEvent;
import io.seamline.platform.EventJson;

import io.seamline.order.OrderPaidV1Upcaster;
import io.seamline.order.OrderShippedV1Upcaster;
import io.seamline.product.ProductCreatedV1Upcaster;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks that the JSON Schemas in {@code eventstore/events} cover every event class and version and match what EventJson really writes. */
class EventCatalogueTest {

    private static final Path CATALOGUE = Path.of("eventstore", "events");
    private static final Pattern SCHEMA_FILE = Pattern.compile("([A-Z][A-Za-z]*)\\.v([1-9][0-9]*)\\.json");
    private static final String ID_BASE = "https://seamline.dev/events/";
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final ObjectMapper JSON = EventJson.mapper();

    private static final String PRODUCT_ID = "3f1c2a9e-6b4d-4e8a-9c1f-2d7b5e8a0c41";
    private static final String OTHER_PRODUCT_ID = "b7e0d4c2-1a3f-4c5e-8d9b-0f6a2e4c8b13";
    private static final String ORDER_ID = "9d2e7f10-4c8b-4a6e-b1d3-5f0a7c9e2b84";

    /** A ProductCreated as revision 1 wrote it: the price a bare number of US dollars. */
    private static final String PRODUCT_CREATED_V1 = """
            {"productId":"%s","sku":"MUG-ENAMEL-01","title":"Enamel mug","description":null,
             "category":"Kitchen","price":12.5,"attributes":{"colour":"white"}}""".formatted(PRODUCT_ID);

    /** An OrderPaid as revision 1 wrote it: no time of its own. */
    private static final String ORDER_PAID_V1 = """
            {"orderId":"%s","amount":{"amount":48.98,"currency":"EUR"}}""".formatted(ORDER_ID);
    /** An OrderShipped as revision 1 wrote it: no time of its own. */
    private static final String ORDER_SHIPPED_V1 = """
            {"orderId":"%s"}""".formatted(ORDER_ID);

    @Test
    void everyEventClass_atItsCurrentVersion_hasASchemaFile() {
        List<String> missing = EventTypes.ALL.stream()
                .map(EventCatalogueTest::schemaFile)
                .filter(file -> !Files.isRegularFile(CATALOGUE.resolve(file)))
                .toList();

        assertThat(missing).as("schemas missing from %s", CATALOGUE).isEmpty();
    }

    @Test
    void everySchemaFile_namesAKnownTypeAndVersion_olderVersionsHaveAnUpcaster() throws IOException {
        List<String> files = schemaFiles();
        assertThat(files).isNotEmpty();

        for (String file : files) {
            Matcher name = SCHEMA_FILE.matcher(file);
            assertThat(name.matches()).as("%s is named <Type>.v<N>.json", file).isTrue();
            Class<?> eventClass = EventTypes.byName(name.group(1)).orElse(null);
            assertThat(eventClass).as("event class of %s", file).isNotNull();
            int version = Integer.parseInt(name.group(2));
            assertThat(version).as("version of %s", file).isLessThanOrEqualTo(EventTypes.version(eventClass));
            if (version < EventTypes.version(eventClass)) {
                assertThat(upcaster(eventClass, version)).as("upcaster for %s", file)
                        .isPresent().get().satisfies(c -> assertThat(EventUpcaster.class).isAssignableFrom(c));
            }
        }
    }

    @Test
    void productCreatedV1_olderThanCurrent_isUpcastByProductCreatedV1Upcaster() {
        assertEquals(2, EventTypes.version(ProductCreatedEvent.class));
        assertThat(Files.isRegularFile(CATALOGUE.resolve("ProductCreated.v1.json"))).isTrue();
        assertThat(upcaster(ProductCreatedEvent.class, 1)).contains(ProductCreatedV1Upcaster.class);
    }

    @Test
    void everySchemaFile_header_isValidDraft202012WithIdFromItsFileName() throws IOException {
        JsonSchema metaSchema = SCHEMAS.getSchema(SchemaLocation.of(SchemaId.V202012));
        for (String file : schemaFiles()) {
            JsonNode schema = JSON.readTree(CATALOGUE.resolve(file).toFile());

            assertThat(metaSchema.validate(schema)).as("%s against the 2020-12 meta-schema", file).isEmpty();
            assertEquals(SchemaId.V202012, schema.path("$schema").asText(), file);
            assertEquals(ID_BASE + file, schema.path("$id").asText(), file);
            assertThat(schema.path("title").asText()).as("title of %s", file).isNotBlank();
            assertThat(schema.path("description").asText()).as("description of %s", file).isNotBlank();
            assertEquals("object", schema.path("type").asText(), file);
            assertEquals(false, schema.path("additionalProperties").asBoolean(true), file);
            assertThat(schema.findValuesAsText("$ref")).as("references of %s stay inside the file", file)
                    .allMatch(ref -> ref.startsWith("#/$defs/"));
        }
    }

    @Test
    void samples_coverEveryEventClass() {
        Set<Class<?>> sampled = new HashSet<>(samples().map(s -> s.getPayload().getClass()).toList());

        assertThat(sampled).containsAll(EventTypes.ALL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleEvent_serializedByEventJson_validatesAgainstItsCurrentSchema(Object event) {
        assertThat(validate(schemaFile(event.getClass()), serialized(event))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenProductCreatedV2")
    void productCreatedV2_withABrokenField_failsValidation(Consumer<ObjectNode> breakIt) {
        ObjectNode event = (ObjectNode) serialized(productCreated());
        assertThat(validate("ProductCreated.v2.json", event)).as("the unbroken event").isEmpty();

        breakIt.accept(event);

        assertThat(validate("ProductCreated.v2.json", event)).isNotEmpty();
    }

    @Test
    void productUpdated_withNoChangedField_failsValidation() {
        JsonNode event = serialized(new ProductUpdatedEvent(PRODUCT_ID, null, null, null, null, null));

        assertThat(validate("ProductUpdated.v1.json", event)).isNotEmpty();
    }

    @Test
    void productCreatedV1Sample_againstV1AndV2_validatesOnlyAgainstV1() throws IOException {
        JsonNode v1 = JSON.readTree(PRODUCT_CREATED_V1);

        assertThat(validate("ProductCreated.v1.json", v1)).isEmpty();
        assertThat(validate("ProductCreated.v2.json", v1)).isNotEmpty();
    }

    @Test
    void orderPaidAndShippedV1_olderThanCurrent_areUpcastByTheirV1Upcasters() {
        assertEquals(2, EventTypes.version(OrderPaidEvent.class));
        assertEquals(2, EventTypes.version(OrderShippedEvent.class));
        assertThat(upcaster(OrderPaidEvent.class, 1)).contains(OrderPaidV1Upcaster.class);
        assertThat(upcaster(OrderShippedEvent.class, 1)).contains(OrderShippedV1Upcaster.class);
    }

    @Test
    void orderPaidAndShippedV1Samples_validateOnlyAgainstV1() throws IOException {
        assertThat(validate("OrderPaid.v1.json", JSON.readTree(ORDER_PAID_V1))).isEmpty();
        assertThat(validate("OrderPaid.v2.json", JSON.readTree(ORDER_PAID_V1))).isNotEmpty();
        assertThat(validate("OrderShipped.v1.json", JSON.readTree(ORDER_SHIPPED_V1))).isEmpty();
        assertThat(validate("OrderShipped.v2.json", JSON.readTree(ORDER_SHIPPED_V1))).isNotEmpty();
    }

    @Test
    void orderPaidV1Sample_afterUpcasting_validatesAgainstV2_paidWhenStored() {
        Instant storedAt = Instant.parse("2024-03-01T09:30:00.123Z");
        IntermediateEventRepresentation upcast = upcastOrderStep(new OrderPaidV1Upcaster(), OrderPaidEvent.class,
                ORDER_PAID_V1, 1, storedAt);

        assertEquals("2", upcast.getType().getRevision());
        assertThat(validate("OrderPaid.v2.json", upcast.getData(JsonNode.class).getData())).isEmpty();
        OrderPaidEvent event = JacksonSerializer.builder().objectMapper(JSON).build().deserialize(upcast.getData());
        assertEquals(new OrderPaidEvent(ORDER_ID, Money.of("48.98", "EUR"), storedAt), event);
    }

    @Test
    void orderShippedV1Sample_afterUpcasting_validatesAgainstV2_shippedWhenStored() {
        Instant storedAt = Instant.parse("2024-03-02T17:00:00Z");
        IntermediateEventRepresentation upcast = upcastOrderStep(new OrderShippedV1Upcaster(), OrderShippedEvent.class,
                ORDER_SHIPPED_V1, 2, storedAt);

        assertEquals("2", upcast.getType().getRevision());
        assertThat(validate("OrderShipped.v2.json", upcast.getData(JsonNode.class).getData())).isEmpty();
        OrderShippedEvent event = JacksonSerializer.builder().objectMapper(JSON).build().deserialize(upcast.getData());
        assertEquals(new OrderShippedEvent(ORDER_ID, storedAt), event);
    }

    @Test
    void orderPaidV2Upcaster_leavesOtherEventsAlone() {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(JSON).build();
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("Order", ORDER_ID, 1,
                "e0b1c2d3-0000-4000-8000-000000000003", Instant.parse("2024-03-01T09:30:00Z"),
                OrderShippedEvent.class.getName(), "1", ORDER_SHIPPED_V1.getBytes(UTF_8), "{}".getBytes(UTF_8));

        IntermediateEventRepresentation untouched = new OrderPaidV1Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).findFirst().orElseThrow();

        assertEquals("1", untouched.getType().getRevision());
    }

    private static IntermediateEventRepresentation upcastOrderStep(EventUpcaster upcaster, Class<?> type, String payload,
                                                                   long sequence, Instant storedAt) {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(JSON).build();
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("Order", ORDER_ID, sequence,
                "e0b1c2d3-0000-4000-8000-00000000000" + sequence, storedAt, type.getName(), "1",
                payload.getBytes(UTF_8), "{}".getBytes(UTF_8));
        return upcaster.upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).findFirst().orElseThrow();
    }

    @Test
    void productCreatedV1Sample_afterUpcasting_validatesAgainstV2() throws IOException {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(JSON).build();
        GenericDomainEventEntry<byte[]> stored = new GenericDomainEventEntry<>("Product", PRODUCT_ID, 0,
                "e0b1c2d3-0000-4000-8000-000000000001", Instant.parse("2024-03-01T09:30:00Z"),
                ProductCreatedEvent.class.getName(), "1", PRODUCT_CREATED_V1.getBytes(UTF_8), "{}".getBytes(UTF_8));

        IntermediateEventRepresentation upcast = new ProductCreatedV1Upcaster()
                .upcast(Stream.of(new InitialEventRepresentation(stored, serializer))).findFirst().orElseThrow();

        assertEquals("2", upcast.getType().getRevision());
        assertThat(validate("ProductCreated.v2.json", upcast.getData(JsonNode.class).getData())).isEmpty();
        ProductCreatedEvent event = serializer.deserialize(upcast.getData());
        assertEquals(Money.of("12.50", "USD"), event.price());
    }

    // --- samples -----------------------------------------------------------------------------------------

    static Stream<Named<Object>> samples() {
        Map<String, String> fiftyAttributes = new TreeMap<>();
        IntStream.rangeClosed(1, 50).forEach(i -> fiftyAttributes.put("attribute-" + i, "value " + i));
        OrderPlacedEvent placed = orderPlaced();
        return Stream.of(
                Named.of("ProductCreated with description, category and attributes", productCreated()),
                Named.of("ProductCreated without description or category, no attributes",
                        new ProductCreatedEvent(OTHER_PRODUCT_ID, "MUG.01_b", "Mug", null, null,
                                Money.of("0.07", "USD"), Map.of())),
                Named.of("ProductCreated at the bounds (500-char title, 50 attributes, whole-number price)",
                        new ProductCreatedEvent(OTHER_PRODUCT_ID, "X".repeat(64), "T".repeat(500), "d".repeat(10_000),
                                "c".repeat(500), Money.of("999999999", "JPY"), fiftyAttributes)),
                Named.of("ProductUpdated with only the price changed",
                        new ProductUpdatedEvent(PRODUCT_ID, null, null, null, Money.of("24.5", "EUR"), null)),
                Named.of("ProductUpdated with texts changed and attributes cleared",
                        new ProductUpdatedEvent(PRODUCT_ID, "Organic cotton T-shirt, relaxed fit", "", "Apparel",
                                null, Map.of())),
                Named.of("ProductUpdated with attributes only",
                        new ProductUpdatedEvent(PRODUCT_ID, null, null, null, null, Map.of("size", "L"))),
                Named.of("ProductDiscontinued", new ProductDiscontinuedEvent(PRODUCT_ID)),
                Named.of("OrderPlaced with several lines, placed at a nanosecond instant", placed),
                Named.of("OrderPlaced with one line, imported with a whole-second past placedAt",
                        new OrderPlacedEvent(ORDER_ID, "customer-1999",
                                List.of(new OrderLine(PRODUCT_ID, "Organic cotton T-shirt", 1, Money.of("19.99", "EUR"))),
                                Money.of("19.99", "EUR"), Instant.parse("2026-08-25T00:00:00Z"))),
                Named.of("OrderPaid", new OrderPaidEvent(ORDER_ID, placed.total(), Instant.parse("2026-11-23T16:41:00.5Z"))),
                Named.of("OrderShipped", new OrderShippedEvent(ORDER_ID, Instant.parse("2026-11-25T09:00:00Z"))),
                Named.of("OrderCancelled with a reason", new OrderCancelledEvent(ORDER_ID, "Customer changed their mind")),
                Named.of("OrderCancelled without a reason", new OrderCancelledEvent(ORDER_ID, null)));
    }

    static Stream<Named<Consumer<ObjectNode>>> brokenProductCreatedV2() {
        return Stream.of(
                broken("negative amount", e -> price(e).put("amount", new BigDecimal("-5.00"))),
                broken("zero amount", e -> price(e).put("amount", BigDecimal.ZERO)),
                broken("sub-cent amount", e -> price(e).put("amount", new BigDecimal("19.999"))),
                broken("amount as a string", e -> price(e).put("amount", "19.99")),
                broken("missing currency", e -> price(e).remove("currency")),
                broken("lower-case currency", e -> price(e).put("currency", "eur")),
                broken("bare-number price (the v1 shape)", e -> e.put("price", new BigDecimal("19.99"))),
                broken("null price", e -> e.putNull("price")),
                broken("missing title", e -> e.remove("title")),
                broken("blank title", e -> e.put("title", "   ")),
                broken("SKU with a space", e -> e.put("sku", "TEE RED")),
                broken("productId longer than 64", e -> e.put("productId", "p".repeat(65))),
                broken("non-string attribute value", e -> ((ObjectNode) e.get("attributes")).put("size", 42)),
                broken("unknown field", e -> e.put("colour", "red")));
    }

    private static Named<Consumer<ObjectNode>> broken(String what, Consumer<ObjectNode> breakIt) {
        return Named.of(what, breakIt);
    }

    private static ObjectNode price(ObjectNode event) {
        return (ObjectNode) event.get("price");
    }

    private static ProductCreatedEvent productCreated() {
        Map<String, String> attributes = new TreeMap<>(Map.of("colour", "red", "size", "M", "material", "100% cotton"));
        return new ProductCreatedEvent(PRODUCT_ID, "TEE-ORG-RED-M", "Organic cotton T-shirt",
                "Heavyweight jersey — naturfarben, 220 g/m²", "Apparel/Tops", Money.of("19.99", "EUR"), attributes);
    }

    private static OrderPlacedEvent orderPlaced() {
        List<OrderLine> lines = List.of(
                new OrderLine(PRODUCT_ID, "Organic cotton T-shirt", 2, Money.of("19.99", "EUR")),
                new OrderLine(OTHER_PRODUCT_ID, "Mug", 1, Money.of("7.5", "EUR")),
                new OrderLine("c5a8e3f1-7d2b-4e9c-a0f4-3b6d8e1c2a57", "Sticker", 10_000, Money.of("0.07", "EUR")));
        Money total = lines.stream().map(OrderLine::amount).reduce(Money::plus).orElseThrow();
        return new OrderPlacedEvent(ORDER_ID, "customer-42", lines, total, Instant.parse("2026-11-23T14:05:09.123456789Z"));
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static List<String> validate(String file, JsonNode instance) {
        return EventSchemas.violations(file, instance);
    }

    /** The event as stored and published: written by EventJson, then read back as a tree. */
    private static JsonNode serialized(Object event) {
        try {
            return JSON.readTree(JSON.writeValueAsString(event));
        } catch (IOException e) {
            throw new AssertionError("cannot serialize " + event, e);
        }
    }

    private static String schemaFile(Class<?> eventClass) {
        return EventSchemas.file(EventTypes.typeName(eventClass), EventTypes.version(eventClass));
    }

    private static List<String> schemaFiles() throws IOException {
        try (Stream<Path> files = Files.list(CATALOGUE)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList();
        }
    }

    /** The upcaster from an older version, by convention {@code <aggregate package>.<Type>V<N>Upcaster}. */
    private static Optional<Class<?>> upcaster(Class<?> eventClass, int fromVersion) {
        String aggregatePackage = eventClass.getPackageName().replaceFirst("\\.api$", "");
        String name = aggregatePackage + "." + EventTypes.typeName(eventClass) + "V" + fromVersion + "Upcaster";
        try {
            return Optional.of(Class.forName(name));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }
}
