package io.seamline.http;

import io.quarkus.security.UnauthorizedException;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Failures of plain Vert.x routes answered as problems, on a real Vert.x server with the same failure handler. */
class RouteFailuresTest {

    private Vertx vertx;
    private HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        new RouteFailures().install(router);
        router.route("/boom").handler(ctx -> {
            throw new IllegalStateException("cannot open " + System.getProperty("user.dir") + "/data/secret");
        });
        router.route("/too-large").handler(BodyHandler.create(false).setBodyLimit(1024)).handler(ctx -> ctx.end("read"));
        router.route("/method").handler(ctx -> ctx.fail(new HttpException(405)));
        router.route("/unauthorized").handler(ctx -> ctx.fail(new UnauthorizedException()));
        router.route("/items/:id").handler(ctx -> ctx.end(ctx.pathParam("id")));
        // stands in for Quarkus' own error handler, which answers security failures with its challenge
        router.route().last().failureHandler(ctx -> ctx.response().setStatusCode(401).end("challenge"));
        server = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture().get();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private HttpResponse<String> send(String path, HttpRequest.BodyPublisher body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.actualPort() + path))
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anException_is500Problem_withAnIdAndNeitherItsTextNorALocalPath() throws Exception {
        HttpResponse<String> response = send("/boom", HttpRequest.BodyPublishers.noBody());
        assertEquals(500, response.statusCode());
        assertEquals(Problem.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
        JsonPath problem = new JsonPath(response.body());
        assertEquals("internal-error", problem.getString("rule"));
        assertThat(problem.getString("instance")).startsWith("urn:uuid:");
        assertThat(problem.getString("detail")).contains(problem.getString("instance"));
        assertThat(response.body()).doesNotContain(System.getProperty("user.dir"), "secret", "IllegalStateException");
    }

    @Test
    void aChunkedBodyOverTheLimit_is413Problem() throws Exception {
        HttpResponse<String> response = send("/too-large",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[4096])));
        assertEquals(413, response.statusCode());
        assertEquals(Problem.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
        ApiFixtures.assertGoodErrorOrSuccess("chunked POST /too-large", response);
        assertEquals("body-too-large", new JsonPath(response.body()).getString("rule"));
    }

    @Test
    void anHttpStatus_isAProblemWithThatStatus() throws Exception {
        HttpResponse<String> response = send("/method", HttpRequest.BodyPublishers.noBody());
        assertEquals(405, response.statusCode());
        ApiFixtures.assertGoodErrorOrSuccess("POST /method", response);
    }

    @Test
    void aPathTheRouterCannotDecode_is400Problem() {
        ApiFixtures.WireAnswer answer = ApiFixtures.onTheWire(server.actualPort(), "GET", "/items/%ZZ", new byte[0]);
        assertEquals(400, answer.status());
        ApiFixtures.assertGoodErrorOrSuccess("GET /items/%ZZ", answer);
    }

    @Test
    void aSecurityFailure_isLeftToQuarkus() throws Exception {
        HttpResponse<String> response = send("/unauthorized", HttpRequest.BodyPublishers.noBody());
        assertEquals(401, response.statusCode());
        assertEquals("challenge", response.body());
    }
}
