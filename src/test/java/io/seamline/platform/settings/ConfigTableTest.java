package io.seamline.platform.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTableTest {

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final SettingsInCode CODE = SettingsInCode.scan(REPO.resolve(ConfigTable.SOURCES));

    @Test
    void seamlineSettings_areStatedInConfigMappings_notOneFieldAtATime() throws IOException {
        // a mapping states each default once and groups a capability's settings in its own package
        Pattern field = Pattern.compile("@ConfigProperty\\(name = \"seamline\\.[^\"]*\"");
        List<String> stray;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            stray = files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return field.matcher(Files.readString(f)).find();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(Path::toString).sorted().toList();
        }
        assertThat(stray).as("classes reading seamline.* through @ConfigProperty").isEmpty();
    }

    @Test
    void readmeSettingsTable_isUpToDate() throws IOException {
        String readme = Files.readString(REPO.resolve(ConfigTable.README));

        assertEquals(ConfigTable.render(settings(REPO.resolve(ConfigTable.PROPERTIES))), ConfigTable.tableIn(readme),
                "README's settings table is stale: run make docs");
    }

    @Test
    void table_hasEverySettingTheCodeDeclares_withItsDefault() {
        List<Setting> settings = settings(REPO.resolve(ConfigTable.PROPERTIES));

        // a map's key (seamline.consumers.fetch.*.max-wait) is documented by the keys it stands for
        assertThat(CODE.declared().keySet()).allSatisfy(declared -> assertThat(settings).extracting(Setting::key)
                .anyMatch(key -> SettingsInCode.names(declared, key)));
        assertEquals("`50ms`", setting(settings, "seamline.consumers.fetch.search.max-wait").defaultValue());
        // from a @ConfigMapping, from a @ConfigProperty, and read by name by the launcher
        assertEquals("`10000`", setting(settings, "seamline.warehouse.sql.max-rows").defaultValue());
        assertEquals("`20000`", setting(settings, "seamline.warehouse.max-batch").defaultValue());
        assertEquals("`15432`", setting(settings, "seamline.embedded.postgres.port").defaultValue());
        assertEquals("`none` (`%prod`: `demo`)", setting(settings, "seamline.seed").defaultValue());
        assertEquals("SEAMLINE_RELAY_BATCH_SIZE", setting(settings, "seamline.relay.batch-size").environmentVariable());
    }

    @Test
    void settingTheCodeReads_butTheFileOmits_isRefused(@TempDir Path dir) throws IOException {
        Path file = edited(dir, "seamline.relay.batch-size=1024\n", "");

        assertThatThrownBy(() -> settings(file)).hasMessageContaining(
                "seamline.relay.batch-size is read by the code but not documented");
    }

    @Test
    void settingNothingReads_isRefused(@TempDir Path dir) throws IOException {
        Path file = edited(dir, "seamline.relay.batch-size=1024\n", "seamline.relay.batch-size=1024\n"
                + "# ERROR past this lag.\n#seamline.freshness.error-after=30s\n");

        assertThatThrownBy(() -> settings(file)).hasMessageContaining(
                "seamline.freshness.error-after is documented but nothing reads it");
    }

    @Test
    void commentedOutDefault_thatIsNotTheCodes_isRefused(@TempDir Path dir) throws IOException {
        Path file = edited(dir, "#seamline.eventstore.fetch-size=1024", "#seamline.eventstore.fetch-size=2048");

        assertThatThrownBy(() -> settings(file)).hasMessageContaining(
                "#seamline.eventstore.fetch-size=2048 is not the code's default, 1024");
    }

    @Test
    void settingWithoutAComment_isRefused(@TempDir Path dir) throws IOException {
        Path file = edited(dir, "seamline.relay.batch-size=1024", "\nseamline.relay.batch-size=1024");

        assertThatThrownBy(() -> settings(file)).hasMessageContaining(
                "seamline.relay.batch-size has no comment above it");
    }

    @Test
    void configMappingsAndConfigProperties_areRead_withTheNamesAndDefaultsTheServiceSees() {
        SettingsInCode code = SettingsInCode.of(List.of(ExampleMapping.class, ExampleBean.class),
                "Settings.get(\"seamline.example.by-name\")");

        assertEquals(Map.of("seamline.example.size", Optional.of("5"), "seamline.example.dir", Optional.empty(),
                        "seamline.example.renamed", Optional.of("x"), "seamline.example.group.every", Optional.of("2s"),
                        "seamline.example.flag", Optional.of("true"), "seamline.example.limit", Optional.of("7")),
                code.declared());
        assertTrue(code.reads("seamline.example.by-name"));
        assertTrue(!code.reads("seamline.example.unread"));
    }

    @Test
    void oneSettingWithTwoDefaultsInTheCode_isRefused() {
        assertThatThrownBy(() -> SettingsInCode.of(List.of(ExampleBean.class, OtherBean.class), ""))
                .hasMessageContaining("seamline.example.flag has two defaults in the code: 'true' in")
                .hasMessageContaining("'false' in");
    }

    @Test
    void helmChart_namesOnlySettingsTheCodeReads() throws IOException {
        List<Setting> settings = settings(REPO.resolve(ConfigTable.PROPERTIES));
        Set<String> variables = settings.stream().map(Setting::environmentVariable).collect(Collectors.toSet());
        Set<String> keys = settings.stream().map(Setting::key).collect(Collectors.toSet());
        // the topic's own name and its dead-letter topic are values, not settings
        String topic = setting(settings, "seamline.topic").defaultValue().replace("`", "");
        Set<String> unknown = new TreeSet<>();
        try (Stream<Path> files = Files.walk(REPO.resolve("helm"))) {
            List<Path> chart = files.filter(Files::isRegularFile).toList();
            // the chart's own template names (seamline.fullname, ...) are not settings either
            Set<String> templates = new TreeSet<>();
            for (Path file : chart) {
                Matcher define = Pattern.compile("define \"([^\"]+)\"").matcher(Files.readString(file));
                while (define.find()) {
                    templates.add(define.group(1));
                }
            }
            for (Path file : chart) {
                String text = Files.readString(file);
                find(Pattern.compile("\\bSEAMLINE_[A-Z0-9_]+\\b"), text).stream().filter(v -> !variables.contains(v))
                        .forEach(v -> unknown.add(REPO.relativize(file) + ": " + v));
                find(Pattern.compile("\\bseamline(\\.[A-Za-z][A-Za-z0-9-]*)+"), text).stream()
                        .filter(k -> !keys.contains(k) && !templates.contains(k) && !k.equals(topic)
                                && !k.equals(topic + ".dlq"))
                        .forEach(k -> unknown.add(REPO.relativize(file) + ": " + k));
            }
        }

        assertEquals(Set.of(), unknown, "the Helm chart names settings no code reads");
    }

    private static List<Setting> settings(Path properties) {
        return ConfigTable.settings(properties, CODE);
    }

    private static Setting setting(List<Setting> settings, String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    private static Path edited(Path dir, String from, String to) throws IOException {
        String text = Files.readString(REPO.resolve(ConfigTable.PROPERTIES));
        assertTrue(text.contains(from), "application.properties no longer contains " + from);
        Path copy = dir.resolve("application.properties");
        Files.writeString(copy, text.replace(from, to));
        return copy;
    }

    private static Set<String> find(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    @ConfigMapping(prefix = "seamline.example")
    interface ExampleMapping {
        @WithDefault("5")
        int size();

        Optional<String> dir();

        @WithName("renamed")
        @WithDefault("x")
        String original();

        Group group();

        interface Group {
            @WithDefault("2s")
            Duration every();
        }
    }

    static class ExampleBean {
        @ConfigProperty(name = "seamline.example.flag", defaultValue = "true")
        boolean flag;
        @ConfigProperty(name = "quarkus.http.port")
        int notOurs;

        ExampleBean(@ConfigProperty(name = "seamline.example.limit", defaultValue = "7") int limit) {
        }
    }

    static class OtherBean {
        @ConfigProperty(name = "seamline.example.flag", defaultValue = "false")
        boolean flag;
    }
}
