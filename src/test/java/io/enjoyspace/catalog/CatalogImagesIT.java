package io.enjoyspace.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** Offering images: checked by their first bytes, capped in size, served with caching headers to the operator's people. */
@EnjoySpaceTest
class CatalogImagesIT {

    static final byte[] PNG = {
        (byte) 0x89,
        'P',
        'N',
        'G',
        0x0D,
        0x0A,
        0x1A,
        0x0A,
        0,
        0,
        0,
        13,
        'I',
        'H',
        'D',
        'R',
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        1,
        8,
        6
    };
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
    static final byte[] WEBP = {'R', 'I', 'F', 'F', 36, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};

    @LocalServerPort
    int port;

    String adminToken;
    String offeringId;

    @BeforeEach
    void offering() {
        Api admin = Api.as(port, "admin");
        adminToken = token("admin");
        String tag = "img" + UUID.randomUUID().toString().substring(0, 8);
        String category = admin.post("/api/v1/catalog/categories", Map.of("name", tag, "kind", "OFFICE"))
                .json()
                .get("id")
                .asString();
        offeringId = admin.post(
                        "/api/v1/catalog/offerings",
                        Map.of("categoryId", category, "name", tag + " pictured", "priceMinor", 100))
                .json()
                .get("id")
                .asString();
    }

    @Test
    void pngJpegAndWebpImagesAreKeptInOrderAndServedWithCachingHeaders() throws Exception {
        HttpResponse<String> png = upload(adminToken, offeringId, "a.png", PNG);
        HttpResponse<String> jpeg = upload(adminToken, offeringId, "b.jpg", JPEG);
        HttpResponse<String> webp = upload(adminToken, offeringId, "c.webp", WEBP);
        assertThat(png.statusCode()).as(png.body()).isEqualTo(201);
        assertThat(jpeg.statusCode()).isEqualTo(201);
        assertThat(webp.statusCode()).isEqualTo(201);
        String url =
                JsonMapper.builder().build().readTree(png.body()).get("url").asString();

        Api member = Api.as(port, "member");
        assertThat(member.get("/api/v1/catalog/offerings/" + offeringId)
                        .json()
                        .get("offering")
                        .get("images")
                        .findValuesAsString("url"))
                .hasSize(3)
                .first()
                .isEqualTo(url);

        HttpResponse<byte[]> served = fetch(token("member"), url, null);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(PNG);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("Cache-Control").orElseThrow())
                .contains("max-age=31536000", "private", "immutable");
        String etag = served.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> again = fetch(token("member"), url, etag);
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void anythingButAnImageOfAtMostTwoMegabytesIsRefused() throws Exception {
        HttpResponse<String> text =
                upload(adminToken, offeringId, "evil.png", "<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8));
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(text.body()).contains("\"field\":\"file\"", "PNG, JPEG or WebP");

        byte[] large = Arrays.copyOf(PNG, 2 * 1024 * 1024 + 1);
        HttpResponse<String> tooLarge = upload(adminToken, offeringId, "big.png", large);
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(tooLarge.body()).contains("\"field\":\"file\"", "2 MB");

        byte[] justRight = Arrays.copyOf(PNG, 2 * 1024 * 1024);
        assertThat(upload(adminToken, offeringId, "ok.png", justRight).statusCode())
                .isEqualTo(201);

        assertThat(upload(adminToken, offeringId, "empty.png", new byte[0]).statusCode())
                .isEqualTo(400);
        assertThat(upload(token("staff"), offeringId, "a.png", PNG).statusCode())
                .isEqualTo(403);
    }

    @Test
    void anotherOperatorCanNeitherFetchNorAddNorRemoveImages() throws Exception {
        String url = JsonMapper.builder()
                .build()
                .readTree(upload(adminToken, offeringId, "a.png", PNG).body())
                .get("url")
                .asString();
        String imageId = url.substring(url.lastIndexOf('/') + 1);

        assertThat(fetch(token("mall-member"), url, null).statusCode()).isEqualTo(404);
        assertThat(fetch(token("mall-admin"), url, null).statusCode()).isEqualTo(404);
        assertThat(upload(token("mall-admin"), offeringId, "a.png", PNG).statusCode())
                .isEqualTo(404);
        assertThat(Api.as(port, "mall-admin")
                        .delete("/api/v1/catalog/offerings/" + offeringId + "/images/" + imageId)
                        .status())
                .isEqualTo(404);

        // An unpublished offering's images are for staff only.
        Api.as(port, "admin").post("/api/v1/catalog/offerings/" + offeringId + "/unpublish", Map.of());
        assertThat(fetch(token("member"), url, null).statusCode()).isEqualTo(404);
        assertThat(fetch(adminToken, url, null).statusCode()).isEqualTo(200);

        assertThat(Api.as(port, "admin")
                        .delete("/api/v1/catalog/offerings/" + offeringId + "/images/" + imageId)
                        .status())
                .isEqualTo(204);
        assertThat(fetch(adminToken, url, null).statusCode()).isEqualTo(404);
    }

    private String token(String username) {
        HttpResponse<String> response = Api.anonymous(port)
                .post("/api/v1/auth/token", Map.of("username", username, "password", "demo"))
                .raw();
        return JsonMapper.builder()
                .build()
                .readTree(response.body())
                .get("accessToken")
                .asString();
    }

    private HttpResponse<String> upload(String token, String offering, String filename, byte[] bytes) throws Exception {
        String boundary = "----enjoyspace" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/catalog/offerings/"
                                        + offering + "/images"))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept-Language", "en")
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> fetch(String token, String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token);
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
