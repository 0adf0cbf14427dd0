package io.seamline.projection.warehouse;

import io.seamline.seam.contract.ContractNode;
import io.seamline.seam.contract.MalformedContractException;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The warehouse's data contract ({@code projections/warehouse/contract.yaml}, ODCS v3.1), parsed as every contract is
 * ({@link ContractNode#parse}), read into what the tests check the tables against: each table's columns, delivery
 * guarantee, idempotency key, freshness and retention.
 */
public final class WarehouseContract {

    /** Where the contract is on the classpath; the build copies {@code projections/warehouse} there. */
    public static final String RESOURCE = "projections/warehouse/contract.yaml";

    /** One declared column: {@code required} means not nullable, {@code type} is its Arrow type. */
    public record Column(String name, String logicalType, ArrowType type, boolean required) {

        /** The type as the contract writes it, e.g. {@code decimal128(18, 2)}. */
        public String physicalType() {
            return WarehouseContract.physicalType(type);
        }
    }

    /** How stale a table may get before its freshness is WARN or ERROR, and where its watermark is read. */
    public record Freshness(Duration warnAfter, Duration errorAfter, String element) {
    }

    /** One declared table and the semantics of the seam that fills it. */
    public record Table(String name, String physicalName, List<Column> columns, String deliveryGuarantee,
                        List<String> idempotencyKey, Freshness freshness, Duration retention) {
    }

    private static final String API_VERSION = "v3.1.0";
    // What every table must declare although the code reads none of it: a contract without them hides how
    // the table is filled, checked and repaired.
    private static final List<String> DOCUMENTED_SEMANTICS = List.of("source", "ordering", "reconciliation");
    private static final Pattern INT = Pattern.compile("(u?)int(8|16|32|64)");
    private static final Pattern TIMESTAMP = Pattern.compile("timestamp\\[(s|ms|us|ns)(?:, tz=([^\\]]+))?]");
    private static final Pattern DECIMAL = Pattern.compile("decimal(128|256)\\((\\d+), (\\d+)\\)");

    private final String source;
    private final Map<String, Table> tables;

    private WarehouseContract(String source, Map<String, Table> tables) {
        this.source = source;
        this.tables = tables;
    }

    /** The contract on the classpath. */
    public static WarehouseContract load() {
        try (InputStream in = WarehouseContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new MalformedContractException(RESOURCE + ": not on the classpath");
            }
            return parse(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE, e);
        }
    }

    /** The contract in {@code file}. */
    public static WarehouseContract load(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** Reads contract text; {@code source} names it in error messages. */
    static WarehouseContract parse(String source, String yaml) {
        ContractNode contract = ContractNode.parse(source, yaml);
        contract.expect("kind", "DataContract");
        contract.expect("apiVersion", API_VERSION);
        // what ODCS requires of every contract, so that its tooling accepts this one too
        contract.text("id");
        contract.text("version");
        contract.text("status");
        Map<String, Table> tables = new LinkedHashMap<>();
        for (ContractNode object : contract.items("schema")) {
            Table table = table(object);
            if (tables.putIfAbsent(table.name(), table) != null) {
                throw object.get("name").fail("table '" + table.name() + "' is declared twice");
            }
        }
        return new WarehouseContract(source, withSlas(contract, tables));
    }

    /** The declared tables, in the contract's order. */
    public List<Table> tables() {
        return List.copyOf(tables.values());
    }

    /** The declared table; an undeclared name is a caller's mistake. */
    public Table table(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw new IllegalArgumentException(source + " declares no table '" + name + "'");
        }
        return table;
    }

    /** The Arrow schema the contract declares for {@code table}. */
    public Schema declaredSchema(String table) {
        return new Schema(table(table).columns().stream()
                .map(c -> new Field(c.name(), new FieldType(!c.required(), c.type(), null), null))
                .toList());
    }

    /**
     * How {@code actual} departs from the declared columns of {@code table}, position by position: name,
     * physical type and nullability; empty when they agree.
     */
    public List<String> differences(String table, Schema actual) {
        List<Column> declared = table(table).columns();
        List<Field> fields = actual.getFields();
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.max(declared.size(), fields.size()); i++) {
            String at = table + " properties[" + i + "] ";
            if (i >= fields.size()) {
                differences.add(at + declared.get(i).name() + ": declared, actual has no such column");
                continue;
            }
            Field field = fields.get(i);
            if (i >= declared.size()) {
                differences.add(at + field.getName() + ": not declared");
                continue;
            }
            Column column = declared.get(i);
            at += column.name() + ": ";
            if (!column.name().equals(field.getName())) {
                differences.add(at + "name declared '" + column.name() + "', actual '" + field.getName() + "'");
            }
            String type = physicalType(field.getType());
            if (!column.physicalType().equals(type)) {
                differences.add(at + "physicalType declared " + column.physicalType() + ", actual " + type);
            }
            if (column.required() == field.isNullable()) {
                differences.add(at + "declared " + (column.required() ? "required" : "nullable") + ", actual "
                        + (field.isNullable() ? "nullable" : "required"));
            }
        }
        return differences;
    }

    /**
     * An Arrow type in the contract's notation, Arrow's type names with their parameters as pyarrow writes
     * them: {@code utf8}, {@code bool}, {@code int32}, {@code uint8}, {@code date32[day]},
     * {@code timestamp[us, tz=UTC]}, {@code decimal128(18, 2)}. Any other type renders as Arrow describes it,
     * which no contract can declare, so it shows up as a difference.
     */
    public static String physicalType(ArrowType type) {
        return switch (type) {
            case ArrowType.Utf8 ignored -> "utf8";
            case ArrowType.Bool ignored -> "bool";
            case ArrowType.Int i -> (i.getIsSigned() ? "int" : "uint") + i.getBitWidth();
            case ArrowType.Date d -> d.getUnit() == DateUnit.DAY ? "date32[day]" : "date64[ms]";
            case ArrowType.Timestamp t -> "timestamp[" + unit(t.getUnit())
                    + (t.getTimezone() == null ? "" : ", tz=" + t.getTimezone()) + "]";
            case ArrowType.Decimal d -> "decimal" + d.getBitWidth() + "(" + d.getPrecision() + ", " + d.getScale() + ")";
            default -> type.toString();
        };
    }

    private static Table table(ContractNode object) {
        String name = object.text("name");
        List<Column> columns = new ArrayList<>();
        for (ContractNode property : object.items("properties")) {
            Column column = column(property);
            if (columns.stream().anyMatch(c -> c.name().equals(column.name()))) {
                throw property.get("name").fail("column '" + column.name() + "' is declared twice");
            }
            columns.add(column);
        }
        DOCUMENTED_SEMANTICS.forEach(object::custom);
        List<String> key = new ArrayList<>();
        ContractNode keyNode = object.custom("idempotencyKey");
        for (ContractNode part : keyNode.items()) {
            String column = part.string();
            if (columns.stream().noneMatch(c -> c.name().equals(column))) {
                throw part.fail("no column '" + column + "' in " + name);
            }
            key.add(column);
        }
        ContractNode freshness = object.custom("freshness");
        Duration warnAfter = freshness.get("warnAfter").duration();
        Duration errorAfter = freshness.get("errorAfter").duration();
        if (warnAfter.compareTo(errorAfter) >= 0) {
            throw freshness.fail("warnAfter " + warnAfter + " must be shorter than errorAfter " + errorAfter);
        }
        // the watermark element and the retention are in slaProperties: withSlas completes them
        return new Table(name, object.text("physicalName"), List.copyOf(columns),
                object.custom("deliveryGuarantee").string(), List.copyOf(key),
                new Freshness(warnAfter, errorAfter, null), null);
    }

    private static Column column(ContractNode property) {
        String name = property.text("name");
        String logicalType = property.text("logicalType");
        ContractNode physical = property.get("physicalType");
        ArrowType type = arrowType(physical.string())
                .orElseThrow(() -> physical.fail("unknown type '" + physical.string() + "'"));
        String expected = logicalType(type);
        if (!logicalType.equals(expected)) {
            throw property.get("logicalType").fail("'" + logicalType + "' does not fit " + physical.string()
                    + " (expected '" + expected + "')");
        }
        return new Column(name, logicalType, type, property.flag("required"));
    }

    /**
     * Completes each table with its {@code latency} (the error threshold, which must equal the table's
     * errorAfter, and the watermark element) and the {@code retention} that holds for all of them.
     */
    private static Map<String, Table> withSlas(ContractNode contract, Map<String, Table> tables) {
        Map<String, String> elements = new LinkedHashMap<>();
        Duration retention = null;
        for (ContractNode sla : contract.items("slaProperties")) {
            String property = sla.text("property");
            if (property.equalsIgnoreCase("latency")) {
                String element = sla.text("element");
                Table table = tables.get(elementTable(sla.get("element"), tables));
                Duration latency = slaDuration(sla);
                if (!latency.equals(table.freshness().errorAfter())) {
                    throw sla.get("value").fail("latency " + latency + " differs from " + table.name()
                            + " freshness errorAfter " + table.freshness().errorAfter());
                }
                if (elements.putIfAbsent(table.name(), element) != null) {
                    throw sla.get("element").fail("a second latency for " + table.name());
                }
            } else if (property.equalsIgnoreCase("retention")) {
                // one setting (seamline.warehouse.retention) expires the versions of every table
                if (!sla.get("element").isMissing()) {
                    throw sla.get("element").fail("retention holds for every table; remove the element");
                }
                retention = slaDuration(sla);
            }
        }
        Map<String, Table> complete = new LinkedHashMap<>();
        for (Table t : tables.values()) {
            String element = elements.get(t.name());
            if (element == null || retention == null) {
                throw contract.get("slaProperties").fail("no " + (element == null ? "latency" : "retention")
                        + " for " + t.name());
            }
            complete.put(t.name(), new Table(t.name(), t.physicalName(), t.columns(), t.deliveryGuarantee(),
                    t.idempotencyKey(), new Freshness(t.freshness().warnAfter(), t.freshness().errorAfter(), element),
                    retention));
        }
        return complete;
    }

    /** The table an element ({@code table} or {@code table.column}) points at; its column must be declared. */
    private static String elementTable(ContractNode element, Map<String, Table> tables) {
        String text = element.string();
        if (tables.containsKey(text)) {
            return text;
        }
        int dot = text.lastIndexOf('.');
        Table table = dot < 0 ? null : tables.get(text.substring(0, dot));
        String column = text.substring(dot + 1);
        if (table == null || table.columns().stream().noneMatch(c -> c.name().equals(column))) {
            throw element.fail("no table or column '" + text + "'");
        }
        return table.name();
    }

    private static Duration slaDuration(ContractNode sla) {
        ContractNode value = sla.get("value");
        if (value.isMissing()) {
            throw value.fail("missing");
        }
        if (!value.json().isIntegralNumber()) {
            throw value.fail("expected a whole number, got '" + value.json().asText() + "'");
        }
        return sla.get("unit").duration(value.json().asLong(), sla.text("unit"));
    }

    /** The Arrow type {@code text} spells in the contract's notation; only the canonical spelling counts. */
    private static Optional<ArrowType> arrowType(String text) {
        Matcher m;
        ArrowType type;
        if ((m = INT.matcher(text)).matches()) {
            type = new ArrowType.Int(Integer.parseInt(m.group(2)), m.group(1).isEmpty());
        } else if ((m = TIMESTAMP.matcher(text)).matches()) {
            type = new ArrowType.Timestamp(switch (m.group(1)) {
                case "s" -> TimeUnit.SECOND;
                case "ms" -> TimeUnit.MILLISECOND;
                case "us" -> TimeUnit.MICROSECOND;
                default -> TimeUnit.NANOSECOND;
            }, m.group(2));
        } else if ((m = DECIMAL.matcher(text)).matches()) {
            type = new ArrowType.Decimal(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(1)));
        } else {
            type = switch (text) {
                case "utf8" -> ArrowType.Utf8.INSTANCE;
                case "bool" -> ArrowType.Bool.INSTANCE;
                case "date32[day]" -> new ArrowType.Date(DateUnit.DAY);
                case "date64[ms]" -> new ArrowType.Date(DateUnit.MILLISECOND);
                default -> null;
            };
        }
        // "decimal128(018, 2)" parses too; demanding the rendering back keeps one spelling per type
        return Optional.ofNullable(type).filter(t -> physicalType(t).equals(text));
    }

    /** The ODCS logical type of each Arrow type {@link #arrowType} accepts. */
    private static String logicalType(ArrowType type) {
        return switch (type) {
            case ArrowType.Utf8 ignored -> "string";
            case ArrowType.Bool ignored -> "boolean";
            case ArrowType.Int ignored -> "integer";
            case ArrowType.Date ignored -> "date";
            case ArrowType.Timestamp ignored -> "timestamp";
            case ArrowType.Decimal ignored -> "number";
            default -> throw new IllegalStateException("no logical type for " + type);
        };
    }

    private static String unit(TimeUnit unit) {
        return switch (unit) {
            case SECOND -> "s";
            case MILLISECOND -> "ms";
            case MICROSECOND -> "us";
            case NANOSECOND -> "ns";
        };
    }
}
