package io.enjoyspace.demo;

import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Category;
import io.enjoyspace.providers.CertificationStatus;
import io.enjoyspace.providers.ProviderDetails;
import io.enjoyspace.providers.ProviderUsers;
import io.enjoyspace.providers.Providers;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Site;
import io.enjoyspace.tenancy.Sites;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two providers for the demo operator: a certified cleaning company, whose admin signs in as {@code provider} (password
 * {@code demo}), and an IT support company whose certificate ends in two weeks. Runs once the application is ready,
 * which is after {@link DemoData} (an unordered runner that no order value can follow reliably), and does nothing when
 * the providers exist.
 */
@Component
@Profile("demo")
class DemoProviders {

    static final String CLEANING = "洁净家保洁 CleanHome";
    private static final Logger log = LoggerFactory.getLogger(DemoProviders.class);

    private final Operators operators;
    private final Sites sites;
    private final Catalog catalog;
    private final Providers providers;
    private final ProviderUsers users;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DemoProviders(
            Operators operators,
            Sites sites,
            Catalog catalog,
            Providers providers,
            ProviderUsers users,
            TransactionTemplate transaction,
            Clock clock) {
        this.operators = operators;
        this.sites = sites;
        this.catalog = catalog;
        this.providers = providers;
        this.users = users;
        this.transaction = transaction;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        Optional<Operator> demo = operators.findByCode("demo");
        if (demo.isEmpty()) {
            return;
        }
        Operator operator = demo.get();
        long operatorId = operator.id();
        if (providers.list(operatorId).stream()
                .anyMatch(provider -> provider.name().equals(CLEANING))) {
            return;
        }
        LocalDate today = LocalDate.now(clock.withZone(operator.timeZone()));
        List<Long> siteIds = sites.list(operatorId).stream().map(Site::id).toList();
        List<Category> categories = catalog.categories(operatorId);
        transaction.executeWithoutResult(status -> {
            long cleaning = providers
                    .create(
                            operatorId,
                            new ProviderDetails(
                                    CLEANING,
                                    "上海洁净家物业服务有限公司",
                                    "91310115MA1K4CLN8X",
                                    List.of(new ProviderDetails.ContactDetails(
                                            "周婷 Zhou Ting", "13900001001", "ops@cleanhome.example")),
                                    categoryIds(categories, 0),
                                    siteIds,
                                    1500,
                                    CertificationStatus.CERTIFIED,
                                    today.plusYears(1)))
                    .id();
            providers.create(
                    operatorId,
                    new ProviderDetails(
                            "码上修 IT Support",
                            "上海码上修信息技术有限公司",
                            null,
                            List.of(new ProviderDetails.ContactDetails(
                                    "李磊 Li Lei", "13900001002", "help@mashangxiu.example")),
                            categoryIds(categories, categories.size() - 1),
                            siteIds.subList(0, 1),
                            1000,
                            CertificationStatus.CERTIFIED,
                            today.plusDays(14)));
            users.create(operatorId, cleaning, "provider", "周婷 CleanHome admin", "demo", Role.PROVIDER_ADMIN);
            // Deep office cleaning is fulfilled by the cleaning company: its orders reach the provider portal.
            catalog.offerings(operatorId, null, false).stream()
                    .filter(offering -> offering.name().equals("Deep office cleaning"))
                    .findFirst()
                    .ifPresent(offering -> catalog.updateOffering(
                            operatorId,
                            offering.id(),
                            new io.enjoyspace.catalog.Catalog.OfferingDraft(
                                    offering.categoryId(),
                                    offering.name(),
                                    offering.description(),
                                    offering.kind(),
                                    io.enjoyspace.catalog.Fulfilment.PROVIDER,
                                    cleaning,
                                    offering.leadTimeHours(),
                                    offering.price().amountMinor(),
                                    offering.pricing(),
                                    offering.siteIds(),
                                    offering.active())));
        });
        log.info("Demo providers loaded: sign in as provider (password 'demo') for the provider portal");
    }

    private static List<Long> categoryIds(List<Category> categories, int index) {
        return categories.isEmpty() ? List.of() : List.of(categories.get(index).id());
    }
}
