package io.enjoyspace.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.ProviderSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every request to the provider API is signed with an API key; each way of getting it wrong answers 401. */
@EnjoySpaceTest
class ProviderApiSignatureIT {

    @LocalServerPort
    int port;

    @Autowired
    TestProviders testProviders;

    @Autowired
    Providers providers;

    @Autowired
    ProviderApiKeys keys;

    Provider provider;
    ProviderApiKeys.IssuedKey key;
    ProviderSigner signer;

    @BeforeEach
    void newProviderWithAKey() {
        provider = testProviders.certified("Signed Cleaning");
        key = testProviders.key(provider);
        signer = new ProviderSigner(port, key.key().keyId(), key.secret());
    }

    private static void assertRefused(Api.Response response, String detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).containsIgnoringCase(detail);
    }

    @Test
    void aCorrectlySignedRequestSeesTheSigningProvider() {
        Api.Response me = signer.get("/api/v1/provider/me");

        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("id").asString()).isEqualTo(Long.toString(provider.id()));
        assertThat(me.json().get("name").asString()).isEqualTo(provider.name());
        assertThat(me.json().get("certification").asString()).isEqualTo("CERTIFIED");
    }

    @Test
    void aBase64SignatureIsAcceptedToo() {
        String path = "/api/v1/provider/me";
        Map<String, String> headers =
                new java.util.HashMap<>(signer.headers("GET", path, "", signer.now(), ProviderSigner.newNonce()));
        headers.put(
                "X-Signature",
                java.util.Base64.getEncoder()
                        .encodeToString(java.util.HexFormat.of().parseHex(headers.get("X-Signature"))));

        assertThat(signer.send("GET", path, "", headers).status()).isEqualTo(200);
    }

    @Test
    void aSignedPostCarriesItsBodyThroughToTheController() {
        Api.Response ping = signer.post("/api/v1/provider/webhook/ping", "{}");

        assertThat(ping.status()).as(ping.toString()).isEqualTo(202);
        assertThat(signer.get("/api/v1/provider/webhook-deliveries").json().findValuesAsString("id"))
                .containsExactly(ping.json().get("deliveryId").asString());
    }

    @Test
    void aWrongSecretIsRefused() {
        ProviderSigner impostor = new ProviderSigner(port, key.key().keyId(), "sk_not-the-secret");

        assertRefused(impostor.get("/api/v1/provider/me"), "signature");
    }

    @Test
    void aTamperedBodyIsRefused() {
        String path = "/api/v1/provider/webhook/ping";
        Map<String, String> headers = signer.headers("POST", path, "{}", signer.now(), ProviderSigner.newNonce());

        assertRefused(signer.send("POST", path, "{\"extra\":true}", headers), "signature");
    }

    @Test
    void aTamperedPathIsRefused() {
        Map<String, String> headers =
                signer.headers("GET", "/api/v1/provider/me?view=short", "", signer.now(), ProviderSigner.newNonce());

        assertRefused(signer.send("GET", "/api/v1/provider/me?view=full", "", headers), "signature");
        assertRefused(signer.send("GET", "/api/v1/provider/webhook-deliveries", "", headers), "signature");
    }

    @Test
    void aTamperedMethodIsRefused() {
        String path = "/api/v1/provider/webhook/ping";
        Map<String, String> headers = signer.headers("GET", path, "", signer.now(), ProviderSigner.newNonce());

        assertRefused(signer.send("POST", path, "", headers), "signature");
    }

    @Test
    void aTimestampMoreThanFiveMinutesOldIsRefused() {
        String path = "/api/v1/provider/me";

        assertRefused(
                signer.send(
                        "GET",
                        path,
                        "",
                        signer.headers("GET", path, "", signer.now() - 301, ProviderSigner.newNonce())),
                "5 minutes");
        assertThat(signer.send(
                                "GET",
                                path,
                                "",
                                signer.headers("GET", path, "", signer.now() - 240, ProviderSigner.newNonce()))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aTimestampMoreThanFiveMinutesAheadIsRefused() {
        String path = "/api/v1/provider/me";

        assertRefused(
                signer.send(
                        "GET",
                        path,
                        "",
                        signer.headers("GET", path, "", signer.now() + 301, ProviderSigner.newNonce())),
                "5 minutes");
    }

    @Test
    void aReplayedNonceIsRefused() {
        String path = "/api/v1/provider/me";
        Map<String, String> headers = signer.headers("GET", path, "", signer.now(), ProviderSigner.newNonce());

        assertThat(signer.send("GET", path, "", headers).status()).isEqualTo(200);
        assertRefused(signer.send("GET", path, "", headers), "nonce");
    }

    @Test
    void aNonceIsPartOfTheSignatureSoAReplayCannotSwapIt() {
        String path = "/api/v1/provider/me";
        Map<String, String> headers =
                new java.util.HashMap<>(signer.headers("GET", path, "", signer.now(), ProviderSigner.newNonce()));
        assertThat(signer.send("GET", path, "", headers).status()).isEqualTo(200);

        headers.put("X-Nonce", ProviderSigner.newNonce());

        assertRefused(signer.send("GET", path, "", headers), "signature");
    }

    @Test
    void concurrentCopiesOfOneSignedRequestGetThroughOnce() throws Exception {
        String path = "/api/v1/provider/webhook/ping";
        Map<String, String> headers = signer.headers("POST", path, "{}", signer.now(), ProviderSigner.newNonce());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> copies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                copies.add(() -> signer.send("POST", path, "{}", headers).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(copies)) {
                statuses.add(status.get());
            }

            assertThat(statuses)
                    .containsOnly(202, 401)
                    .filteredOn(status -> status == 202)
                    .hasSize(1);
            assertThat(signer.get("/api/v1/provider/webhook-deliveries").json().size())
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRevokedKeyIsRefusedWhileAnotherKeyOfTheProviderWorks() {
        ProviderApiKeys.IssuedKey second = testProviders.key(provider);

        keys.revoke(provider.operatorId(), provider.id(), key.key().id());

        assertRefused(signer.get("/api/v1/provider/me"), "revoked");
        assertThat(new ProviderSigner(port, second.key().keyId(), second.secret())
                        .get("/api/v1/provider/me")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aSuspendedProviderIsRefusedUntilReactivated() {
        providers.suspend(provider.operatorId(), provider.id(), "Complaints under review");

        assertRefused(signer.get("/api/v1/provider/me"), "suspended");

        providers.reactivate(provider.operatorId(), provider.id());
        assertThat(signer.get("/api/v1/provider/me").status()).isEqualTo(200);
    }

    @Test
    void anUnknownKeyOrAMissingHeaderIsRefused() {
        assertRefused(new ProviderSigner(port, "pk_unknown", key.secret()).get("/api/v1/provider/me"), "unknown");
        Map<String, String> headers = new java.util.HashMap<>(
                signer.headers("GET", "/api/v1/provider/me", "", signer.now(), ProviderSigner.newNonce()));
        headers.remove("X-Nonce");
        assertRefused(signer.send("GET", "/api/v1/provider/me", "", headers), "X-Nonce");
    }

    @Test
    void aBearerTokenDoesNotOpenTheProviderApi() {
        Api admin = Api.as(port, "admin");

        assertThat(admin.get("/api/v1/provider/me").status()).isEqualTo(401);
    }

    @Test
    void aProviderCannotRedeliverAnotherProvidersWebhook() {
        Provider other = testProviders.certified("Other Cleaning");
        ProviderApiKeys.IssuedKey otherKey = testProviders.key(other);
        ProviderSigner otherSigner = new ProviderSigner(port, otherKey.key().keyId(), otherKey.secret());
        String deliveryId = otherSigner
                .post("/api/v1/provider/webhook/ping", "{}")
                .json()
                .get("deliveryId")
                .asString();

        Api.Response stolen = signer.post("/api/v1/provider/webhook-deliveries/" + deliveryId + "/redeliver", "{}");

        assertThat(stolen.status()).isEqualTo(404);
        assertThat(signer.get("/api/v1/provider/webhook-deliveries").json().size())
                .isZero();
    }
}
