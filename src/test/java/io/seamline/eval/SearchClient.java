package io.seamline.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.bench.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The evaluation's HTTP view of the running service: search answers and the head of the event log. */
final class SearchClient {

    /** A search request that was not answered with 200. */
    static final class SearchFailed extends RuntimeException {
        final int status;

        SearchFailed(String path, int status, String body) {
            super("GET " + path + " answered " + status + ": " + body);
            this.status = status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceProcess service;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    SearchClient(ServiceProcess service) {
        this.service = service;
    }

    /** {@code GET /api/search?q=&mode=&k=} (and {@code &fusion=} when not null). */
    SearchAnswer search(String query, String mode, int k, String fusion) {
        String path = "/api/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&mode=" + mode + "&k=" + k
                + (fusion == null ? "" : "&fusion=" + fusion);
        return SearchAnswer.parse(getOk(path));
    }

    /** The global index of the newest event in the log ({@code head} of {@code GET /api/events}), -1 when empty. */
    long head() {
        try {
            return JSON.readTree(getOk("/api/events?limit=1")).path("head").asLong(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String getOk(String path) {
        try {
            HttpRequest req = service.request(path).timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<String> response = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new SearchFailed(path, response.statusCode(), response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
