package io.enjoyspace.demo;

import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Offering;
import io.enjoyspace.coupons.CouponKind;
import io.enjoyspace.coupons.CouponTemplate;
import io.enjoyspace.coupons.CouponTemplates;
import io.enjoyspace.coupons.Coupons;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
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
 * Gives the demo operator three coupon templates (¥20 off deep office cleaning, spend ¥100 save ¥15, 10% off at most
 * ¥30) and the demo {@code member} one cleaning coupon, claimed. Runs when the application is ready, after every demo
 * runner, and does nothing once the cleaning template exists.
 */
@Component
@Profile("demo")
class DemoCoupons {

    private static final Logger log = LoggerFactory.getLogger(DemoCoupons.class);

    static final String CLEANING = "¥20 off cleaning";

    private final Operators operators;
    private final Members members;
    private final Catalog catalog;
    private final CouponTemplates templates;
    private final Coupons coupons;
    private final TransactionTemplate transaction;

    DemoCoupons(
            Operators operators,
            Members members,
            Catalog catalog,
            CouponTemplates templates,
            Coupons coupons,
            TransactionTemplate transaction) {
        this.operators = operators;
        this.members = members;
        this.catalog = catalog;
        this.templates = templates;
        this.coupons = coupons;
        this.transaction = transaction;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        Optional<Operator> demo = operators.findByCode("demo");
        if (demo.isEmpty()) {
            return;
        }
        long operatorId = demo.get().id();
        if (templates.list(operatorId).stream()
                .anyMatch(template -> template.name().equals(CLEANING))) {
            return;
        }
        Optional<Offering> cleaning = catalog.offerings(operatorId, null, false).stream()
                .filter(offering -> offering.name().equals("Deep office cleaning"))
                .findFirst();
        if (cleaning.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            CouponTemplate twentyOff = templates.create(
                    operatorId,
                    template(
                            CLEANING,
                            "For one deep office cleaning",
                            CouponKind.AMOUNT_OFF,
                            2_000L,
                            null,
                            null,
                            null,
                            500,
                            1,
                            30,
                            List.of(cleaning.get().id())));
            templates.create(
                    operatorId,
                    template(
                            "满100减15",
                            "Spend ¥100, save ¥15",
                            CouponKind.THRESHOLD,
                            1_500L,
                            null,
                            null,
                            10_000L,
                            200,
                            2,
                            60,
                            List.of()));
            templates.create(
                    operatorId,
                    template(
                            "10% off, up to ¥30",
                            "On any service", CouponKind.PERCENT_OFF, null, 10, 3_000L, null, null, 1, 30, List.of()));
            Optional<Member> member = members.findByMobile(operatorId, "13800000001");
            member.ifPresent(
                    m -> coupons.claim(operatorId, m.id(), twentyOff.id(), new IdempotencyKey("demo-coupon-cleaning")));
        });
        log.info("Demo coupons created");
    }

    private static CouponTemplates.NewTemplate template(
            String name,
            String description,
            CouponKind kind,
            Long amountOffMinor,
            Integer percentOff,
            Long capMinor,
            Long thresholdMinor,
            Integer totalStock,
            int perMemberLimit,
            int validDays,
            List<Long> offeringIds) {
        return new CouponTemplates.NewTemplate(
                name,
                description,
                kind,
                amountOffMinor,
                percentOff,
                capMinor,
                thresholdMinor,
                null,
                null,
                null,
                totalStock,
                perMemberLimit,
                validDays,
                null,
                null,
                List.of(),
                offeringIds,
                List.of(),
                true,
                false,
                true,
                null);
    }
}
