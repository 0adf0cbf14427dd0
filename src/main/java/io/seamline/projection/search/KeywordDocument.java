package io.seamline.projection.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.domain.Money;
import io.seamline.platform.EventJson;
import io.seamline.product.api.ProductState;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.domain.CategoryPath;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;

import java.io.IOException;
import java.math.BigDecimal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shape of a product in the keyword index: its words in analysed text fields, its id and sequence for the
 * sequence guard, and its {@link ProductState} but the price as stored JSON so a partial update can re-index it
 * whole. What filters and hits read besides: the normalised category path (exact and prefix terms), the rating
 * (stored), and the price as doc values (cents and the currency's code as a number) so a price change, the commonest
 * update, rewrites three doc values in place and no words.
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
    /** The category path as {@link CategoryPath#normalise} writes it, one term: what a category filter matches. */
    static final String CATEGORY_PATH = "categoryPath";
    static final String RATING = "rating";
    /** The price in cents (amounts are kept to the cent); with {@link #CURRENCY} 0 for a product without a price. */
    static final String PRICE_CENTS = "priceCents";
    /** The ISO code's three letters packed into a number: doc values a price change can update in place. */
    static final String CURRENCY = "currency";
    /** The attribute the catalogue keeps a product's star rating in (0 to 5, as the ESCI data has it). */
    static final String RATING_ATTRIBUTE = "rating";
    /** The analysed fields a query searches. */
    static final List<String> TEXT_FIELDS = List.of(TITLE, DESCRIPTION, CATEGORY, BRAND, ATTRIBUTES);
    /**
     * The attributes that say where a value came from rather than what the product is (the demo catalogue's, see
     * DemoCatalogue): not searched, by default ({@code seamline.search.keyword.unsearched-attributes}).
     */
    static final String PROVENANCE_ATTRIBUTES = "category_source,price_generated,price_band";
    /**
     * Present when the catalogue guessed the category or had none ("derived", "none"): a guessed category filters and
     * counts in facets, but its words are not the product's and are not searched.
     */
    static final String CATEGORY_SOURCE = "category_source";

    static final String LIVE = "live";
    static final String DISCONTINUED = "discontinued";

    private static final ObjectMapper JSON = EventJson.mapper();

    private KeywordDocument() {
    }

    /** The document of a current product; the values of {@code unsearched} attributes are not searched. */
    static Document live(ProductState state, long sequence, Set<String> unsearched) {
        Document doc = identity(state.productId(), sequence, LIVE);
        doc.add(new StoredField(STATE, toJson(words(state))));
        text(doc, TITLE, state.title(), true);
        text(doc, DESCRIPTION, state.description(), false);
        Map<String, String> attributes = state.attributes() == null ? new TreeMap<>() : new TreeMap<>(state.attributes());
        if (!attributes.containsKey(CATEGORY_SOURCE)) {
            text(doc, CATEGORY, state.category(), true);
        }
        String path = CategoryPath.normalise(state.category());
        if (path != null) {
            doc.add(new StringField(CATEGORY_PATH, path, Field.Store.NO));
        }
        Double rating = rating(state.attributes());
        if (rating != null) {
            doc.add(new StoredField(RATING, rating));
        }
        for (Field price : price(state.price())) {
            doc.add(price);
        }
        text(doc, BRAND, attributes.remove("brand"), false);
        attributes.keySet().removeAll(unsearched);
        // the remaining attribute values (colour, size, material) are words a shopper types too
        text(doc, ATTRIBUTES, String.join(" ", attributes.values()), false);
        return doc;
    }

    /** The doc values of a price (none: currency 0), for a new document and for a price change in place. */
    static Field[] price(Money price) {
        return new Field[]{
                new NumericDocValuesField(PRICE_CENTS, price == null ? 0 : cents(price.amount())),
                new NumericDocValuesField(CURRENCY, price == null ? 0 : currencyCode(price.currency()))};
    }

    /** An amount kept to the cent, in cents. */
    static long cents(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    /** A three-letter currency code as a positive number (0 is no price). */
    static long currencyCode(String currency) {
        long code = 0;
        for (char c : currency.toCharArray()) {
            code = (code << 8) | (c & 0xff);
        }
        return code;
    }

    /** The price held in a leaf's doc values, null when it has none. */
    static Money price(LeafReader leaf, int doc) throws IOException {
        NumericDocValues currencies = leaf.getNumericDocValues(CURRENCY);
        NumericDocValues cents = leaf.getNumericDocValues(PRICE_CENTS);
        if (currencies == null || cents == null || !currencies.advanceExact(doc) || !cents.advanceExact(doc)
                || currencies.longValue() == 0) {
            return null;
        }
        long code = currencies.longValue();
        String currency = new String(new char[]{(char) (code >> 16 & 0xff), (char) (code >> 8 & 0xff),
                (char) (code & 0xff)});
        return new Money(BigDecimal.valueOf(cents.longValue(), 2), currency);
    }

    /** The catalogue's rating attribute as a number, null when absent or not a number from 0 to 5. */
    static Double rating(Map<String, String> attributes) {
        String raw = attributes == null ? null : attributes.get(RATING_ATTRIBUTE);
        if (raw == null) {
            return null;
        }
        try {
            double rating = Double.parseDouble(raw.strip());
            return rating >= 0 && rating <= 5 ? rating : null;
        } catch (NumberFormatException e) {
            return null; // a free-text attribute a shop called rating: not a star rating to show
        }
    }

    /** The state with the price its document holds apart from the stored words. */
    static ProductState withPrice(ProductState state, Money price) {
        return new ProductState(state.productId(), state.sku(), state.title(), state.description(), state.category(),
                price, state.attributes());
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
