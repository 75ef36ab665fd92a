package io.enjoyspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A signed-in session for fetching pages without a browser: signs in through the sign-in form as a browser does
 * (session cookie and CSRF token), then sends the session's cookie with every request. Redirects are not followed, so
 * a test sees them.
 */
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
                send(HttpRequest.newBuilder(uri(port, "/login")).GET(), HttpResponse.BodyHandlers.ofString());
        String csrf = login.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        String anonymous =
                login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> signedIn = send(
                HttpRequest.newBuilder(uri(port, "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", anonymous)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "_csrf=" + csrf + "&username=" + username + "&password=" + password)),
                HttpResponse.BodyHandlers.ofString());
        return new PageSession(
                port, signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0]);
    }

    /** The page in the language asked for (an Accept-Language value such as en or zh-CN). */
    public HttpResponse<String> get(String path, String language) {
        return send(
                HttpRequest.newBuilder(uri(port, path)).header("Cookie", cookie).header("Accept-Language", language),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form (URL-encoded, the CSRF token included by the caller) as a browser does. */
    public HttpResponse<String> post(String path, String form, String language) {
        return send(
                HttpRequest.newBuilder(uri(port, path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie)
                        .header("Accept-Language", language)
                        .POST(HttpRequest.BodyPublishers.ofString(form)),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The response's bytes, for downloads such as PDFs. */
    public HttpResponse<byte[]> download(String path) {
        return send(
                HttpRequest.newBuilder(uri(port, path)).header("Cookie", cookie),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
