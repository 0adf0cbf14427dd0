package io.seamline.projection.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.platform.EventJson;
import io.seamline.product.api.ProductState;
import io.seamline.product.api.ProductUpdatedEvent;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of a product in the keyword index: its words in analysed text fields, its id and sequence for the
 * sequence guard, and its {@link ProductState} but the price as stored JSON so a partial update can re-index it
 * whole; a price change moves only the sequence.
 * A discontinued product stays as a tombstone (id, sequence, status only) so an older redelivered event cannot
 * bring it back.
 */
final class KeywordDocument {

    static final String ID = "productId";
    static final String SEQUENCE = "sequence";
    static final String STATUS = "status";
    static final String STATE = "state";
    static final String TITLE = "title";
    static final String DESCRIPTION = "description";
    static final String CATEGORY = "category";
    static final String BRAND = "brand";
    static final String ATTRIBUTES = "attributes";
    /** The analysed fields a query searches. */
    static final List<String> TEXT_FIELDS = List.of(TITLE, DESCRIPTION, CATEGORY, BRAND, ATTRIBUTES);

    static final String LIVE = "live";
    static final String DISCONTINUED = "discontinued";

    private static final ObjectMapper JSON = EventJson.mapper();

    private KeywordDocument() {
    }

    static Document live(ProductState state, long sequence) {
        Document doc = identity(state.productId(), sequence, LIVE);
        doc.add(new StoredField(STATE, toJson(words(state))));
        text(doc, TITLE, state.title(), true);
        text(doc, DESCRIPTION, state.description(), false);
        text(doc, CATEGORY, state.category(), true);
        Map<String, String> attributes = state.attributes() == null ? Map.of() : new TreeMap<>(state.attributes());
        text(doc, BRAND, attributes.remove("brand"), false);
        // the remaining attribute values (colour, size, material) are words a shopper types too
        text(doc, ATTRIBUTES, String.join(" ", attributes.values()), false);
        return doc;
    }

    /** Whether the update changes a field the index holds as words; a price change does not. */
    static boolean changesWords(ProductUpdatedEvent update) {
        return update.title() != null || update.description() != null || update.category() != null
                || update.attributes() != null;
    }

    /** The state without its price: not a word, and kept current by no price change (they update the sequence only). */
    private static ProductState words(ProductState state) {
        return new ProductState(state.productId(), state.sku(), state.title(), state.description(), state.category(),
                null, state.attributes());
    }

    static Document tombstone(String productId, long sequence) {
        return identity(productId, sequence, DISCONTINUED);
    }

    private static Document identity(String productId, long sequence, String status) {
        Document doc = new Document();
        doc.add(new StringField(ID, productId, Field.Store.YES));
        doc.add(new StringField(STATUS, status, Field.Store.YES));
        // doc values only: a price change updates them in place, and the guard and listings read no stored fields
        doc.add(new NumericDocValuesField(SEQUENCE, sequence));
        return doc;
    }

    private static void text(Document doc, String field, String value, boolean stored) {
        if (value != null && !value.isBlank()) {
            doc.add(new TextField(field, value, stored ? Field.Store.YES : Field.Store.NO));
        }
    }

    static ProductState state(Document doc) {
        try {
            return JSON.readValue(doc.get(STATE), ProductState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable product state in the keyword index: " + doc.get(ID), e);
        }
    }

    private static String toJson(ProductState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the state of product " + state.productId(), e);
        }
    }
}
