package io.seamline.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.seamline.platform.EventJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a request: SHA-256 (hex) of the command's type and its canonical JSON (properties and map
 * entries sorted). It must not change across restarts or releases that keep the command's shape, since a retry
 * with the same key compares it with the one stored: it depends on no hash order or identity.
 */
public final class Fingerprint {

    // EventJson's mapping (numbers plain, instants as ISO text); sorting makes it independent of declaration order
    private static final ObjectMapper CANONICAL = ((JsonMapper) EventJson.newMapper()).rebuild()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Fingerprint() {
    }

    /** The fingerprint of a command; a command created under a generated id must be given with a fixed one. */
    public static String of(Object command) {
        try {
            String canonical = command.getClass().getSimpleName() + "\n" + CANONICAL.writeValueAsString(command);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("could not fingerprint " + command.getClass().getSimpleName(), e);
        }
    }
}
