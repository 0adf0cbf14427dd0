package io.seamline;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** Keeps dependencies pointing one way: adapters depend on the core, never the reverse. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.seamline");
    }

    @Test
    void aggregates_knowNoProjectionRelayOrHttp() {
        noClasses().that().resideInAnyPackage("io.seamline.product..", "io.seamline.order..", "io.seamline.domain..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.seamline.projection..", "io.seamline.relay..", "io.seamline.http..",
                        "io.seamline.seam..", "io.seamline.demo..")
                .check(classes);
    }

    @Test
    void projections_neverReachIntoHttpOrTheRelay() {
        noClasses().that().resideInAPackage("io.seamline.projection..")
                .should().dependOnClassesThat().resideInAnyPackage("io.seamline.http..", "io.seamline.relay..")
                .check(classes);
    }

    @Test
    void readModels_dependOnNoOtherReadModel_exceptHybridSearchOnVectors() {
        // each read model is rebuilt from the log on its own; only search's hybrid mode reads the vector index. The
        // models are the packages under projection, so a new one is held to this without being named here.
        Set<String> models = classes.stream().map(c -> c.getPackageName())
                .filter(p -> p.startsWith("io.seamline.projection."))
                .map(p -> p.substring("io.seamline.projection.".length()).split("\\.")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(models).contains("rowstore", "warehouse", "search", "vector");
        for (String model : models) {
            String own = "io.seamline.projection." + model + "..";
            String allowed = model.equals("search") ? "io.seamline.projection.vector.." : own;
            noClasses().that().resideInAPackage(own)
                    .should().dependOnClassesThat(resideInAPackage("io.seamline.projection..")
                            .and(resideOutsideOfPackage(own)).and(resideOutsideOfPackage(allowed)))
                    .check(classes);
        }
    }

    @Test
    void seamsAndRelay_dependOnNoReadModelOrHttp() {
        noClasses().that().resideInAnyPackage("io.seamline.seam..", "io.seamline.relay..")
                .should().dependOnClassesThat().resideInAnyPackage("io.seamline.projection..", "io.seamline.http..",
                        "io.seamline.demo..")
                .check(classes);
    }

    @Test
    void platform_knowsNoCapability() {
        noClasses().that().resideInAPackage("io.seamline.platform..")
                .should().dependOnClassesThat().resideInAnyPackage("io.seamline.product..", "io.seamline.order..",
                        "io.seamline.projection..", "io.seamline.relay..", "io.seamline.seam..", "io.seamline.http..",
                        "io.seamline.demo..")
                .check(classes);
    }

    @Test
    void onlyHttp_usesHttp() {
        noClasses().that().resideOutsideOfPackage("io.seamline.http..")
                .should().dependOnClassesThat().resideInAPackage("io.seamline.http..")
                .check(classes);
    }

    @Test
    void capabilities_haveNoCycles() {
        slices().matching("io.seamline.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void concernsWithinACapability_haveNoCycles() {
        // seam's concerns (event, log, consume, model, monitor...) and each read model's parts layer one way too
        slices().matching("io.seamline.seam.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("io.seamline.projection.(*).(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void warehouseLayers_dependOneWay() {
        // table <- bronze <- silver <- gold <- the warehouse package, which runs them: a layer never reaches up, so
        // each can be read (and tested) knowing only the layers below it
        String warehouse = "io.seamline.projection.warehouse";
        String table = warehouse + ".table..";
        String bronze = warehouse + ".bronze..";
        String silver = warehouse + ".silver..";
        String gold = warehouse + ".gold..";
        String sql = warehouse + ".sql..";
        noClasses().that().resideInAPackage(table)
                .should().dependOnClassesThat().resideInAnyPackage(warehouse, bronze, silver, gold, sql)
                .check(classes);
        noClasses().that().resideInAPackage(bronze)
                .should().dependOnClassesThat().resideInAnyPackage(warehouse, silver, gold, sql)
                .check(classes);
        noClasses().that().resideInAPackage(silver)
                .should().dependOnClassesThat().resideInAnyPackage(warehouse, gold, sql)
                .check(classes);
        noClasses().that().resideInAPackage(gold)
                .should().dependOnClassesThat().resideInAnyPackage(warehouse, sql)
                .check(classes);
    }

    @Test
    void typesUsedOnlyInTheirPackage_arePackagePrivate() {
        // what a package shows is what others use: a public type nobody outside its package names (main or test
        // code) is a detail. Exempt: what frameworks or people call from outside (endpoints, the main class, config
        // mappings, interceptors, annotations, service-loaded classes, GraphQL types, entry points run by make) and
        // the published event and command types.
        JavaClasses withTests = new ClassFileImporter().importPackages("io.seamline");
        Set<String> imported = importedTypes(); // a constant's use is inlined, so no bytecode shows it
        Set<String> serviceLoaded = serviceLoaded();
        // SmallRye GraphQL calls the accessors of what the GraphQL API takes and returns without setAccessible
        Set<String> graphQlTypes = withTests.stream().filter(c -> c.isAnnotatedWith(GRAPHQL_API))
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .map(d -> d.getTargetClass().getName().split("\\$")[0]).collect(Collectors.toSet());
        List<String> needlesslyPublic = withTests.stream()
                .filter(c -> classes.contain(c.getName()) && c.isTopLevelClass())
                .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(c -> !c.getPackageName().endsWith(".api") && !c.isAnnotation())
                .filter(c -> FRAMEWORK_ENTRY_POINTS.stream().noneMatch(c::isAnnotatedWith))
                .filter(c -> c.getMethods().stream().noneMatch(m -> m.getName().equals("main")
                        && m.getModifiers().contains(JavaModifier.STATIC)))
                .filter(c -> !serviceLoaded.contains(c.getName()) && !graphQlTypes.contains(c.getName()))
                .filter(c -> !imported.contains(c.getName()) && c.getDirectDependenciesToSelf().stream()
                        .noneMatch(d -> !d.getOriginClass().getPackageName().equals(c.getPackageName())))
                .map(c -> c.getName()).sorted().toList();
        assertThat(needlesslyPublic).as("public types no other package uses: make them package-private").isEmpty();
    }

    /** Every type some source file imports (from another package, as imports are), static imports by their class. */
    private static Set<String> importedTypes() {
        Pattern importLine = Pattern.compile("^import (static )?(io\\.seamline[\\w.]*);",
                Pattern.MULTILINE);
        Set<String> imported = new HashSet<>();
        for (String root : List.of("src/main/java", "src/test/java")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = importLine.matcher(Files.readString(file));
                    while (m.find()) {
                        String name = m.group(2);
                        imported.add(m.group(1) == null ? name : name.substring(0, name.lastIndexOf('.')));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return imported;
    }

    /**
     * What java.util.ServiceLoader instantiates from META-INF/services, or a framework from a class that
     * application.properties names: only a public class allows either.
     */
    private static Set<String> serviceLoaded() {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/META-INF/services"))) {
            Set<String> names = new HashSet<>();
            for (Path file : files.toList()) {
                Files.readAllLines(file).stream().map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(names::add);
            }
            // a class configuration names (mp.openapi.filter=...) is loaded by its framework too
            Files.readAllLines(Path.of("src/main/resources/application.properties")).stream().map(String::strip)
                    .filter(line -> !line.startsWith("#") && line.contains("=io.seamline."))
                    .map(line -> line.substring(line.indexOf('=') + 1).strip()).forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String GRAPHQL_API = "org.eclipse.microprofile.graphql.GraphQLApi";
    private static final List<String> FRAMEWORK_ENTRY_POINTS = List.of("jakarta.ws.rs.Path", GRAPHQL_API,
            "io.quarkus.runtime.annotations.QuarkusMain", "io.smallrye.config.ConfigMapping",
            "jakarta.interceptor.Interceptor");

    @Test
    void everyPackage_saysWhatLivesThere() {
        Set<String> packages = classes.stream().map(c -> c.getPackageName())
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> silent = packages.stream()
                .filter(p -> classes.stream().noneMatch(c -> c.getName().equals(p + ".package-info")))
                .toList();
        assertThat(silent).as("packages without a package-info.java").isEmpty();
    }
}
