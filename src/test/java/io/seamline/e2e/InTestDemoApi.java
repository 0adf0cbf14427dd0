package io.seamline.e2e;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import static io.seamline.http.ApiFixtures.api;

/**
 * The demos' API calls through the test fixtures (a token holding every role) against the in-test service, paths
 * already encoded: how the suite runs a demo's core so it cannot rot.
 */
final class InTestDemoApi implements DemoApi {

    static final DemoApi INSTANCE = new InTestDemoApi();

    private InTestDemoApi() {
    }

    @Override
    public Answer send(String method, String path, String body, String... headers) {
        RequestSpecification request = api().urlEncodingEnabled(false);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        } else if (!method.equals("GET")) {
            request = request.contentType(ContentType.JSON);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request = request.header(headers[i], headers[i + 1]);
        }
        Response response = request.request(method, path);
        return new Answer(response.statusCode(), response.asString());
    }
}
