package io.seamline.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

/** {@link DemoApi} over java.net.http: each request made by {@code requests} (base URI and bearer token). */
final class HttpDemoApi implements DemoApi {

    private final Function<String, HttpRequest.Builder> requests;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    HttpDemoApi(Function<String, HttpRequest.Builder> requests) {
        this.requests = requests;
    }

    /** Requests to {@code baseUrl} with {@code token} as bearer. */
    static HttpDemoApi at(String baseUrl, String token) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new HttpDemoApi(path -> HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token));
    }

    @Override
    public Answer send(String method, String path, String jsonBody, String... headers) {
        HttpRequest.Builder request = requests.apply(path).timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null || !method.equals("GET")) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
