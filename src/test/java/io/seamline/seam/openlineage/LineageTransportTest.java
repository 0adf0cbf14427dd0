package io.seamline.seam.openlineage;

import com.sun.net.httpserver.HttpServer;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.transports.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where events go: with {@code seamline.openlineage.url} set, POSTed as JSON to the endpoint's /api/v1/lineage (what
 * Marquez takes; here a local HTTP server stands in for it); without, one line each in openlineage.jsonl.
 */
class LineageTransportTest {

    @Test
    void withAUrl_eachEventIsPostedToItsLineageEndpoint(@TempDir Path data) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer marquez = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        marquez.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        marquez.start();
        try (Transport transport = LineageEmitter.transport(config(Optional.of("http://127.0.0.1:"
                + marquez.getAddress().getPort()), Optional.empty()), data)) {
            OpenLineage.RunEvent event = event();
            transport.emit(event);

            assertThat(received).singleElement().satisfies(request -> {
                assertThat(request).startsWith("POST /api/v1/lineage application/json");
                assertThat(LineageSchema.read(request.substring(request.indexOf('{'))).path("run").path("runId")
                        .asText()).isEqualTo(event.getRun().getRunId().toString());
            });
        } finally {
            marquez.stop(0);
        }
        assertThat(data).isEmptyDirectory();
    }

    @Test
    void withoutAUrl_eachEventIsOneLineOfTheJsonLinesFile(@TempDir Path data) throws Exception {
        try (Transport transport = LineageEmitter.transport(config(Optional.empty(), Optional.empty()), data)) {
            transport.emit(event());
            transport.emit(event());
        }

        List<String> lines = Files.readAllLines(data.resolve(JsonLinesTransport.FILE));
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(LineageSchema.violations(line)).isEmpty());
    }

    private static OpenLineage.RunEvent event() {
        OpenLineage model = new OpenLineage(LineageEmitter.PRODUCER);
        return model.newRunEventBuilder().eventType(OpenLineage.RunEvent.EventType.START)
                .eventTime(ZonedDateTime.now()).run(model.newRunBuilder().runId(UUID.randomUUID()).build())
                .job(model.newJobBuilder().namespace("seamline").name("rowstore").build())
                .inputs(List.of()).outputs(List.of()).build();
    }

    private static OpenLineageConfig config(Optional<String> url, Optional<String> dir) {
        return new OpenLineageConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Duration interval() {
                return Duration.ofSeconds(10);
            }

            @Override
            public String namespace() {
                return "seamline";
            }

            @Override
            public Optional<String> url() {
                return url;
            }

            @Override
            public Optional<String> dir() {
                return dir;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
