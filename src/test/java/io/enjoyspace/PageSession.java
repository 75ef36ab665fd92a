package io.enjoyspace;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A signed-in browser session without a browser: pages fetched and forms posted with the session's CSRF token. */
public final class PageSession {

    private static final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final int port;
    private final String cookie;

    private PageSession(int port, String cookie) {
        this.port = port;
        this.cookie = cookie;
    }

    public static PageSession signIn(int port, String username, String password) {
        HttpResponse<String> login =
                send(HttpRequest.newBuilder(uri(port, "/login")).GET());
        String csrf = login.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(port, "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "_csrf=" + csrf + "&username=" + encode(username) + "&password=" + encode(password))));
        return new PageSession(
                port, response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0]);
    }

    public static PageSession signIn(int port, String username) {
        return signIn(port, username, "demo");
    }

    public HttpResponse<String> get(String path, String language) {
        return send(HttpRequest.newBuilder(uri(port, path))
                .header("Cookie", cookie)
                .header("Accept-Language", language)
                .GET());
    }

    public HttpResponse<String> get(String path) {
        return get(path, "en");
    }

    /** Posts a form, with the CSRF token of the page at {@code formPage}; a value may be a list (repeated field). */
    public HttpResponse<String> post(String formPage, String path, Map<String, Object> fields) {
        String page = get(formPage).body();
        String csrf = page.replaceAll("(?s).*<meta name=\"_csrf\" content=\"([^\"]+)\".*", "$1");
        String body = "_csrf=" + encode(csrf)
                + fields.entrySet().stream()
                        .flatMap(field -> (field.getValue() instanceof List<?> values
                                        ? values.stream()
                                        : java.util.stream.Stream.of(field.getValue()))
                                .map(value -> "&" + encode(field.getKey()) + "="
                                        + encode(value == null ? "" : value.toString())))
                        .collect(Collectors.joining());
        return send(HttpRequest.newBuilder(uri(port, path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The response's bytes, for downloads such as PDFs. */
    public HttpResponse<byte[]> download(String path) {
        return send(
                HttpRequest.newBuilder(uri(port, path)).header("Cookie", cookie).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
