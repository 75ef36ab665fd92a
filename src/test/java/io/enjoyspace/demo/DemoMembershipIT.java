package io.enjoyspace.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.CategoryKind;
import io.enjoyspace.catalog.PriceModifier;
import io.enjoyspace.catalog.Pricing;
import io.enjoyspace.membership.AllowanceUnit;
import io.enjoyspace.membership.Allowances;
import io.enjoyspace.membership.Audience;
import io.enjoyspace.membership.MembershipWorlds;
import io.enjoyspace.membership.Tier;
import io.enjoyspace.membership.TierEvaluation;
import io.enjoyspace.membership.Tiers;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The demo's membership data, loaded into an operator of its own (the shared test database keeps none of it). */
@EnjoySpaceTest
class DemoMembershipIT {

    @Autowired
    MembershipWorlds worlds;

    @Autowired
    Operators operators;

    @Autowired
    Tiers tiers;

    @Autowired
    TierEvaluation evaluation;

    @Autowired
    Allowances allowances;

    @Autowired
    Catalog catalog;

    @Autowired
    Pricing pricing;

    @Autowired
    Members members;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void demoTiersGiveGoldTimeAndMemberPricesAndTheDemoMemberSilver() {
        MembershipWorlds.World world = worlds.create();
        long offering = catalog.createOffering(
                        world.operatorId(),
                        new Catalog.NewOffering(
                                catalog.createCategory(world.operatorId(), "Rooms", CategoryKind.OFFICE)
                                        .id(),
                                "Meeting room, 2 hours",
                                "12 seats",
                                20_000))
                .id();
        long member = worlds.member(world, world.enterpriseId());
        String mobile = members.get(world.operatorId(), member).mobile();
        DemoMembership demo = new DemoMembership(
                operators, tiers, evaluation, allowances, catalog, pricing, members, jdbc, transaction);

        transaction.executeWithoutResult(status -> demo.load(world.operatorId(), mobile, world.adminUserId()));

        assertThat(tiers.list(world.operatorId(), Audience.MEMBER))
                .extracting(Tier::code, Tier::threshold)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("STANDARD", 0L),
                        org.assertj.core.groups.Tuple.tuple("SILVER", 3L),
                        org.assertj.core.groups.Tuple.tuple("GOLD", 8L));
        assertThat(evaluation.tierOf(world.operatorId(), Audience.MEMBER, member))
                .map(Tier::code)
                .contains("SILVER");
        Tier gold =
                tiers.findByCode(world.operatorId(), Audience.MEMBER, "GOLD").orElseThrow();
        assertThat(allowances.plans(world.operatorId()))
                .filteredOn(plan -> gold.id() == (plan.tierId() == null ? -1 : plan.tierId()))
                .singleElement()
                .satisfies(plan -> {
                    assertThat(plan.unit()).isEqualTo(AllowanceUnit.MINUTES);
                    assertThat(plan.quantity()).isEqualTo(300);
                    assertThat(plan.resourceTypes()).containsExactly("MEETING_ROOM");
                });
        assertThat(pricing.tierPrices(world.operatorId(), offering))
                .containsEntry("GOLD", PriceModifier.percentOff(10));
        assertThat(tiers.list(world.operatorId(), Audience.ENTERPRISE)).hasSize(2);
    }
}
