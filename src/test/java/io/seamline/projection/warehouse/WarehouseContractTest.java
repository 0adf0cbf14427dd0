package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.bronze.BronzeSchemas;
import io.seamline.projection.warehouse.gold.GoldSchemas;
import io.seamline.projection.warehouse.silver.SilverSchemas;
import io.seamline.seam.contract.MalformedContractException;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The warehouse contract declares exactly the tables of {@link BronzeSchemas}, {@link SilverSchemas} and
 * {@link GoldSchemas}, and says so precisely.
 */
class WarehouseContractTest {

    private static final WarehouseContract CONTRACT = WarehouseContract.load();
    private static final String FILE = WarehouseContract.RESOURCE;

    /** A contract with one table: each malformed case below breaks one field of it. */
    private static final String MINIMAL = """
            kind: DataContract
            apiVersion: v3.1.0
            id: test
            version: 1.0.0
            status: draft
            schema:
              - name: t.a
                physicalName: t/a
                properties:
                  - name: id
                    logicalType: string
                    physicalType: utf8
                    required: true
                  - name: n
                    logicalType: integer
                    physicalType: int64
                customProperties:
                  - property: source
                    value: test
                  - property: deliveryGuarantee
                    value: effectively-once
                  - property: idempotencyKey
                    value: [id]
                  - property: ordering
                    value: none
                  - property: freshness
                    value: {warnAfter: 5s, errorAfter: 60s}
                  - property: reconciliation
                    value: none
            slaProperties:
              - property: latency
                value: 60
                unit: s
                element: t.a.n
              - property: retention
                value: 7
                unit: d
            """;

