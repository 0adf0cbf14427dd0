package io.seamline.platform.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code seamline.*} settings the code reads, and the defaults it declares for them. This is the one place that
 * knows how code declares a setting: {@code @ConfigProperty} on a field or parameter, a {@code @ConfigMapping}
 * interface (read through SmallRye's own naming, so {@code @WithName}, groups and kebab-case come out as the service
 * sees them), or the key's name as a string literal in the sources (the launcher's {@code Settings.get}, a
 * {@code Config.getValue}), which says that a key is read but not its default.
 */
final class SettingsInCode {

    /** Where a {@code @ConfigProperty} without a default says so. */
    private static final String NO_DEFAULT = ConfigProperty.UNCONFIGURED_VALUE;
    private static final String PREFIX = "seamline.";

    private final Map<String, Declared> declared;
    private final String sources;

    private SettingsInCode(Map<String, Declared> declared, String sources) {
        this.declared = declared;
        this.sources = sources;
    }

    /** What the compiled classes under {@code io/seamline} of this class's own class path entry declare, and the sources say. */
    public static SettingsInCode scan(Path sourceDir) {
        return of(compiledClasses(), sourceText(sourceDir));
    }

    /** What these classes declare; {@code sources} is the text searched for keys read by name. */
    static SettingsInCode of(Collection<Class<?>> classes, String sources) {
        Map<String, Declared> declared = new TreeMap<>();
        for (Class<?> type : classes) {
            ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
            if (mapping != null) {
                // SmallRye's own reading of the interface (names, groups, @WithName, @WithParentName), by reflection
                // a list (path[*]) is set as one key, its values separated by commas
                ConfigMappingInterface.getProperties(ConfigMappingInterface.getConfigurationInterface(type))
                        .get(type).get("").forEach((path, property) -> declare(declared,
                                (mapping.prefix().isEmpty() ? path : mapping.prefix() + "." + path)
                                        .replace("[*]", ""),
                                property.hasDefaultValue() ? Optional.of(property.getDefaultValue()) : Optional.empty(),
                                type));
            }
            List<AnnotatedElement> elements = new ArrayList<>(List.of(type.getDeclaredFields()));
            List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            executables.addAll(List.of(type.getDeclaredMethods()));
            executables.forEach(e -> elements.addAll(List.of(e.getParameters())));
            for (AnnotatedElement element : elements) {
                ConfigProperty property = element.getAnnotation(ConfigProperty.class);
                if (property != null) {
                    String value = property.defaultValue();
                    declare(declared, property.name(),
                            value.equals(NO_DEFAULT) ? Optional.empty() : Optional.of(value), type);
                }
            }
        }
        return new SettingsInCode(declared, sources);
    }

    /** Keys declared by an annotation or a mapping, with their defaults; only {@code seamline.*}. */
    public Map<String, Optional<String>> declared() {
        Map<String, Optional<String>> out = new TreeMap<>();
        declared.forEach((key, d) -> out.put(key, d.defaultValue()));
        return out;
    }

    /**
     * Whether the code reads {@code key}: declared (a map's key standing for its {@code *}), or named as a string
     * literal in the sources.
     */
    public boolean reads(String key) {
        return declaredAs(key).isPresent() || sources.contains('"' + key + '"');
    }

    /** The code's default of {@code key}, where it declares one (a map's key standing for its {@code *}). */
    public Optional<String> defaultOf(String key) {
        return declaredAs(key).flatMap(declaredKey -> declared.get(declaredKey).defaultValue());
    }

    /** Whether {@code declaredKey}, where a {@code *} stands for any one map key, names {@code key}. */
    public static boolean names(String declaredKey, String key) {
        if (!declaredKey.contains("*")) {
            return declaredKey.equals(key);
        }
        String[] pattern = declaredKey.split("\\.");
        String[] parts = key.split("\\.");
        if (pattern.length != parts.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    private Optional<String> declaredAs(String key) {
        if (declared.containsKey(key)) {
            return Optional.of(key);
        }
        return declared.keySet().stream().filter(declaredKey -> names(declaredKey, key)).findFirst();
    }

    private static void declare(Map<String, Declared> declared, String key, Optional<String> value, Class<?> where) {
        if (!key.startsWith(PREFIX)) {
            return;
        }
        Declared before = declared.putIfAbsent(key, new Declared(value, where.getName()));
        if (before != null && !before.defaultValue().equals(value)) {
            throw new IllegalStateException(key + " has two defaults in the code: " + show(before.defaultValue())
                    + " in " + before.where() + ", " + show(value) + " in " + where.getName()
                    + "; state it once (a @ConfigMapping)");
        }
    }

    private static String show(Optional<String> value) {
        return value.map(v -> "'" + v + "'").orElse("none");
    }

    private static List<Class<?>> compiledClasses() {
        Path root;
        try {
            root = Path.of(SettingsInCode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("settings are read from compiled classes in a directory, not " + root);
        }
        ClassLoader loader = SettingsInCode.class.getClassLoader();
        try (Stream<Path> files = Files.walk(root.resolve("io/seamline"))) {
            List<Class<?>> classes = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(file).toString().replace('\\', '/').replace('/', '.');
                name = name.substring(0, name.length() - ".class".length());
                try {
                    classes.add(Class.forName(name, false, loader));
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class whose settings cannot be read would leave them out of the table unnoticed
                    throw new IllegalStateException("cannot read the settings of " + name + ": " + e, e);
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sourceText(Path sourceDir) {
        try (Stream<Path> files = Files.walk(sourceDir)) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                text.append(Files.readString(file)).append('\n');
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Declared(Optional<String> defaultValue, String where) {
    }
}
