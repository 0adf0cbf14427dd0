package io.seamline.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The native executable's rules (external servers, no vector index) and the reflection it registers. */
class NativeExecutableTest {

    private static final String REFLECT_CONFIG = "META-INF/native-image/io.seamline/seamline/reflect-config.json";

    private static Function<String, Optional<String>> settings(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    @Test
    void jvm_isNotNative() {
        assertFalse(NativeExecutable.NATIVE);
    }

    @Test
    void noExternalServers_refusesNamingBothSettings() {
        assertThatThrownBy(() -> NativeExecutable.serviceSettings(settings(Map.of())))
                .isInstanceOf(StartupFailure.class)
                .hasMessageContaining("SEAMLINE_DATASOURCE_URL")
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void externalPostgresOnly_refusesNamingKafka() {
        assertThatThrownBy(() -> NativeExecutable.serviceSettings(settings(Map.of("seamline.datasource.url", "jdbc:postgresql://db/x"))))
                .isInstanceOf(StartupFailure.class)
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS")
                .hasMessageNotContaining("SEAMLINE_DATASOURCE_URL");
    }

    @Test
    void vectorsAskedFor_refusesNamingTheSetting() {
        assertThatThrownBy(() -> NativeExecutable.serviceSettings(settings(Map.of("seamline.datasource.url", "jdbc:postgresql://db/x",
                "kafka.bootstrap.servers", "kafka:9092", "seamline.vectors.enabled", "true"))))
                .isInstanceOf(StartupFailure.class)
                .hasMessageContaining("seamline.vectors.enabled=false");
    }

    @Test
    void externalServers_startWithTheVectorIndexOff() {
        assertEquals(Map.of("seamline.vectors.enabled", "false"), NativeExecutable.serviceSettings(settings(Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://db/x", "kafka.bootstrap.servers", "kafka:9092"))));
        assertThat(NativeExecutable.startupNotice()).contains("seamline.vectors.enabled=false");
    }

    /**
     * Axon builds aggregates and reads their handlers by reflection, and Jackson (de)serialises the messages and the
     * types inside them: every aggregate, every class of an {@code api} package and every Seamline type a message
     * record holds must be registered, else the native service fails on the first command or event that needs it.
     */
    @Test
    void reflectConfig_registersEveryAggregateAndMessageType() throws IOException {
        Set<String> registered = new TreeSet<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(REFLECT_CONFIG)) {
            assertThat(in).as(REFLECT_CONFIG).isNotNull();
            for (JsonNode entry : new ObjectMapper().readTree(in)) {
                if (entry.path("allDeclaredConstructors").asBoolean() && entry.path("allDeclaredMethods").asBoolean()
                        && entry.path("allDeclaredFields").asBoolean()) {
                    registered.add(entry.get("name").asText());
                }
            }
        }
        Set<String> needed = new TreeSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.seamline")) {
            boolean aggregate = type.getFields().stream().anyMatch(f -> f.isAnnotatedWith(AggregateIdentifier.class));
            if (aggregate || (type.getPackageName().endsWith(".api") && !type.getSimpleName().equals("package-info"))) {
                todo.add(type.reflect());
            }
        }
        while (!todo.isEmpty()) {
            Class<?> type = todo.pop();
            if (!type.getName().startsWith("io.seamline.") || !needed.add(type.getName()) || !type.isRecord()) {
                continue;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                addTypes(component.getGenericType(), todo);
            }
        }
        assertThat(needed).contains("io.seamline.product.Product", "io.seamline.order.api.OrderPlacedEvent");
        assertThat(registered).as("classes registered for reflection in " + REFLECT_CONFIG).containsAll(needed);
    }

    private static void addTypes(Type type, Deque<Class<?>> todo) {
        if (type instanceof Class<?> raw) {
            todo.add(raw.isArray() ? raw.getComponentType() : raw);
        } else if (type instanceof ParameterizedType parameterized) {
            addTypes(parameterized.getRawType(), todo);
            for (Type argument : parameterized.getActualTypeArguments()) {
                addTypes(argument, todo);
            }
        }
    }
}