    /**
     * The layers' tables by name: BronzeSchemas.EVENTS is bronze.events; found by reflection so none is missed.
     */
    private static Map<String, Schema> warehouseTables() throws IllegalAccessException {
        Map<String, Schema> tables = new TreeMap<>();
        for (Class<?> layer : List.of(BronzeSchemas.class, SilverSchemas.class, GoldSchemas.class)) {
            String prefix = layer.getSimpleName().replace("Schemas", "").toLowerCase() + ".";
            for (java.lang.reflect.Field f : layer.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == Schema.class) {
                    tables.put(prefix + f.getName().toLowerCase(), (Schema) f.get(null));
                }
            }
        }
        return tables;
    }

    @Test
    void contract_declaresEveryWarehouseTableAndNoOther() throws IllegalAccessException {
        Set<String> declared = CONTRACT.tables().stream().map(WarehouseContract.Table::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(warehouseTables().keySet(), declared);
    }

    @Test
    void declaredColumns_equalWarehouseSchemas() throws IllegalAccessException {
        Map<String, List<String>> differences = new TreeMap<>();
        warehouseTables().forEach((name, schema) -> {
            List<String> found = CONTRACT.differences(name, schema);
            if (!found.isEmpty()) {
                differences.put(name, found);
            }
        });
        // every table's differences at once, so one run shows all the drift
        assertEquals(Map.of(), differences);
        warehouseTables().forEach((name, schema) -> assertEquals(schema, CONTRACT.declaredSchema(name), name));
    }

    @Test
    void differences_renamedColumn_reported() {
        Schema altered = alter(SilverSchemas.ORDERS, 3, f -> field("totl", f.getFieldType()));
        assertEquals(List.of("silver.orders properties[3] total: name declared 'total', actual 'totl'"),
                CONTRACT.differences("silver.orders", altered));
    }

    @Test
    void differences_changedType_reported() {
        Schema altered = alter(SilverSchemas.ORDERS, 3,
                f -> field(f.getName(), FieldType.notNullable(new ArrowType.Int(64, true))));
        assertEquals(List.of("silver.orders properties[3] total: physicalType declared decimal128(18, 2), actual int64"),
                CONTRACT.differences("silver.orders", altered));
    }

    @Test
    void differences_flippedNullability_reported() {
        Schema altered = alter(BronzeSchemas.EVENTS, 11,
                f -> field(f.getName(), FieldType.notNullable(f.getType())));
        assertEquals(List.of("bronze.events properties[11] correlation_id: declared nullable, actual required"),
                CONTRACT.differences("bronze.events", altered));
    }

    @Test
    void differences_missingAndExtraColumns_reported() {
        List<Field> fields = GoldSchemas.DAILY_REVENUE.getFields();
        Schema shorter = new Schema(fields.subList(0, fields.size() - 1));
        List<Field> longer = new ArrayList<>(fields);
        longer.add(field("margin", FieldType.nullable(ArrowType.Utf8.INSTANCE)));
        assertEquals(List.of("gold.daily_revenue properties[8] avg_order_value: declared, actual has no such column"),
                CONTRACT.differences("gold.daily_revenue", shorter));
        assertEquals(List.of("gold.daily_revenue properties[9] margin: not declared"),
                CONTRACT.differences("gold.daily_revenue", new Schema(longer)));
    }

    @Test
    void differences_undeclaredTable_refused() {
        assertThatThrownBy(() -> CONTRACT.differences("gold.nope", GoldSchemas.FACT_SALES))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(FILE + " declares no table 'gold.nope'");
    }

    @Test
    void physicalType_writesArrowNotation() {
        assertEquals("utf8", WarehouseContract.physicalType(ArrowType.Utf8.INSTANCE));
        assertEquals("bool", WarehouseContract.physicalType(ArrowType.Bool.INSTANCE));
        assertEquals("int32", WarehouseContract.physicalType(new ArrowType.Int(32, true)));
        assertEquals("uint8", WarehouseContract.physicalType(new ArrowType.Int(8, false)));
        assertEquals("date32[day]", WarehouseContract.physicalType(new ArrowType.Date(DateUnit.DAY)));
        assertEquals("timestamp[us, tz=UTC]",
                WarehouseContract.physicalType(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")));
        assertEquals("timestamp[ns]", WarehouseContract.physicalType(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)));
        assertEquals("decimal128(18, 2)", WarehouseContract.physicalType(new ArrowType.Decimal(18, 2, 128)));
    }

    @Test
    void freshness_parsesThresholdsAndWatermarkElement() {
        WarehouseContract.Freshness bronze = CONTRACT.table("bronze.events").freshness();
        assertEquals(new WarehouseContract.Freshness(Duration.ofSeconds(5), Duration.ofSeconds(60),
                "bronze.events.global_index"), bronze);
        WarehouseContract.Freshness gold = CONTRACT.table("gold.daily_revenue").freshness();
        assertEquals(new WarehouseContract.Freshness(Duration.ofSeconds(10), Duration.ofSeconds(120),
                "gold.daily_revenue"), gold);
    }

    @Test
    void retention_isSevenDaysForEveryTable() {
        CONTRACT.tables().forEach(t -> assertEquals(Duration.ofDays(7), t.retention(), t.name()));
    }

    @Test
    void seamSemantics_parsed() {
        WarehouseContract.Table bronze = CONTRACT.table("bronze.events");
        assertEquals("bronze/events", bronze.physicalName());
        assertEquals("effectively-once", bronze.deliveryGuarantee());
        assertEquals(List.of("kafka_partition", "kafka_offset"), bronze.idempotencyKey());
        assertEquals(List.of("day", "category", "currency"), CONTRACT.table("gold.daily_revenue").idempotencyKey());
    }

    @Test
    void load_fromPath_readsTheSameContract(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("contract.yaml");
        Files.writeString(file, MINIMAL);
        WarehouseContract contract = WarehouseContract.load(file);
        assertEquals(List.of("id", "n"), contract.table("t.a").columns().stream()
                .map(WarehouseContract.Column::name).toList());
        assertEquals(Duration.ofDays(7), contract.table("t.a").retention());
    }

    @Test
    void parse_unknownPhysicalType_namesTheField() {
        assertMalformed(MINIMAL.replace("physicalType: int64", "physicalType: int63"),
                "schema[0].properties[1].physicalType: unknown type 'int63'");
        assertMalformed(MINIMAL.replace("physicalType: utf8", "physicalType: utf9"),
                "schema[0].properties[0].physicalType: unknown type 'utf9'");
        // one spelling per type, so a declared type always compares equal to a rendered one
        assertMalformed(MINIMAL.replace("physicalType: int64", "physicalType: Int64"),
                "schema[0].properties[1].physicalType: unknown type 'Int64'");
    }

    @Test
    void parse_missingField_namesTheField() {
        assertMalformed(MINIMAL.replace("        physicalType: int64\n", ""),
                "schema[0].properties[1].physicalType: missing");
        assertMalformed(MINIMAL.replace("  - name: t.a\n    physicalName: t/a\n", "  - physicalName: t/a\n"),
                "schema[0].name: missing");
        assertMalformed(MINIMAL.replace("      - property: ordering\n        value: none\n", ""),
                "schema[0].customProperties: missing 'ordering'");
        assertMalformed(MINIMAL.replace("    element: t.a.n\n", ""), "slaProperties[0].element: missing");
    }

    @Test
    void parse_badDuration_namesTheField() {
        assertMalformed(MINIMAL.replace("warnAfter: 5s", "warnAfter: soon"),
                "schema[0].customProperties[4].value.warnAfter: bad duration 'soon' (expected e.g. 5s, 2min, 7d)");
        assertMalformed(MINIMAL.replace("unit: d", "unit: fortnight"),
                "slaProperties[1].unit: unknown unit 'fortnight' (known: ms, s, min, h, d)");
        assertMalformed(MINIMAL.replace("warnAfter: 5s", "warnAfter: 90s"),
                "schema[0].customProperties[4].value: warnAfter PT1M30S must be shorter than errorAfter PT1M");
    }

    @Test
    void parse_inconsistentDeclarations_namesTheField() {
        assertMalformed(MINIMAL.replace("logicalType: integer", "logicalType: string"),
                "schema[0].properties[1].logicalType: 'string' does not fit int64 (expected 'integer')");
        assertMalformed(MINIMAL.replace("value: [id]", "value: [id, sequence]"),
                "schema[0].customProperties[2].value[1]: no column 'sequence' in t.a");
        assertMalformed(MINIMAL.replace("element: t.a.n", "element: t.a.m"),
                "slaProperties[0].element: no table or column 't.a.m'");
        assertMalformed(MINIMAL.replace("value: 60", "value: 30"),
                "slaProperties[0].value: latency PT30S differs from t.a freshness errorAfter PT1M");
        assertMalformed(MINIMAL.replace("required: true", "required: yes please"),
                "schema[0].properties[0].required: expected true or false, got 'yes please'");
        assertMalformed(MINIMAL.replace("- name: n", "- name: id"),
                "schema[0].properties[1].name: column 'id' is declared twice");
        assertMalformed(MINIMAL.replace("apiVersion: v3.1.0", "apiVersion: v3.0.2"),
                "apiVersion: expected 'v3.1.0', got 'v3.0.2'");
    }

    @Test
    void parse_missingSla_namesTheTable() {
        assertMalformed(MINIMAL.replace("property: latency", "property: frequency"),
                "slaProperties: no latency for t.a");
        assertMalformed(MINIMAL.replace("property: retention", "property: frequency"),
                "slaProperties: no retention for t.a");
        assertMalformed(MINIMAL.replace("unit: d", "unit: d\n    element: t.a"),
                "slaProperties[1].element: retention holds for every table; remove the element");
    }

    @Test
    void parse_empty_namesTheFirstField() {
        assertMalformed("", "kind: missing");
    }

    @Test
    void parse_notYaml_namesTheFile() {
        assertThatThrownBy(() -> WarehouseContract.parse(FILE, "kind: [unclosed"))
                .isInstanceOf(MalformedContractException.class).hasMessageStartingWith(FILE + ": not valid YAML: ");
        assertThatThrownBy(() -> WarehouseContract.parse(FILE, "kind: DataContract\nkind: DataContract\n"))
                .isInstanceOf(MalformedContractException.class).hasMessageContaining("Duplicate field 'kind'");
    }

    private static void assertMalformed(String yaml, String message) {
        assertThatThrownBy(() -> WarehouseContract.parse(FILE, yaml))
                .isInstanceOf(MalformedContractException.class).hasMessage(FILE + ": " + message);
    }

    private static Schema alter(Schema schema, int index, UnaryOperator<Field> change) {
        List<Field> fields = new ArrayList<>(schema.getFields());
        fields.set(index, change.apply(fields.get(index)));
        return new Schema(fields);
    }

    private static Field field(String name, FieldType type) {
        return new Field(name, type, null);
    }
}
