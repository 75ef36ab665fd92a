package io.enjoyspace.providers;

import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Fresh providers for tests, each with a name and contact phone (prefix 1813) that no other test uses. */
@Component
@Profile("test")
class TestProviders {

    private static final AtomicInteger sequence = new AtomicInteger();

    private final Operators operators;
    private final Sites sites;
    private final Catalog catalog;
    private final Providers providers;
    private final ProviderApiKeys keys;

    TestProviders(Operators operators, Sites sites, Catalog catalog, Providers providers, ProviderApiKeys keys) {
        this.operators = operators;
        this.sites = sites;
        this.catalog = catalog;
        this.providers = providers;
        this.keys = keys;
    }

    long operatorId(String code) {
        return operators.findByCode(code).orElseThrow().id();
    }

    static String mobile() {
        return "1813%07d".formatted(sequence.incrementAndGet());
    }

    ProviderDetails details(long operatorId, String name, CertificationStatus certification, LocalDate until) {
        return new ProviderDetails(
                name,
                name + " Co., Ltd.",
                null,
                List.of(new ProviderDetails.ContactDetails("Contact of " + name, mobile(), "ops@example.com")),
                List.of(catalog.categories(operatorId).get(0).id()),
                List.of(sites.list(operatorId).get(0).id()),
                1500,
                certification,
                until);
    }

    /** A certified, active provider of the demo operator, valid for a year. */
    Provider certified(String name) {
        long operatorId = operatorId("demo");
        return providers.create(
                operatorId,
                details(
                        operatorId,
                        name + " " + UUID.randomUUID(),
                        CertificationStatus.CERTIFIED,
                        LocalDate.now().plusYears(1)));
    }

    ProviderApiKeys.IssuedKey key(Provider provider) {
        return keys.issue(provider.operatorId(), provider.id(), "test key");
    }
}
