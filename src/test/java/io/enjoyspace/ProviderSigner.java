package io.enjoyspace;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A provider's client for the signed provider API ({@code /api/v1/provider/**}), written from the documented scheme
 * alone, as an integrator would write it:
 *
 * <pre>
 * canonical = METHOD + "\n" + PATH_WITH_QUERY + "\n" + TIMESTAMP + "\n" + NONCE + "\n" + hex(sha256(body))
 * X-Api-Key:   the key id (pk_…)
 * X-Timestamp: TIMESTAMP, epoch seconds, within 5 minutes of the server clock
 * X-Nonce:     NONCE, 8 to 128 visible ASCII characters, never reused with the key
 * X-Signature: hex(hmacSha256(utf8(secret), utf8(canonical)))   (standard base64 is accepted too)
 * </pre>
 *
 * <p>Use {@link #get} and {@link #post} for ordinary requests; {@link #headers} and {@link #send} let a test sign one
 * request and send another.
 */
public final class ProviderSigner {

    private static final HttpClient http = HttpClient.newHttpClient();

    private final String baseUrl;
    private final String keyId;
    private final String secret;
    private final Clock clock;

    public ProviderSigner(int port, String keyId, String secret, Clock clock) {
        this.baseUrl = "http://localhost:" + port;
        this.keyId = keyId;
        this.secret = secret;
        this.clock = clock;
    }

    public ProviderSigner(int port, String keyId, String secret) {
        this(port, keyId, secret, Clock.systemUTC());
    }

    public Api.Response get(String pathWithQuery) {
        return send("GET", pathWithQuery, "", headers("GET", pathWithQuery, "", now(), newNonce()));
    }

    public Api.Response post(String pathWithQuery, String jsonBody) {
        return send("POST", pathWithQuery, jsonBody, headers("POST", pathWithQuery, jsonBody, now(), newNonce()));
    }

    public long now() {
        return clock.instant().getEpochSecond();
    }

    public static String newNonce() {
        return UUID.randomUUID().toString();
    }

    /** The four authentication headers for a request signed with this key's secret. */
    public Map<String, String> headers(String method, String pathWithQuery, String body, long timestamp, String nonce) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Api-Key", keyId);
        headers.put("X-Timestamp", Long.toString(timestamp));
        headers.put("X-Nonce", nonce);
        headers.put("X-Signature", signature(secret, method, pathWithQuery, body, timestamp, nonce));
        return headers;
    }

    public static String signature(
            String secret, String method, String pathWithQuery, String body, long timestamp, String nonce) {
        try {
            String bodyHash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
            String canonical = method + "\n" + pathWithQuery + "\n" + timestamp + "\n" + nonce + "\n" + bodyHash;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends exactly what it is given: a request and the headers, signed for it or not. */
    public Api.Response send(String method, String pathWithQuery, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathWithQuery))
                .header("Accept-Language", "en")
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
