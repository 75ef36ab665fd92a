package io.enjoyspace.demo;

import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Category;
import io.enjoyspace.catalog.Fulfilment;
import io.enjoyspace.catalog.OfferingKind;
import io.enjoyspace.catalog.PriceModifier;
import io.enjoyspace.catalog.Pricing;
import io.enjoyspace.catalog.PricingPlan;
import io.enjoyspace.tenancy.Enterprise;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives the demo operator's catalog a tree of sub-categories and a few offerings that show each pricing strategy, a
 * negotiated company price and a tier price. Runs once the application is ready, so always after {@code DemoData}
 * (whose runner has no order to come after), and adds only what is missing.
 */
@Component
@Profile("demo")
class DemoCatalog {

    private static final Map<String, List<String>> SUBCATEGORIES = Map.of(
            "Enterprise services", List.of("Legal", "Tax", "IT", "HR", "Team building"),
            "Office services", List.of("Cleaning", "Repairs", "Printing", "Courier"),
            "Lifestyle", List.of("Catering", "Fitness", "Laundry"));

    private final Operators operators;
    private final Catalog catalog;
    private final Pricing pricing;
    private final Enterprises enterprises;
    private final TransactionTemplate transaction;

    DemoCatalog(
            Operators operators,
            Catalog catalog,
            Pricing pricing,
            Enterprises enterprises,
            TransactionTemplate transaction) {
        this.operators = operators;
        this.catalog = catalog;
        this.pricing = pricing;
        this.enterprises = enterprises;
        this.transaction = transaction;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        Optional<Operator> demo = operators.findByCode("demo");
        if (demo.isEmpty()) {
            return;
        }
        long op = demo.get().id();
        transaction.executeWithoutResult(status -> {
            SUBCATEGORIES.forEach((parent, children) -> named(op, parent)
                    .ifPresent(root -> children.forEach(child -> {
                        if (named(op, child).isEmpty()) {
                            catalog.createCategory(
                                    op,
                                    new Catalog.CategoryDraft(
                                            child, null, root.id(), children.indexOf(child), null, null));
                        }
                    })));
            loadPricedOfferings(op);
        });
    }

    private void loadPricedOfferings(long op) {
        Optional<Category> printing = named(op, "Printing");
        Optional<Category> rooms = named(op, "Meeting rooms & venues");
        if (printing.isEmpty() || rooms.isEmpty() || exists(op, "Colour printing")) {
            return;
        }
        long colour = offering(
                op,
                printing.get(),
                "Colour printing",
                "A4 colour, collected at the front desk",
                OfferingKind.SERVICE,
                150L,
                PricingPlan.perUnit("page"));
        offering(
                op,
                printing.get(),
                "Business cards",
                "Printed on 350 g card; the more boxes, the cheaper each further box",
                OfferingKind.PRODUCT,
                null,
                PricingPlan.tiered(List.of(
                        new PricingPlan.Bracket(1, 6_000),
                        new PricingPlan.Bracket(5, 5_000),
                        new PricingPlan.Bracket(20, 4_000))));
        long focus = offering(
                op,
                rooms.get(),
                "Focus room by the hour",
                "A quiet room for two, at least one hour, billed by the half hour",
                OfferingKind.RESOURCE_TYPE,
                12_000L,
                PricingPlan.perHour(1, 30));
        offering(
                op,
                rooms.get(),
                "Roadshow hall by the hour",
                "80 seats; weekday office hours are peak time",
                OfferingKind.RESOURCE_TYPE,
                50_000L,
                PricingPlan.timeBands(
                        2,
                        60,
                        List.of(new PricingPlan.TimeBand(
                                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                                LocalTime.of(9, 0),
                                LocalTime.of(18, 0),
                                80_000))));
        enterprises.list(op).stream()
                .filter(company -> company.name().equals("Lanting Technology"))
                .map(Enterprise::id)
                .findFirst()
                .ifPresent(lanting -> pricing.setEnterprisePrice(op, colour, lanting, PriceModifier.percentOff(10)));
        pricing.setTierPrice(op, focus, "GOLD", PriceModifier.unitPrice(9_000));
    }

    private long offering(
            long op,
            Category category,
            String name,
            String description,
            OfferingKind kind,
            Long priceMinor,
            PricingPlan plan) {
        return catalog.createOffering(
                        op,
                        new Catalog.OfferingDraft(
                                category.id(),
                                name,
                                description,
                                kind,
                                Fulfilment.OPERATOR,
                                null,
                                kind == OfferingKind.PRODUCT ? 24 : 0,
                                priceMinor,
                                plan,
                                List.of(),
                                true))
                .id();
    }

    private Optional<Category> named(long op, String name) {
        return catalog.categories(op).stream()
                .filter(category -> category.name().equals(name))
                .findFirst();
    }

    private boolean exists(long op, String name) {
        return catalog.offerings(op, null, false).stream()
                .anyMatch(offering -> offering.name().equals(name));
    }
}
