package io.seamline;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
        java.util.Set<String> models = classes.stream().map(c -> c.getPackageName())
                .filter(p -> p.startsWith("io.seamline.projection."))
                .map(p -> p.substring("io.seamline.projection.".length()).split("\\.")[0])
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
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
    void everyPackage_saysWhatLivesThere() {
        java.util.Set<String> packages = classes.stream().map(c -> c.getPackageName())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        java.util.List<String> silent = packages.stream()
                .filter(p -> classes.stream().noneMatch(c -> c.getName().equals(p + ".package-info")))
                .toList();
        assertThat(silent).as("packages without a package-info.java").isEmpty();
    }
}
