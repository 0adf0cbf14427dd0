package io.seamline.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies never lose a number: a fraction for a whole-number field ({@code "quantity": 2.9}) is refused
 * instead of truncated to 2, and so is an exponent form such as {@code 1e30}. Numbers too large for their field
 * are refused by Jackson already. Only reading changes; the JSON the API writes stays as it is.
 */
@Singleton
class StrictNumbers implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
