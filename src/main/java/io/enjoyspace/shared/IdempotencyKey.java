package io.enjoyspace.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A client-chosen key that makes a retried request return the first result instead of acting twice. */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";

    public IdempotencyKey {
        if (value == null || value.isBlank() || value.length() > 100) {
            throw new InvalidInputException(HEADER, "validation.idempotencyKey");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new InvalidInputException(HEADER, "validation.idempotencyKey");
            }
        }
    }

    /** A stable fingerprint of a request body, to tell a replay from a different request with the same key. */
    public static String fingerprint(String canonicalRequest) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
