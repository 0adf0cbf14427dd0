package io.seamline.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Put on a test class to run it against the app on the shared embedded servers. */
@QuarkusTestResource(value = EmbeddedInfraResource.class, restrictToAnnotatedClass = false)
public final class SeamlineTestProfile {
    private SeamlineTestProfile() {
    }
}
