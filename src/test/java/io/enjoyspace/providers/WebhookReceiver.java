package io.enjoyspace.providers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A provider's webhook endpoint on a random local port, as a provider would write it: it verifies
 * {@code X-EnjoySpace-Signature} with the endpoint secret (answering 400 to a bad one), then fails the first
 * {@code failures} deliveries with a 500 and accepts the rest.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String event, String deliveryId, String body, boolean signatureValid, int answeredWith) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft;
    private volatile String secret;

    public WebhookReceiver(int failures) throws IOException {
        this.failuresLeft = new AtomicInteger(failures);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean valid = verify(exchange.getRequestHeaders().getFirst("X-EnjoySpace-Signature"), body);
            int status = !valid ? 400 : failuresLeft.getAndDecrement() > 0 ? 500 : 200;
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst("X-EnjoySpace-Event"),
                    exchange.getRequestHeaders().getFirst("X-EnjoySpace-Delivery"),
                    body,
                    valid,
                    status));
            byte[] answer = (status == 200 ? "ok" : "try again later").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public void useSecret(String secret) {
        this.secret = secret;
    }

    public void failNext(int failures) {
        failuresLeft.set(failures);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedFor(long deliveryId) {
        return received.stream()
                .filter(request -> Long.toString(deliveryId).equals(request.deliveryId()))
                .toList();
    }

    private boolean verify(String header, String body) {
        if (header == null || secret == null) {
            return false;
        }
        String timestamp = null;
        String signature = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                timestamp = part.substring(2);
            } else if (part.startsWith("v1=")) {
                signature = part.substring(3);
            }
        }
        if (timestamp == null || signature == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature));
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
