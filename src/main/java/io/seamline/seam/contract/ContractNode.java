package io.seamline.seam.contract;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A node of a contract file with its path, so that every complaint names the file and the field. */
public record ContractNode(String source, String path, JsonNode json) {

    // ODCS writes units like "d" and "days"; thresholds reuse them in the "5s" style of application.properties
    private static final Map<String, ChronoUnit> UNITS = Map.of("ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS,
            "min", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS, "d", ChronoUnit.DAYS, "day", ChronoUnit.DAYS,
            "days", ChronoUnit.DAYS);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-z]+)");

    // Duplicate keys in YAML silently keep the last value; a contract that says two things must fail instead.
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Reads a contract file's text ({@code source} names it in errors): the one way contract files are parsed. */
    public static ContractNode parse(String source, String yaml) {
        try {
            return root(source, YAML.readTree(yaml));
        } catch (JacksonException e) {
            throw new MalformedContractException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
    }

    /** The root of the contract read from {@code source}. */
    public static ContractNode root(String source, JsonNode json) {
        return new ContractNode(source, "", json);
    }

    public ContractNode get(String field) {
        return new ContractNode(source, path.isEmpty() ? field : path + "." + field, json.path(field));
    }

    public boolean isMissing() {
        return json.isMissingNode() || json.isNull();
    }

    public String text(String field) {
        return get(field).string();
    }

    public String string() {
        if (isMissing()) {
            throw fail("missing");
        }
        if (!json.isTextual() || json.asText().isBlank()) {
            throw fail("expected text, got '" + json + "'");
        }
        return json.asText();
    }

    public void expect(String field, String value) {
        String actual = text(field);
        if (!actual.equals(value)) {
            throw get(field).fail("expected '" + value + "', got '" + actual + "'");
        }
    }

    /** An optional ODCS boolean; absent means false, as the standard defines it. */
    public boolean flag(String field) {
        ContractNode node = get(field);
        if (!node.isMissing() && !node.json.isBoolean()) {
            throw node.fail("expected true or false, got '" + node.json.asText() + "'");
        }
        return node.json.asBoolean(false);
    }

    public List<ContractNode> items(String field) {
        return get(field).items();
    }

    public List<ContractNode> items() {
        if (isMissing()) {
            throw fail("missing");
        }
        if (!json.isArray() || json.isEmpty()) {
            throw fail("expected a non-empty list");
        }
        List<ContractNode> items = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            items.add(new ContractNode(source, path + "[" + i + "]", json.get(i)));
        }
        return items;
    }

    /** The value of the custom property {@code name} (ODCS: a list of property/value pairs); fails when absent. */
    public ContractNode custom(String name) {
        return customIfPresent(name).orElseThrow(() -> get("customProperties").fail("missing '" + name + "'"));
    }

    /** The value of the custom property {@code name}, if this node declares it. */
    public Optional<ContractNode> customIfPresent(String name) {
        ContractNode list = get("customProperties");
        if (list.isMissing()) {
            return Optional.empty();
        }
        for (ContractNode entry : list.items()) {
            if (entry.text("property").equals(name)) {
                ContractNode value = entry.get("value");
                if (value.isMissing()) {
                    throw value.fail("missing");
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** This node as a duration written like {@code 5s}, {@code 2min}, {@code 7d}. */
    public Duration duration() {
        Matcher m = DURATION.matcher(string());
        if (!m.matches()) {
            throw fail("bad duration '" + string() + "' (expected e.g. 5s, 2min, 7d)");
        }
        return duration(Long.parseLong(m.group(1)), m.group(2));
    }

    /** {@code amount} of {@code unit}; an unknown unit is blamed on this node. */
    public Duration duration(long amount, String unit) {
        ChronoUnit chronoUnit = UNITS.get(unit);
        if (chronoUnit == null) {
            throw fail("unknown unit '" + unit + "' (known: ms, s, min, h, d)");
        }
        return Duration.of(amount, chronoUnit);
    }

    public MalformedContractException fail(String message) {
        return new MalformedContractException(source + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }
}
