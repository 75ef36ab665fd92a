package io.enjoyspace.demo;

import io.enjoyspace.booking.ResourceType;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Offering;
import io.enjoyspace.catalog.PriceModifier;
import io.enjoyspace.catalog.Pricing;
import io.enjoyspace.membership.AllowancePeriod;
import io.enjoyspace.membership.AllowanceUnit;
import io.enjoyspace.membership.Allowances;
import io.enjoyspace.membership.Audience;
import io.enjoyspace.membership.DowngradePolicy;
import io.enjoyspace.membership.Measure;
import io.enjoyspace.membership.Rollover;
import io.enjoyspace.membership.Tier;
import io.enjoyspace.membership.TierEvaluation;
import io.enjoyspace.membership.Tiers;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Demo tiers for the demo operator: Standard, Silver (3 uses a month) and Gold (8 uses a month, 5 h of meeting-room
 * time a month, 10% member price, half as many points again, priority service), company tiers with a pooled
 * allowance, and the demo {@code member} on Silver. Loaded when the application is ready (after {@link DemoData}),
 * once. Not under the test profile: the integration tests share the demo members, and a tier earned by their orders
 * would change the prices and points other tests expect; the membership tests build their own operator and
 * {@code DemoMembershipIT} loads this data into one.
 */
@Component
@Profile("demo & !test")
class DemoMembership {

    private static final Logger log = LoggerFactory.getLogger(DemoMembership.class);

    static final String DEMO_MEMBER_MOBILE = "13800000001";

    private final Operators operators;
    private final Tiers tiers;
    private final TierEvaluation evaluation;
    private final Allowances allowances;
    private final Catalog catalog;
    private final Pricing pricing;
    private final io.enjoyspace.tenancy.Members members;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    DemoMembership(
            Operators operators,
            Tiers tiers,
            TierEvaluation evaluation,
            Allowances allowances,
            Catalog catalog,
            Pricing pricing,
            io.enjoyspace.tenancy.Members members,
            JdbcClient jdbc,
            TransactionTemplate transaction) {
        this.operators = operators;
        this.tiers = tiers;
        this.evaluation = evaluation;
        this.allowances = allowances;
        this.catalog = catalog;
        this.pricing = pricing;
        this.members = members;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        Operator demo = operators.findByCode("demo").orElse(null);
        if (demo == null || !tiers.list(demo.id(), Audience.MEMBER).isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> load(demo.id(), DEMO_MEMBER_MOBILE, staffUser(demo.id(), "admin")));
        log.info("Demo membership loaded: Standard, Silver and Gold tiers; the demo member is Silver");
    }

    void load(long operatorId, String silverMemberMobile, long staffUserId) {
        tiers.saveProgram(operatorId, Audience.MEMBER, Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 1);
        tiers.create(
                operatorId,
                Audience.MEMBER,
                new Tiers.TierDraft("STANDARD", "Standard", 0, 0, 100, null, false, false, 0));
        Tier silver = tiers.create(
                operatorId, Audience.MEMBER, new Tiers.TierDraft("SILVER", "Silver", 1, 3, 100, 45, false, false, 50));
        Tier gold = tiers.create(
                operatorId, Audience.MEMBER, new Tiers.TierDraft("GOLD", "Gold", 2, 8, 150, 60, true, true, 200));
        allowances.createPlan(
                operatorId,
                new Allowances.PlanDraft(
                        "Gold meeting-room time",
                        AllowanceUnit.MINUTES,
                        300,
                        List.of(ResourceType.MEETING_ROOM.name()),
                        List.of(),
                        AllowancePeriod.CALENDAR_MONTH,
                        Rollover.NONE,
                        0,
                        gold.id(),
                        true));
        for (Offering offering : catalog.offerings(operatorId, null, true)) {
            pricing.setTierPrice(operatorId, offering.id(), gold.code(), PriceModifier.percentOff(10));
        }

        tiers.saveProgram(operatorId, Audience.ENTERPRISE, Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 2);
        tiers.create(
                operatorId,
                Audience.ENTERPRISE,
                new Tiers.TierDraft("PARTNER", "Partner", 0, 0, 100, null, false, false, 0));
        Tier premier = tiers.create(
                operatorId,
                Audience.ENTERPRISE,
                new Tiers.TierDraft("PREMIER", "Premier partner", 1, 30, 100, null, true, true, 0));
        allowances.createPlan(
                operatorId,
                new Allowances.PlanDraft(
                        "Premier company meeting-room pool",
                        AllowanceUnit.MINUTES,
                        600,
                        List.of(ResourceType.MEETING_ROOM.name(), ResourceType.VENUE.name()),
                        List.of(),
                        AllowancePeriod.CONTRACT_MONTH,
                        Rollover.CAPPED,
                        120,
                        premier.id(),
                        true));

        members.findByMobile(operatorId, silverMemberMobile)
                .ifPresent(member -> evaluation.assign(
                        operatorId, Audience.MEMBER, member.id(), silver.id(), staffUserId, "Demo: a Silver member"));
    }

    /** Identity offers no lookup by username to other modules; the demo reads the one id it needs. */
    private long staffUser(long operatorId, String username) {
        return jdbc.sql("select id from app_user where operator_id = :operatorId and username = :username")
                .param("operatorId", operatorId)
                .param("username", username)
                .query(Long.class)
                .single();
    }
}
