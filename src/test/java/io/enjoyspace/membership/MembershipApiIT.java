package io.enjoyspace.membership;

import static io.enjoyspace.Api.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.CategoryKind;
import io.enjoyspace.catalog.PriceModifier;
import io.enjoyspace.catalog.Pricing;
import io.enjoyspace.membership.MembershipWorlds.World;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class MembershipApiIT {

    @LocalServerPort
    int port;

    @Autowired
    MembershipWorlds worlds;

    @Autowired
    Catalog catalog;

    @Autowired
    Pricing pricing;

    @Autowired
    Allowances allowances;

    private static Map<String, Object> tier(String code, int rank, long threshold) {
        return map(
                "code",
                code,
                "name",
                code.charAt(0) + code.substring(1).toLowerCase(),
                "rank",
                rank,
                "threshold",
                threshold,
                "earningMultiplierPercent",
                100 + rank * 25,
                "advanceBookingDays",
                7 + rank * 7,
                "priorityService",
                rank == 2);
    }

    /** Standard, Silver at 3 uses and Gold at 8, Silver with 300 meeting-room minutes a month; ids by code. */
    private Map<String, String> ladder(Api admin) {
        assertThat(admin.put(
                                "/api/v1/tiers/program",
                                map("measure", "USES_PER_MONTH", "downgradePolicy", "ONE_LEVEL", "graceMonths", 1))
                        .status())
                .isEqualTo(200);
        String standard = admin.post("/api/v1/tiers", tier("STANDARD", 0, 0))
                .json()
                .get("id")
                .asString();
        String silver = admin.post("/api/v1/tiers", tier("SILVER", 1, 3))
                .json()
                .get("id")
                .asString();
        String gold =
                admin.post("/api/v1/tiers", tier("GOLD", 2, 8)).json().get("id").asString();
        Api.Response plan = admin.post(
                "/api/v1/allowance-plans",
                map(
                        "name",
                        "Meeting-room time",
                        "unit",
                        "MINUTES",
                        "quantity",
                        300,
                        "resourceTypes",
                        List.of("MEETING_ROOM"),
                        "tierId",
                        silver));
        assertThat(plan.status()).as(plan.toString()).isEqualTo(201);
        return Map.of(
                "STANDARD",
                standard,
                "SILVER",
                silver,
                "GOLD",
                gold,
                "plan",
                plan.json().get("id").asString());
    }

    @Test
    void aMemberSeesTierProgressBenefitsAndAllowanceMeters() {
        World world = worlds.create();
        Api admin = Api.as(port, world.admin());
        Map<String, String> ids = ladder(admin);
        long member = worlds.member(world, world.enterpriseId());
        Api me = Api.as(port, worlds.memberUser(world, member, world.enterpriseId()));

        JsonNode before = me.get("/api/v1/me/membership").json();
        assertThat(before.get("standing").get("tier").get("code").asString()).isEqualTo("STANDARD");
        assertThat(before.get("allowances")).isEmpty();

        Api.Response assigned = admin.post(
                "/api/v1/members/" + member + "/tier", map("tierId", ids.get("SILVER"), "note", "welcome gift"));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);

        JsonNode membership = me.get("/api/v1/me/membership").json();
        JsonNode standing = membership.get("standing");
        assertThat(standing.get("tier").get("code").asString()).isEqualTo("SILVER");
        assertThat(standing.get("tier").get("earningMultiplierPercent").asInt()).isEqualTo(125);
        assertThat(standing.get("next").get("code").asString()).isEqualTo("GOLD");
        assertThat(standing.get("measure").asString()).isEqualTo("USES_PER_MONTH");
        assertThat(standing.get("toNext").asLong())
                .isEqualTo(8 - standing.get("value").asLong());
        assertThat(standing.get("history").get(0).get("reason").asString()).isEqualTo("MANUAL");
        assertThat(membership.get("enterprise").get("tier").isNull()).isTrue();
        JsonNode meter = membership.get("allowances").get(0);
        assertThat(meter.get("label").asString()).isEqualTo("Meeting-room time");
        assertThat(meter.get("unit").asString()).isEqualTo("MINUTES");
        assertThat(meter.get("remaining").asLong()).isEqualTo(300);
        assertThat(meter.get("source").asString()).isEqualTo("TIER");
    }

    @Test
    void checkoutPaysMemberPricesDrawsTheAllowanceAndACancellationRestoresIt() {
        World world = worlds.create();
        Api admin = Api.as(port, world.admin());
        Map<String, String> ids = ladder(admin);
        long printing = catalog.createCategory(world.operatorId(), "Printing", CategoryKind.OFFICE)
                .id();
        long page = catalog.createOffering(
                        world.operatorId(), new Catalog.NewOffering(printing, "Print, one page", "A4", 30))
                .id();
        pricing.setTierPrice(world.operatorId(), page, "GOLD", PriceModifier.percentOff(10));
        long member = worlds.member(world, world.enterpriseId());
        Api me = Api.as(port, worlds.memberUser(world, member, world.enterpriseId()));
        admin.post("/api/v1/members/" + member + "/tier", map("tierId", ids.get("GOLD"), "note", "test"));
        Api.Response granted = admin.post(
                "/api/v1/members/" + member + "/allowances",
                map(
                        "source",
                        "PURCHASE",
                        "unit",
                        "PAGES",
                        "quantity",
                        40,
                        "categoryIds",
                        List.of(Long.toString(printing)),
                        "label",
                        "Print bundle",
                        "validUntil",
                        OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).toString()),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
        long grantId = Long.parseLong(granted.json().get("id").asString());

        Api.Response placed = me.post(
                "/api/v1/orders",
                map(
                        "lines",
                        List.of(map("offeringId", Long.toString(page), "quantity", 99)),
                        "paymentMethod",
                        "ENTERPRISE_BILLING"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        JsonNode order = placed.json();
        long lineTotal = 99 * 27; // Gold's member price: 10% off 30 fen
        long covered = lineTotal * 40 / 99;
        assertThat(order.get("priority").asBoolean()).isTrue();
        assertThat(order.get("discounts").get(0).get("kind").asString()).isEqualTo("ALLOWANCE");
        assertThat(order.get("discounts").get(0).get("units").asLong()).isEqualTo(40);
        assertThat(order.get("discounts").get(0).get("amountMinor").asLong()).isEqualTo(covered);
        assertThat(order.get("moneyPaidMinor").asLong()).isEqualTo(lineTotal - covered);
        assertThat(allowances.grantById(world.operatorId(), grantId).used()).isEqualTo(40);

        Api.Response cancelled =
                me.post("/api/v1/orders/" + order.get("id").asString() + "/cancel", map("reason", "changed plans"));
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(allowances.grantById(world.operatorId(), grantId).used()).isZero();
    }

    @Test
    void staffGrantsAreIdempotentAndBadGrantsNameTheField() {
        World world = worlds.create();
        Api admin = Api.as(port, world.admin());
        long member = worlds.member(world, null);
        String until = OffsetDateTime.now(ZoneOffset.UTC).plusDays(10).toString();
        Map<String, Object> body = map(
                "source",
                "PROMOTION",
                "unit",
                "MINUTES",
                "quantity",
                60,
                "resourceTypes",
                List.of("MEETING_ROOM"),
                "validUntil",
                until);
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        Api.Response first = admin.post("/api/v1/members/" + member + "/allowances", body, key);
        Api.Response replay = admin.post("/api/v1/members/" + member + "/allowances", body, key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        Map<String, Object> other = new java.util.HashMap<>(body);
        other.put("quantity", 61);
        assertThat(admin.post("/api/v1/members/" + member + "/allowances", other, key)
                        .status())
                .isEqualTo(409);
        assertThat(admin.get("/api/v1/members/" + member + "/allowances").json())
                .hasSize(1);

        Api.Response bad = admin.post(
                "/api/v1/members/" + member + "/allowances",
                map(
                        "source",
                        "TIER",
                        "unit",
                        "MINUTES",
                        "quantity",
                        60,
                        "validUntil",
                        OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).toString()),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(bad.fieldErrors()).containsExactlyInAnyOrder("source", "resourceTypes", "validUntil");

        admin.post("/api/v1/tiers", tier("STANDARD", 0, 0));
        admin.post("/api/v1/tiers", tier("GOLD", 2, 8));
        assertThat(admin.post("/api/v1/tiers", tier("SILVER", 1, 10)).fieldErrors())
                .containsExactly("threshold");
        assertThat(admin.post("/api/v1/tiers", tier("GOLD", 3, 20)).fieldErrors())
                .containsExactly("code");
        Api me = Api.as(port, worlds.memberUser(world, member, null));
        assertThat(me.post("/api/v1/tiers", tier("PLATINUM", 3, 20)).status()).isEqualTo(403);
    }

    @Test
    void anotherOperatorCanNeitherSeeNorChangeTiersOrAllowances() {
        World world = worlds.create();
        Api admin = Api.as(port, world.admin());
        Map<String, String> ids = ladder(admin);
        long member = worlds.member(world, world.enterpriseId());
        admin.post("/api/v1/members/" + member + "/tier", map("tierId", ids.get("SILVER"), "note", "test"));
        Api harbor = Api.as(port, "mall-admin");

        assertThat(harbor.get("/api/v1/tiers").json().findValuesAsString("id"))
                .doesNotContainAnyElementsOf(ids.values());
        assertThat(harbor.get("/api/v1/allowance-plans").json().findValuesAsString("id"))
                .doesNotContain(ids.get("plan"));
        assertThat(harbor.put("/api/v1/tiers/" + ids.get("GOLD"), tier("GOLD", 2, 1))
                        .status())
                .isEqualTo(404);
        assertThat(harbor.put(
                                "/api/v1/allowance-plans/" + ids.get("plan"),
                                map("name", "x", "unit", "MINUTES", "quantity", 1, "resourceTypes", List.of("DESK")))
                        .status())
                .isEqualTo(404);
        assertThat(harbor.get("/api/v1/members/" + member + "/tier").status()).isEqualTo(404);
        assertThat(harbor.get("/api/v1/members/" + member + "/allowances").status())
                .isEqualTo(404);
        assertThat(harbor.get("/api/v1/enterprises/" + world.enterpriseId() + "/allowances")
                        .status())
                .isEqualTo(404);
        assertThat(harbor.post(
                                "/api/v1/members/" + member + "/allowances",
                                map(
                                        "source",
                                        "MANUAL",
                                        "unit",
                                        "USES",
                                        "quantity",
                                        1,
                                        "resourceTypes",
                                        List.of("DESK"),
                                        "validUntil",
                                        OffsetDateTime.now(ZoneOffset.UTC)
                                                .plusDays(1)
                                                .toString()),
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                        .status())
                .isEqualTo(404);
        assertThat(harbor.post("/api/v1/members/" + member + "/tier", map("tierId", ids.get("GOLD"), "note", "x"))
                        .status())
                .isEqualTo(404);
        // A's tier is untouched, and A's own admin still sees it.
        assertThat(admin.get("/api/v1/members/" + member + "/tier")
                        .json()
                        .get("tier")
                        .get("code")
                        .asString())
                .isEqualTo("SILVER");
        assertThat(admin.get("/api/v1/tiers").json().findValuesAsString("threshold"))
                .containsExactly("0", "3", "8");
    }

    @Autowired
    io.enjoyspace.booking.BookingPolicies bookingPolicies;

    @Test
    void aTiersAdvanceWindowBecomesABookingPolicyForItsHolders() {
        World world = worlds.create();
        Api admin = Api.as(port, world.admin());
        Map<String, String> ids = ladder(admin); // Gold: 21 days ahead
        long member = worlds.member(world, null);
        io.enjoyspace.booking.BookingPolicy.Subject gold =
                new io.enjoyspace.booking.BookingPolicy.Subject(member, null, "GOLD");

        assertThat(bookingPolicies
                        .effective(world.operatorId(), gold, io.enjoyspace.booking.ResourceType.MEETING_ROOM)
                        .maxDaysAhead())
                .isEqualTo(21);

        Map<String, Object> longer = tier("GOLD", 2, 8);
        longer.put("advanceBookingDays", 60);
        assertThat(admin.put("/api/v1/tiers/" + ids.get("GOLD"), longer).status())
                .isEqualTo(200);
        assertThat(bookingPolicies
                        .effective(world.operatorId(), gold, io.enjoyspace.booking.ResourceType.MEETING_ROOM)
                        .maxDaysAhead())
                .isEqualTo(60);

        longer.put("advanceBookingDays", null);
        admin.put("/api/v1/tiers/" + ids.get("GOLD"), longer);
        assertThat(bookingPolicies.list(world.operatorId()))
                .extracting(io.enjoyspace.booking.BookingPolicy::scopeTierCode)
                .containsExactlyInAnyOrder("STANDARD", "SILVER");
    }
}
