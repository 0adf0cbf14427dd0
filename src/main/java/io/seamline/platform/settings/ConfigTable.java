package io.seamline.platform.settings;

import io.seamline.platform.Settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code make docs}: writes README's table of {@code seamline.*} settings, between its two marker comments, from
 * application.properties (names, comments, values) and the code (what it reads, and its defaults), so the README
 * never lists a setting nothing reads or misses one the code reads. It refuses to write a table that would be wrong:
 * a setting the code reads that the file does not document, one the file documents that nothing reads, one without a
 * comment, or a commented-out default that is not the code's. A test fails when the committed table is stale.
 */
public final class ConfigTable {

    public static final String README = "README.md";
    public static final String PROPERTIES = "src/main/resources/application.properties";
    public static final String SOURCES = "src/main/java";
    public static final String BEGIN = "<!-- BEGIN generated settings table: `make docs` (io.seamline.platform.settings."
            + "ConfigTable) writes it from application.properties and the code; do not edit by hand -->";
    public static final String END = "<!-- END generated settings table -->";

    private ConfigTable() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path readme = root.resolve(README);
        String table = render(settings(root.resolve(PROPERTIES), SettingsInCode.scan(root.resolve(SOURCES))));
        Files.writeString(readme, withTable(Files.readString(readme), table));
        System.out.println("wrote the settings table in " + readme);
    }

    /** The settings application.properties documents, checked against what the code reads; in file order. */
    public static List<Setting> settings(Path properties, SettingsInCode code) {
        SettingsFile file = SettingsFile.read(properties);
        Map<String, Optional<String>> declared = code.declared();
        List<Setting> out = new ArrayList<>();
        for (SettingsFile.Documented d : file.settings()) {
            String key = d.key();
            if (d.block() < 0) {
                throw refused(key + " has no comment above it saying what it does");
            }
            if (!code.reads(key) && !file.references(key)) {
                throw refused(key + " is documented but nothing reads it: remove it, or name it where it is read");
            }
            Optional<String> codeDefault = code.defaultOf(key);
            if (d.commented().isPresent() && codeDefault.isPresent() && !codeDefault.equals(d.commented())) {
                throw refused("#" + key + "=" + d.commented().get() + " is not the code's default, "
                        + codeDefault.get());
            }
            out.add(new Setting(key, Settings.environmentName(key), defaultCell(d, declared), d.meaning(), d.block()));
        }
        declared.forEach((key, value) -> {
            if (file.settings().stream().noneMatch(d -> SettingsInCode.names(key, d.key()))) {
                throw refused(key + " is read by the code but not documented: add it with a comment saying what it"
                        + " does" + value.map(v -> " (commented out, #" + key + "=" + v + ", states the default)")
                        .orElse(""));
            }
        });
        return List.copyOf(out);
    }

    /** The table: one row per comment block, its settings one under the other. */
    public static String render(List<Setting> settings) {
        StringBuilder md = new StringBuilder("| Setting | Environment variable | Default | Meaning |\n|---|---|---|---|\n");
        for (int i = 0; i < settings.size(); ) {
            int block = settings.get(i).block();
            List<Setting> row = new ArrayList<>();
            while (i < settings.size() && settings.get(i).block() == block) {
                row.add(settings.get(i++));
            }
            md.append("| ").append(column(row, s -> "`" + s.key() + "`"))
                    .append(" | ").append(column(row, s -> "`" + s.environmentVariable() + "`"))
                    .append(" | ").append(column(row, Setting::defaultValue))
                    .append(" | ").append(prose(row.getFirst().meaning())).append(" |\n");
        }
        return md.toString();
    }

    /** The generated table in this README text (between the markers, without them). */
    public static String tableIn(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(README + " has no settings table between " + BEGIN + " and " + END);
        }
        return readme.substring(begin + BEGIN.length() + 1, end);
    }

    static String withTable(String readme, String table) {
        String old = tableIn(readme);
        int at = readme.indexOf(BEGIN) + BEGIN.length() + 1;
        return readme.substring(0, at) + table + readme.substring(at + old.length());
    }

    /**
     * The default as the service gets it: the file's value, else the code's default. A commented-out value is the
     * default for a setting read by name (the launcher's), an example for one the code declares without a default.
     */
    private static String defaultCell(SettingsFile.Documented d, Map<String, Optional<String>> declared) {
        Optional<String> codeDefault = declared.getOrDefault(d.key(), Optional.empty());
        boolean example = declared.containsKey(d.key()) && codeDefault.isEmpty();
        String cell = d.value().or(() -> codeDefault).map(ConfigTable::code)
                .or(() -> d.commented().filter(v -> !v.isEmpty())
                        .map(v -> example ? "unset (e.g. " + code(v) + ")" : code(v)))
                .orElse("unset");
        if (!d.profiles().isEmpty()) {
            cell += " (" + d.profiles().entrySet().stream()
                    .map(p -> "`%" + p.getKey() + "`: " + code(p.getValue())).collect(Collectors.joining("; ")) + ")";
        }
        return cell;
    }

    private static String code(String value) {
        return value.isEmpty() ? "empty" : "`" + value + "`";
    }

    private static String column(List<Setting> row, java.util.function.Function<Setting, String> cell) {
        return row.stream().map(cell).map(c -> c.replace("|", "\\|")).collect(Collectors.joining("<br>"));
    }

    /** A comment as table text: no cell breaks, and outside `code` no HTML tags (<seamline.data.dir>) or stray stars. */
    private static String prose(String comment) {
        String[] parts = comment.replace("|", "\\|").split("`", -1);
        for (int i = 0; i < parts.length; i += 2) {
            parts[i] = parts[i].replace("<", "&lt;").replace("*", "\\*");
        }
        return String.join("`", parts);
    }

    private static IllegalStateException refused(String message) {
        return new IllegalStateException(PROPERTIES + ": " + message);
    }
}
