package io.enjoyspace.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.coupons.CouponDiscounts.Discount;
import io.enjoyspace.coupons.CouponDiscounts.Line;
import io.enjoyspace.coupons.CouponDiscounts.Share;
import io.enjoyspace.shared.InvalidInputException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CouponDiscountsTest {

    private static final Instant NOON = Instant.parse("2026-05-01T04:00:00Z");

    private static CouponTemplate template(
            CouponKind kind,
            Long amountOff,
            Integer percent,
            Long cap,
            Long threshold,
            Long offeringId,
            String resourceType,
            Integer freeMinutes,
            List<Long> categoryIds,
            List<Long> offeringIds,
            List<Long> siteIds) {
        return new CouponTemplate(
                1,
                1,
                "t",
                null,
                kind,
                amountOff,
                percent,
                cap,
                threshold,
                offeringId,
                resourceType,
                freeMinutes,
                null,
                0,
                1,
                30,
                null,
                null,
                categoryIds,
                offeringIds,
                siteIds,
                true,
                false,
                true,
                null,
                CouponTemplate.Status.ACTIVE,
                NOON);
    }

    private static CouponTemplate simple(CouponKind kind, Long amountOff, Integer percent, Long cap, Long threshold) {
        return template(kind, amountOff, percent, cap, threshold, null, null, null, List.of(), List.of(), List.of());
    }

    private static Line line(int number, long offeringId, Long categoryId, int quantity, long remaining) {
        return new Line(number, offeringId, categoryId, "SERVICE", null, quantity, remaining, null, null);
    }

    private static Line booking(int number, long offeringId, String type, long remaining, int minutes) {
        return new Line(number, offeringId, 9L, "RESOURCE", type, 1, remaining, NOON, NOON.plusSeconds(minutes * 60L));
    }

    private static String refusal(Runnable action) {
        try {
            action.run();
        } catch (InvalidInputException e) {
            assertThat(e.errors().get(0).field()).isEqualTo("couponCodes");
            assertThat(e.errors().get(0).args()).containsExactly("CODE");
            return e.errors().get(0).code();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void amountOffTakesItsAmountButNeverMoreThanIsLeftToPay() {
        CouponTemplate twentyOff = simple(CouponKind.AMOUNT_OFF, 2_000L, null, null, null);

        assertThat(CouponDiscounts.compute(twentyOff, "CODE", 1L, List.of(line(1, 5, 2L, 1, 8_000)))
                        .amountMinor())
                .isEqualTo(2_000);
        assertThat(CouponDiscounts.compute(twentyOff, "CODE", 1L, List.of(line(1, 5, 2L, 1, 1_500)))
                        .amountMinor())
                .isEqualTo(1_500);
    }

    @Test
    void percentOffIsRoundedDownAndCapped() {
        CouponTemplate tenPercentCapped = simple(CouponKind.PERCENT_OFF, null, 10, 3_000L, null);

        assertThat(CouponDiscounts.compute(tenPercentCapped, "CODE", 1L, List.of(line(1, 5, 2L, 1, 12_345)))
                        .amountMinor())
                .isEqualTo(1_234);
        assertThat(CouponDiscounts.compute(tenPercentCapped, "CODE", 1L, List.of(line(1, 5, 2L, 1, 50_000)))
                        .amountMinor())
                .isEqualTo(3_000);
        CouponTemplate uncapped = simple(CouponKind.PERCENT_OFF, null, 10, null, null);
        assertThat(CouponDiscounts.compute(uncapped, "CODE", 1L, List.of(line(1, 5, 2L, 1, 50_000)))
                        .amountMinor())
                .isEqualTo(5_000);
    }

    @Test
    void thresholdSavesOnlyOnceTheSpendInScopeReachesIt() {
        CouponTemplate spend100Save15 = simple(CouponKind.THRESHOLD, 1_500L, null, null, 10_000L);

        assertThat(CouponDiscounts.compute(spend100Save15, "CODE", 1L, List.of(line(1, 5, 2L, 1, 10_000)))
                        .amountMinor())
                .isEqualTo(1_500);
        assertThat(refusal(
                        () -> CouponDiscounts.compute(spend100Save15, "CODE", 1L, List.of(line(1, 5, 2L, 1, 9_999)))))
                .isEqualTo("coupons.thresholdNotMet");
    }

    @Test
    void scopeLimitsWhichLinesCountAndTheDiscountSpreadsOverThemInProportion() {
        CouponTemplate cleaningOnly = template(
                CouponKind.THRESHOLD, 1_500L, null, null, 10_000L, null, null, null, List.of(2L), List.of(), List.of());
        List<Line> lines = List.of(line(1, 5, 2L, 1, 6_000), line(2, 6, 3L, 1, 50_000), line(3, 7, 2L, 2, 4_000));

        Discount discount = CouponDiscounts.compute(cleaningOnly, "CODE", 1L, lines);

        assertThat(discount.amountMinor()).isEqualTo(1_500);
        assertThat(discount.shares()).containsExactly(new Share(1, 900), new Share(3, 600));
        // The same basket without enough cleaning in it does not reach the threshold: line 2 is out of scope.
        assertThat(refusal(() -> CouponDiscounts.compute(
                        cleaningOnly, "CODE", 1L, List.of(line(1, 5, 2L, 1, 6_000), line(2, 6, 3L, 1, 50_000)))))
                .isEqualTo("coupons.thresholdNotMet");
        assertThat(refusal(() -> CouponDiscounts.compute(cleaningOnly, "CODE", 1L, List.of(line(2, 6, 3L, 1, 50_000)))))
                .isEqualTo("coupons.outOfScope");
    }

    @Test
    void anOfferingInScopeCountsWhateverItsCategory() {
        CouponTemplate oneOffering = template(
                CouponKind.AMOUNT_OFF, 500L, null, null, null, null, null, null, List.of(), List.of(6L), List.of());

        Discount discount = CouponDiscounts.compute(
                oneOffering, "CODE", 1L, List.of(line(1, 5, 2L, 1, 6_000), line(2, 6, 3L, 1, 3_000)));

        assertThat(discount.shares()).containsExactly(new Share(2, 500));
    }

    @Test
    void aCouponForOtherSitesIsRefused() {
        CouponTemplate siteTwo = template(
                CouponKind.AMOUNT_OFF, 500L, null, null, null, null, null, null, List.of(), List.of(), List.of(2L));

        assertThat(refusal(() -> CouponDiscounts.compute(siteTwo, "CODE", 1L, List.of(line(1, 5, 2L, 1, 6_000)))))
                .isEqualTo("coupons.notAtSite");
        assertThat(CouponDiscounts.compute(siteTwo, "CODE", 2L, List.of(line(1, 5, 2L, 1, 6_000)))
                        .amountMinor())
                .isEqualTo(500);
    }

    @Test
    void aFreeServiceGivesOneUnitOfItsOffering() {
        CouponTemplate freeCleaning = template(
                CouponKind.FREE_SERVICE, null, null, null, null, 5L, null, null, List.of(), List.of(), List.of());

        Discount discount = CouponDiscounts.compute(
                freeCleaning, "CODE", 1L, List.of(line(1, 4, 2L, 1, 900), line(2, 5, 2L, 3, 24_000)));

        assertThat(discount.amountMinor()).isEqualTo(8_000);
        assertThat(discount.shares()).containsExactly(new Share(2, 8_000));
        assertThat(refusal(() -> CouponDiscounts.compute(freeCleaning, "CODE", 1L, List.of(line(1, 4, 2L, 1, 900)))))
                .isEqualTo("coupons.outOfScope");
    }

    @Test
    void freeHoursPayTheirShareOfABookingOfTheirResourceType() {
        CouponTemplate ninetyMinutes = template(
                CouponKind.FREE_HOURS,
                null,
                null,
                null,
                null,
                null,
                "MEETING_ROOM",
                90,
                List.of(),
                List.of(),
                List.of());

        Discount longer = CouponDiscounts.compute(
                ninetyMinutes, "CODE", 1L, List.of(booking(1, 30, "MEETING_ROOM", 24_000, 180)));
        assertThat(longer.amountMinor()).isEqualTo(12_000);
        assertThat(longer.units()).isEqualTo(90);
        assertThat(longer.unit()).isEqualTo("MINUTES");

        Discount shorter =
                CouponDiscounts.compute(ninetyMinutes, "CODE", 1L, List.of(booking(1, 30, "MEETING_ROOM", 8_000, 60)));
        assertThat(shorter.amountMinor()).isEqualTo(8_000);
        assertThat(shorter.units()).isEqualTo(60);

        assertThat(refusal(() ->
                        CouponDiscounts.compute(ninetyMinutes, "CODE", 1L, List.of(booking(1, 31, "DESK", 8_000, 60)))))
                .isEqualTo("coupons.outOfScope");
        assertThat(refusal(
                        () -> CouponDiscounts.compute(ninetyMinutes, "CODE", 1L, List.of(line(1, 30, 9L, 1, 8_000)))))
                .isEqualTo("coupons.outOfScope");
    }

    @Test
    void theSpreadNeverPutsMoreOnALineThanItCostsAndAddsUpExactly() {
        List<Line> lines = List.of(line(1, 1, 1L, 1, 1), line(2, 2, 1L, 1, 1), line(3, 3, 1L, 1, 1));

        List<Share> shares = CouponDiscounts.spread(2, 3, lines);

        assertThat(shares.stream().mapToLong(Share::amountMinor).sum()).isEqualTo(2);
        assertThat(shares).allSatisfy(share -> assertThat(share.amountMinor()).isBetween(0L, 1L));
    }
}
