package io.seamline.support;

import com.sun.net.httpserver.HttpServer;
import io.seamline.platform.Roles;
import io.seamline.platform.SigningKey;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OIDC issuer as the app under test sees one in production: its public keys served as a JWKS over HTTP, from a
 * key the tests generate (nothing leaves the machine), and tokens it signs for whichever roles a test needs.
 */
public final class TestIssuer {

    public static final String ISSUER = "https://issuer.seamline.test/realms/shop";
    public static final String AUDIENCE = "seamline";

    private static final SigningKey KEY = SigningKey.generate();
    private static HttpServer server;

    private TestIssuer() {
    }

    /** The settings that point the app at this issuer, as an operator would point it at Keycloak. */
    public static synchronized Map<String, String> config() {
        if (server == null) {
            server = serveJwks();
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mp.jwt.verify.publickey.location",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/protocol/openid-connect/certs");
        config.put("mp.jwt.verify.issuer", ISSUER);
        config.put("mp.jwt.verify.audiences", AUDIENCE);
        return config;
    }

    /** A token holding {@code roles}, subject {@link #subject}. */
    public static String token(Collection<String> roles) {
        return KEY.mint(ISSUER, AUDIENCE, subject(roles), roles, Duration.ofHours(1));
    }

    /** The caller a token for {@code roles} names: {@code test-<role>[-<role>…]}. */
    public static String subject(Collection<String> roles) {
        return "test-" + String.join("-", roles);
    }

    /** A token holding every role: what the functional tests call with (SecurityMatrixIT checks each role alone). */
    public static String allRoles() {
        return token(Roles.ALL);
    }

    /** A token signed by this issuer's key but claiming another issuer, audience or an expiry in the past. */
    public static String token(String issuer, String audience, List<String> roles, Duration lifetime) {
        return KEY.mint(issuer, audience, "test-odd", roles, lifetime);
    }

    /** A token for the right issuer and audience signed by a key the issuer never published. */
    public static String forgedToken(List<String> roles) {
        return SigningKey.generate().mint(ISSUER, AUDIENCE, "test-forged", roles, Duration.ofHours(1));
    }

    private static HttpServer serveJwks() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] jwks = KEY.jwks().getBytes(StandardCharsets.UTF_8);
            http.createContext("/protocol/openid-connect/certs", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            http.setExecutor(null);
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException("could not serve the test issuer's keys", e);
        }
    }
}
