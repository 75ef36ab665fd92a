package io.enjoyspace.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enjoyspace.shared.InvalidInputException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceSheetTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static PriceSheet sheet(long listPriceMinor, PricingPlan plan) {
        return new PriceSheet(7, "CNY", SHANGHAI, listPriceMinor, plan, Map.of(), Map.of());
    }

    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    static List<String> codes(PriceQuote quote) {
        return quote.breakdown().stream().map(PriceQuote.Step::code).toList();
    }

    static long stepsSum(PriceQuote quote) {
        return quote.breakdown().stream()
                .mapToLong(PriceQuote.Step::amountMinor)
                .sum();
    }

    @ParameterizedTest(name = "{0} × {1} = {2}")
    @CsvSource({"20000, 1, 20000", "20000, 3, 60000", "0, 5, 0", "1, 9999, 9999"})
    void aFixedPriceIsTheListPriceTimesTheQuantity(long price, int quantity, long total) {
        PriceQuote quote = sheet(price, PricingPlan.fixed()).quote(PriceRequest.of(quantity));

        assertThat(quote.unitPriceMinor()).isEqualTo(price);
        assertThat(quote.subtotalMinor()).isEqualTo(total);
        assertThat(quote.totalMinor()).isEqualTo(total);
        assertThat(codes(quote)).containsExactly("BASE_FIXED");
        assertThat(quote.breakdown().get(0).args()).containsExactly(Integer.toString(quantity), money(price));
    }

    @ParameterizedTest(name = "{1} pages at {0} = {2}")
    @CsvSource({"150, 1, 150", "150, 40, 6000", "99, 3, 297"})
    void aPerUnitPriceNamesItsUnit(long price, int quantity, long total) {
        PriceQuote quote = sheet(price, PricingPlan.perUnit("page")).quote(PriceRequest.of(quantity));

        assertThat(quote.totalMinor()).isEqualTo(total);
        assertThat(quote.breakdown().get(0).code()).isEqualTo("BASE_PER_UNIT");
        assertThat(quote.breakdown().get(0).args()).contains("page");
    }

    /** Brackets: 1–4 at 60.00, 5–19 at 50.00, 20 on at 40.00; graduated, so each bracket prices only its own units. */
    @ParameterizedTest(name = "{0} boxes = {1}")
    @CsvSource({
        "1, 6000, 'TIER_BRACKET'",
        "4, 24000, 'TIER_BRACKET'",
        "5, 29000, 'TIER_BRACKET,TIER_BRACKET'",
        "19, 99000, 'TIER_BRACKET,TIER_BRACKET'",
        "20, 103000, 'TIER_BRACKET,TIER_BRACKET,TIER_BRACKET'",
        "25, 123000, 'TIER_BRACKET,TIER_BRACKET,TIER_BRACKET'"
    })
    void tieredPricesAreGraduated(int quantity, long total, String steps) {
        PriceQuote quote = sheet(0, cards()).quote(PriceRequest.of(quantity));

        assertThat(quote.totalMinor()).isEqualTo(total);
        assertThat(String.join(",", codes(quote))).isEqualTo(steps);
        assertThat(stepsSum(quote)).isEqualTo(total);
        assertThat(quote.unitPriceMinor())
                .isEqualTo(Math.round((double) total / quantity)); // Math.round is half-up for positive amounts
    }

    @Test
    void aTieredBreakdownNamesTheUnitsOfEachBracket() {
        PriceQuote quote = sheet(0, cards()).quote(PriceRequest.of(7));

        assertThat(quote.breakdown().get(0).args()).containsExactly("4", "1", "¥60.00");
        assertThat(quote.breakdown().get(1).args()).containsExactly("3", "5", "¥50.00");
    }

    static PricingPlan cards() {
        return PricingPlan.tiered(List.of(
                new PricingPlan.Bracket(1, 6_000),
                new PricingPlan.Bracket(5, 5_000),
                new PricingPlan.Bracket(20, 4_000)));
    }

    /** 120.00 an hour, at least one hour, billed by the half hour. */
    @ParameterizedTest(name = "{0} to {1}: {2} minutes, {3}")
    @CsvSource({
        "2026-03-02T10:00, 2026-03-02T11:00, 1, 12000",
        "2026-03-02T10:00, 2026-03-02T10:20, 1, 12000",
        "2026-03-02T10:00, 2026-03-02T11:01, 1, 18000",
        "2026-03-02T10:00, 2026-03-02T11:30, 1, 18000",
        "2026-03-02T10:00, 2026-03-02T13:00, 2, 72000"
    })
    void hourlyPricesRoundUpToTheIncrementAndTheMinimum(String from, String to, int quantity, long total) {
        PriceQuote quote = sheet(12_000, PricingPlan.perHour(1, 30))
                .quote(PriceRequest.of(quantity).between(at(from), at(to)));

        assertThat(quote.totalMinor()).isEqualTo(total);
        assertThat(stepsSum(quote)).isEqualTo(total);
        assertThat(codes(quote)).endsWith("BASE_PER_HOUR");
    }

    @Test
    void aRoundedHourlyIntervalSaysWhatIsBilled() {
        PriceQuote quote = sheet(12_000, PricingPlan.perHour(1, 30))
                .quote(PriceRequest.of(1).between(at("2026-03-02T10:00"), at("2026-03-02T10:20")));

        assertThat(quote.breakdown().get(0).code()).isEqualTo("BILLABLE_TIME");
        assertThat(quote.breakdown().get(0).args()).containsExactly("0.33", "1");
        assertThat(quote.breakdown().get(0).amountMinor()).isZero();
    }

    @Test
    void hourlyAmountsRoundHalfUpToTheFen() {
        // 0.01 an hour for 30 minutes is half a fen: half-up makes it one.
        PriceQuote quote = sheet(1, PricingPlan.perHour(0, 1))
                .quote(PriceRequest.of(1).between(at("2026-03-02T10:00"), at("2026-03-02T10:30")));
        assertThat(quote.totalMinor()).isEqualTo(1);

        PriceQuote under = sheet(1, PricingPlan.perHour(0, 1))
                .quote(PriceRequest.of(1).between(at("2026-03-02T10:00"), at("2026-03-02T10:29")));
        assertThat(under.totalMinor()).isZero();
    }

    /** Off-peak 500.00 an hour; weekdays 09:00–18:00 peak at 800.00; weekends 10:00–midnight 600.00. */
    static PricingPlan hall() {
        return PricingPlan.timeBands(
                0,
                60,
                List.of(
                        new PricingPlan.TimeBand(
                                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                                LocalTime.of(9, 0),
                                LocalTime.of(18, 0),
                                80_000),
                        new PricingPlan.TimeBand(
                                EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                                LocalTime.of(10, 0),
                                LocalTime.MIDNIGHT,
                                60_000)));
    }

    @ParameterizedTest(name = "{0} to {1} = {2} via {3}")
    @CsvSource({
        // Monday 2 March 2026: all peak.
        "2026-03-02T10:00, 2026-03-02T12:00, 160000, 'TIME_BAND'",
        // Monday evening: all off-peak.
        "2026-03-02T19:00, 2026-03-02T21:00, 100000, 'TIME_OUTSIDE_BANDS'",
        // Monday 17:00–20:00 crosses from peak into off-peak: 1 h peak + 2 h off-peak.
        "2026-03-02T17:00, 2026-03-02T20:00, 180000, 'TIME_BAND,TIME_OUTSIDE_BANDS'",
        // Friday 22:00 to Saturday 12:00 crosses midnight into the weekend band: 12 h off-peak + 2 h weekend.
        "2026-03-06T22:00, 2026-03-07T12:00, 720000, 'TIME_BAND,TIME_OUTSIDE_BANDS'",
        // Monday 08:00–10:00 starts before the band: 1 h off-peak + 1 h peak.
        "2026-03-02T08:00, 2026-03-02T10:00, 130000, 'TIME_BAND,TIME_OUTSIDE_BANDS'"
    })
    void timeBandsSplitAnIntervalThatCrossesThem(String from, String to, long total, String steps) {
        PriceQuote quote = sheet(50_000, hall()).quote(PriceRequest.of(1).between(at(from), at(to)));

        assertThat(quote.totalMinor()).isEqualTo(total);
        assertThat(String.join(",", codes(quote))).isEqualTo(steps);
        assertThat(stepsSum(quote)).isEqualTo(total);
    }

    @Test
    void timeBandsFollowTheOperatorsTimeZone() {
        // 02:00 UTC on a Monday is 10:00 in Shanghai: peak there, off-peak in London.
        Instant from = Instant.parse("2026-03-02T02:00:00Z");
        Instant to = Instant.parse("2026-03-02T03:00:00Z");
        PriceQuote shanghai = sheet(50_000, hall()).quote(PriceRequest.of(1).between(from, to));
        PriceQuote london = new PriceSheet(7, "CNY", ZoneId.of("Europe/London"), 50_000, hall(), Map.of(), Map.of())
                .quote(PriceRequest.of(1).between(from, to));

        assertThat(shanghai.totalMinor()).isEqualTo(80_000);
        assertThat(london.totalMinor()).isEqualTo(50_000);
    }

    @Test
    void aPercentOffComesAfterTheBaseAndRoundsHalfUp() {
        PriceSheet sheet = new PriceSheet(
                7, "CNY", SHANGHAI, 333, PricingPlan.fixed(), Map.of("GOLD", PriceModifier.percentOff(15)), Map.of());

        PriceQuote quote = sheet.quote(PriceRequest.of(1).forTier("GOLD"));

        // 15 % of 3.33 is 0.4995: half-up to 0.50.
        assertThat(quote.subtotalMinor()).isEqualTo(333);
        assertThat(quote.totalMinor()).isEqualTo(283);
        assertThat(codes(quote)).containsExactly("BASE_FIXED", "TIER_PERCENT");
        assertThat(quote.breakdown().get(1).amountMinor()).isEqualTo(-50);
        assertThat(quote.breakdown().get(1).args()).containsExactly("GOLD", "15");
    }

    @ParameterizedTest(name = "tier {0}, company {1}: {2} via {3}")
    @CsvSource({
        // neither applies
        "'', '', 60000, 'BASE_FIXED'",
        // a tier alone: 10 % off
        "GOLD, '', 54000, 'BASE_FIXED,TIER_PERCENT'",
        // a company alone: fixed 150.00 each
        "'', 42, 45000, 'BASE_FIXED,ENTERPRISE_PRICE'",
        // both: the lower price wins (the company's)
        "GOLD, 42, 45000, 'BASE_FIXED,ENTERPRISE_PRICE'",
        // both, the tier cheaper: 40 % off
        "PLATINUM, 42, 36000, 'BASE_FIXED,TIER_PERCENT'",
        // a tie goes to the negotiated price
        "SILVER, 42, 45000, 'BASE_FIXED,ENTERPRISE_PRICE'",
        // a negotiated price above the list price never raises it
        "'', 43, 60000, 'BASE_FIXED'",
        // an unknown tier or company changes nothing
        "BRONZE, 44, 60000, 'BASE_FIXED'"
    })
    void theBestOfTierAndNegotiatedPriceApplies(String tier, String company, long total, String steps) {
        PriceSheet sheet = new PriceSheet(
                7,
                "CNY",
                SHANGHAI,
                20_000,
                PricingPlan.fixed(),
                Map.of(
                        "GOLD", PriceModifier.percentOff(10),
                        "PLATINUM", PriceModifier.percentOff(40),
                        "SILVER", PriceModifier.unitPrice(15_000)),
                Map.of(42L, PriceModifier.unitPrice(15_000), 43L, PriceModifier.unitPrice(25_000)));
        PriceRequest request = PriceRequest.of(3)
                .forTier(tier.isEmpty() ? null : tier)
                .forEnterprise(company.isEmpty() ? null : Long.parseLong(company));

        PriceQuote quote = sheet.quote(request);

        assertThat(quote.totalMinor()).isEqualTo(total);
        assertThat(quote.subtotalMinor()).isEqualTo(60_000);
        assertThat(String.join(",", codes(quote))).isEqualTo(steps);
        assertThat(stepsSum(quote)).isEqualTo(total);
    }

    @Test
    void aFixedUnitPriceForATimeBasedOfferingIsAnHourlyRate() {
        PriceSheet sheet = new PriceSheet(
                7, "CNY", SHANGHAI, 50_000, hall(), Map.of(), Map.of(42L, PriceModifier.unitPrice(30_000)));

        PriceQuote quote = sheet.quote(PriceRequest.of(2)
                .between(at("2026-03-02T10:00"), at("2026-03-02T12:00"))
                .forEnterprise(42L));

        assertThat(quote.subtotalMinor()).isEqualTo(320_000);
        assertThat(quote.totalMinor()).isEqualTo(120_000);
    }

    @Test
    void aTimeBasedPriceNeedsAnIntervalThatMovesForward() {
        PriceSheet sheet = sheet(12_000, PricingPlan.perHour(1, 30));

        assertThatThrownBy(() -> sheet.quote(PriceRequest.of(1)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors().stream().map(InvalidInputException.FieldError::field))
                                .containsExactly("startsAt", "endsAt"));
        assertThatThrownBy(
                        () -> sheet.quote(PriceRequest.of(1).between(at("2026-03-02T10:00"), at("2026-03-02T09:00"))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors().stream().map(InvalidInputException.FieldError::field))
                                .containsExactly("endsAt"));
        assertThatThrownBy(
                        () -> sheet.quote(PriceRequest.of(0).between(at("2026-03-02T10:00"), at("2026-03-02T11:00"))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.errors().stream().map(InvalidInputException.FieldError::field))
                                .containsExactly("quantity"));
    }

    @Test
    void plansAreValidatedFieldByField() {
        assertThat(fields(PricingPlan.perUnit(" "), 100L)).containsExactly("pricing.unitName");
        assertThat(fields(PricingPlan.fixed(), null)).containsExactly("priceMinor");
        assertThat(fields(PricingPlan.perHour(25, 0), 100L))
                .containsExactly("pricing.minimumHours", "pricing.incrementMinutes");
        assertThat(fields(PricingPlan.tiered(List.of()), null)).containsExactly("pricing.brackets");
        assertThat(fields(
                        PricingPlan.tiered(List.of(new PricingPlan.Bracket(2, 100), new PricingPlan.Bracket(2, -1))),
                        null))
                .containsExactly(
                        "pricing.brackets[0].fromQuantity",
                        "pricing.brackets[1].fromQuantity",
                        "pricing.brackets[1].unitPriceMinor");
        assertThat(fields(
                        PricingPlan.timeBands(
                                0,
                                30,
                                List.of(
                                        new PricingPlan.TimeBand(
                                                EnumSet.of(DayOfWeek.MONDAY),
                                                LocalTime.of(9, 0),
                                                LocalTime.of(12, 0),
                                                100),
                                        new PricingPlan.TimeBand(
                                                EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY),
                                                LocalTime.of(11, 0),
                                                LocalTime.of(13, 0),
                                                100),
                                        new PricingPlan.TimeBand(
                                                EnumSet.noneOf(DayOfWeek.class),
                                                LocalTime.of(15, 0),
                                                LocalTime.of(14, 0),
                                                100))),
                        100L))
                .containsExactly(
                        "pricing.timeBands[1]", "pricing.timeBands[2].weekdays", "pricing.timeBands[2].endsAt");
        assertThat(fields(hall(), 100L)).isEmpty();
    }

    private static List<String> fields(PricingPlan plan, Long price) {
        return plan.normalised().validate("pricing", price).stream()
                .map(InvalidInputException.FieldError::field)
                .toList();
    }

    private static String money(long minor) {
        return "¥"
                + new java.text.DecimalFormat(
                                "#,##0.00", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))
                        .format(java.math.BigDecimal.valueOf(minor, 2));
    }
}
