package io.enjoyspace.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants of every quote, whatever the plan, the modifiers and the request. */
class PriceSheetProperties {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");

    @Property(tries = 500)
    void aTotalIsNeverNegativeNeverAboveTheSubtotalAndIsTheSumOfItsSteps(
            @ForAll("sheets") PriceSheet sheet,
            @ForAll @IntRange(min = 1, max = 500) int quantity,
            @ForAll @IntRange(min = 0, max = 60 * 24 * 3) int startMinute,
            @ForAll @IntRange(min = 1, max = 60 * 30) int minutes,
            @ForAll("tiers") String tier,
            @ForAll("companies") Long company) {
        Instant from = EPOCH.plus(Duration.ofMinutes(startMinute));
        PriceQuote quote = sheet.quote(PriceRequest.of(quantity)
                .between(from, from.plus(Duration.ofMinutes(minutes)))
                .forTier(tier)
                .forEnterprise(company));

        assertThat(quote.totalMinor()).isNotNegative().isLessThanOrEqualTo(quote.subtotalMinor());
        assertThat(quote.breakdown().stream()
                        .mapToLong(PriceQuote.Step::amountMinor)
                        .sum())
                .isEqualTo(quote.totalMinor());
        assertThat(quote.breakdown().stream().filter(step -> step.amountMinor() < 0))
                .hasSizeLessThanOrEqualTo(1);
    }

    @Property(tries = 300)
    void oneMoreUnitNeverLowersATieredTotal(
            @ForAll("brackets") List<PricingPlan.Bracket> brackets,
            @ForAll @IntRange(min = 1, max = 2_000) int quantity) {
        PriceSheet sheet = new PriceSheet(1, "CNY", SHANGHAI, 0, PricingPlan.tiered(brackets), Map.of(), Map.of());

        long total = sheet.quote(PriceRequest.of(quantity)).totalMinor();
        long more = sheet.quote(PriceRequest.of(quantity + 1)).totalMinor();

        assertThat(more).isGreaterThanOrEqualTo(total);
    }

    @Property(tries = 300)
    void splittingAnIntervalNeverChangesTheTimeInEachBand(
            @ForAll("bands") List<PricingPlan.TimeBand> bands,
            @ForAll @IntRange(min = 0, max = 60 * 24 * 7) int startMinute,
            @ForAll @IntRange(min = 1, max = 60 * 24 * 4) int minutes,
            @ForAll @IntRange(min = 0, max = 1_000) int splitPermille,
            @ForAll @LongRange(min = 0, max = 59) long seconds) {
        PriceSheet sheet =
                new PriceSheet(1, "CNY", SHANGHAI, 10_000, PricingPlan.timeBands(0, 1, bands), Map.of(), Map.of());
        Instant from = EPOCH.plus(Duration.ofMinutes(startMinute)).plusSeconds(seconds);
        Instant to = from.plus(Duration.ofMinutes(minutes));
        Instant split = from.plusSeconds(Duration.between(from, to).getSeconds() * splitPermille / 1_000);

        long[] whole = sheet.bandSeconds(from, to);
        long[] first = sheet.bandSeconds(from, split);
        long[] second = sheet.bandSeconds(split, to);

        long covered = 0;
        for (int band = 0; band < whole.length; band++) {
            assertThat(first[band] + second[band]).as("band %d", band).isEqualTo(whole[band]);
            covered += whole[band];
        }
        assertThat(covered).isEqualTo(Duration.between(from, to).getSeconds());
    }

    @Provide
    Arbitrary<List<PricingPlan.Bracket>> brackets() {
        return Arbitraries.integers()
                .between(1, 6)
                .flatMap(count -> Combinators.combine(
                                Arbitraries.integers().between(1, 50).list().ofSize(count),
                                Arbitraries.longs().between(0, 100_000).list().ofSize(count))
                        .as((gaps, prices) -> {
                            List<PricingPlan.Bracket> brackets = new ArrayList<>();
                            int from = 1;
                            for (int i = 0; i < count; i++) {
                                brackets.add(new PricingPlan.Bracket(from, prices.get(i)));
                                from += gaps.get(i);
                            }
                            return brackets;
                        }));
    }

    /** Non-overlapping bands: each weekday subset takes a distinct slot of the day. */
    @Provide
    Arbitrary<List<PricingPlan.TimeBand>> bands() {
        Arbitrary<Set<DayOfWeek>> days =
                Arbitraries.of(DayOfWeek.class).set().ofMinSize(1).ofMaxSize(7);
        Arbitrary<long[]> rates =
                Arbitraries.longs().between(0, 200_000).array(long[].class).ofSize(3);
        return Combinators.combine(
                        days, days, days, rates, Arbitraries.integers().between(0, 3))
                .as((morning, afternoon, night, rate, count) -> {
                    List<PricingPlan.TimeBand> bands = new ArrayList<>();
                    bands.add(new PricingPlan.TimeBand(
                            EnumSet.copyOf(morning), LocalTime.of(7, 30), LocalTime.of(12, 0), rate[0]));
                    if (count > 1) {
                        bands.add(new PricingPlan.TimeBand(
                                EnumSet.copyOf(afternoon), LocalTime.of(13, 15), LocalTime.of(18, 0), rate[1]));
                    }
                    if (count > 2) {
                        bands.add(new PricingPlan.TimeBand(
                                EnumSet.copyOf(night), LocalTime.of(20, 0), LocalTime.MIDNIGHT, rate[2]));
                    }
                    return bands;
                });
    }

    @Provide
    Arbitrary<PriceSheet> sheets() {
        Arbitrary<PricingPlan> plans = Arbitraries.oneOf(
                Arbitraries.just(PricingPlan.fixed()),
                Arbitraries.just(PricingPlan.perUnit("page")),
                Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of(1, 15, 30, 60))
                        .as(PricingPlan::perHour),
                brackets().map(PricingPlan::tiered),
                bands().map(bands -> PricingPlan.timeBands(1, 30, bands)));
        Arbitrary<PriceModifier> modifiers = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 100).map(PriceModifier::percentOff),
                Arbitraries.longs().between(0, 500_000).map(PriceModifier::unitPrice));
        return Combinators.combine(plans, Arbitraries.longs().between(0, 500_000), modifiers, modifiers)
                .as((plan, list, tier, company) -> {
                    Map<String, PriceModifier> tiers = new HashMap<>();
                    tiers.put("GOLD", tier);
                    Map<Long, PriceModifier> companies = new HashMap<>();
                    companies.put(1L, company);
                    return new PriceSheet(1, "CNY", SHANGHAI, list, plan, tiers, companies);
                });
    }

    @Provide
    Arbitrary<String> tiers() {
        return Arbitraries.of("GOLD", "SILVER").injectNull(0.3);
    }

    @Provide
    Arbitrary<Long> companies() {
        return Arbitraries.of(1L, 2L).injectNull(0.3);
    }
}
