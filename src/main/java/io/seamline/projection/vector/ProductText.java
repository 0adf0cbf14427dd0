package io.seamline.projection.vector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** What of a product is embedded (title and description) and the hash that tells whether it changed. */
public final class ProductText {

    /**
     * MiniLM-L6 was trained on inputs of at most 128 word pieces (≈ 500–600 English characters) and its cost grows with
     * length: the opening of a description says what the product is, the rest mostly dilutes the vector. 600 chars
     * keeps the title plus the lead of the description.
     */
    static final int MAX_CHARS = 600;

    private ProductText() {
    }

    public static String of(String title, String description) {
        String t = title == null ? "" : title.strip();
        String d = description == null ? "" : description.strip();
        String text = d.isEmpty() ? t : t.isEmpty() ? d : t + ". " + d;
        return truncate(text);
    }

    private static String truncate(String text) {
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        int cut = text.lastIndexOf(' ', MAX_CHARS);
        return text.substring(0, cut > MAX_CHARS / 2 ? cut : MAX_CHARS); // on a word boundary when there is one nearby
    }

    /** The first 8 bytes of the text's SHA-256: collisions across one catalogue are negligible at 64 bits. */
    public static long hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (digest[i] & 0xff);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
