package io.enjoyspace.providers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature scheme of the provider API and of webhooks, in one place.
 *
 * <p>A provider signs each request with its API key secret: {@code X-Signature} is HMAC-SHA256, keyed with the UTF-8
 * bytes of the secret, over the canonical string
 *
 * <pre>
 * METHOD + '\n' + PATH_WITH_QUERY + '\n' + TIMESTAMP + '\n' + NONCE + '\n' + HEX(SHA-256(body))
 * </pre>
 *
 * where METHOD is upper case, PATH_WITH_QUERY is the path and query exactly as sent on the request line, TIMESTAMP is
 * the {@code X-Timestamp} header (epoch seconds), NONCE the {@code X-Nonce} header, and the body hash is lower-case hex
 * (of zero bytes for a request without a body). The signature may be sent as lower-case hex or as standard base64. The
 * nonce is part of the signed string so that a captured request cannot be replayed under a fresh nonce.
 *
 * <p>Webhooks are signed with the endpoint's secret: {@code X-EnjoySpace-Signature: t=TIMESTAMP,v1=HEX} where HEX is
 * HMAC-SHA256 over {@code TIMESTAMP + '.' + body}.
 */
final class ProviderSignatures {

    private ProviderSignatures() {}

    static String canonical(String method, String pathWithQuery, String timestamp, String nonce, byte[] body) {
        return method.toUpperCase(java.util.Locale.ROOT) + "\n" + pathWithQuery + "\n" + timestamp + "\n" + nonce + "\n"
                + sha256Hex(body);
    }

    static byte[] hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signature bytes from hex (64 characters) or base64; null if it is neither. */
    static byte[] decode(String signature) {
        String value = signature.strip();
        if (value.length() == 64) {
            try {
                return HexFormat.of().parseHex(value);
            } catch (IllegalArgumentException e) {
                // Not hex: base64 of 32 bytes is 44 characters, so fall through to a refusal below.
            }
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Compares in time that does not depend on where the first difference is. */
    static boolean matches(byte[] expected, byte[] presented) {
        return presented != null && MessageDigest.isEqual(expected, presented);
    }

    static String webhookSignature(String secret, long epochSeconds, String body) {
        return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, epochSeconds + "." + body));
    }
}
