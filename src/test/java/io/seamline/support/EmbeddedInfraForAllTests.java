package io.seamline.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the embedded servers for every @QuarkusTest: the app under test runs against them. */
@QuarkusTestResource(value = EmbeddedInfraResource.class, restrictToAnnotatedClass = false)
public final class EmbeddedInfraForAllTests {
    private EmbeddedInfraForAllTests() {
    }
}
