package io.enjoyspace.catalog;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything needed to price one offering, and the pure computation of a quote; {@link Pricing} loads it.
 *
 * <p>Rules, all in minor units (fen):
 *
 * <ul>
 *   <li>FIXED and PER_UNIT: list price times quantity.
 *   <li>TIERED is graduated: each bracket prices only the units that fall into it (from 1 to 9 at X, from 10 on at Y:
 *       12 units cost 9 X + 3 Y). Unlike volume pricing, buying one more unit never lowers the total.
 *   <li>PER_HOUR: the interval is rounded up to whole minutes, then up to the increment, then to at least the minimum
 *       hours; the billed time costs rate times minutes over 60, rounded half-up to the fen, per booking.
 *   <li>TIME_BANDS: the billed interval (same rounding) is split at band edges and local midnights in the operator's
 *       time zone; each band (and the list rate outside every band) is charged rate times its time, rounded half-up
 *       per band, per booking.
 *   <li>Modifiers come after the base and never stack: the member pays the lowest of the list price, their tier's price
 *       and their company's negotiated price; on a tie the negotiated price is shown. A percentage off is the subtotal
 *       times the percentage, rounded half-up; a fixed unit price replaces the list price per item, unit or hour. A
 *       modifier never raises the price.
 * </ul>
 */
record PriceSheet(
        long offeringId,
        String currency,
        ZoneId zone,
        long listPriceMinor,
        PricingPlan plan,
        Map<String, PriceModifier> tierPrices,
        Map<Long, PriceModifier> enterprisePrices) {

    static final int MAX_QUANTITY = 9_999;
    static final Duration MAX_INTERVAL = Duration.ofDays(31);

    PriceSheet {
        tierPrices = Map.copyOf(tierPrices);
        enterprisePrices = Map.copyOf(enterprisePrices);
    }

    PriceQuote quote(PriceRequest request) {
        validate(request);
        int quantity = request.quantity();
        List<PriceQuote.Step> steps = new ArrayList<>();
        long billableMinutes = 0;
        long unitPrice;
        long subtotal;
        switch (plan.strategy()) {
            case FIXED -> {
                unitPrice = listPriceMinor;
                subtotal = Math.multiplyExact(unitPrice, quantity);
                steps.add(step("BASE_FIXED", "pricing.step.fixed", subtotal, quantity, money(unitPrice)));
            }
            case PER_UNIT -> {
                unitPrice = listPriceMinor;
                subtotal = Math.multiplyExact(unitPrice, quantity);
                steps.add(step(
                        "BASE_PER_UNIT",
                        "pricing.step.perUnit",
                        subtotal,
                        quantity,
                        plan.unitName(),
                        money(unitPrice)));
            }
            case TIERED -> {
                subtotal = tiered(quantity, steps);
                unitPrice = divideHalfUp(BigDecimal.valueOf(subtotal), quantity);
            }
            case PER_HOUR -> {
                billableMinutes = billableMinutes(request.startsAt(), request.endsAt());
                noteBillableTime(request, billableMinutes, steps);
                unitPrice = divideHalfUp(
                        BigDecimal.valueOf(listPriceMinor).multiply(BigDecimal.valueOf(billableMinutes)), 60);
                subtotal = Math.multiplyExact(unitPrice, quantity);
                steps.add(step(
                        "BASE_PER_HOUR",
                        "pricing.step.perHour",
                        subtotal,
                        hours(billableMinutes),
                        money(listPriceMinor),
                        quantity));
            }
            case TIME_BANDS -> {
                billableMinutes = billableMinutes(request.startsAt(), request.endsAt());
                noteBillableTime(request, billableMinutes, steps);
                Instant end = request.startsAt().plus(Duration.ofMinutes(billableMinutes));
                long[] seconds = bandSeconds(request.startsAt(), end);
                unitPrice = 0;
                for (int band = 0; band < seconds.length; band++) {
                    if (seconds[band] == 0) {
                        continue;
                    }
                    boolean outside = band == seconds.length - 1;
                    long rate = outside
                            ? listPriceMinor
                            : plan.timeBands().get(band).ratePerHourMinor();
                    long perBooking =
                            divideHalfUp(BigDecimal.valueOf(rate).multiply(BigDecimal.valueOf(seconds[band])), 3600);
                    unitPrice = Math.addExact(unitPrice, perBooking);
                    long amount = Math.multiplyExact(perBooking, quantity);
                    steps.add(
                            outside
                                    ? step(
                                            "TIME_OUTSIDE_BANDS",
                                            "pricing.step.outsideBands",
                                            amount,
                                            hoursOfSeconds(seconds[band]),
                                            money(rate),
                                            quantity)
                                    : step(
                                            "TIME_BAND",
                                            "pricing.step.band",
                                            amount,
                                            band + 1,
                                            hoursOfSeconds(seconds[band]),
                                            money(rate),
                                            quantity));
                }
                subtotal = Math.multiplyExact(unitPrice, quantity);
            }
            default -> throw new IllegalStateException("unknown strategy " + plan.strategy());
        }
        long total = subtotal;
        PriceQuote.Step modifier = null;
        PriceModifier negotiated = request.enterpriseId() == null ? null : enterprisePrices.get(request.enterpriseId());
        if (negotiated != null) {
            long candidate = modified(negotiated, subtotal, quantity, billableMinutes);
            if (candidate < total) {
                total = candidate;
                modifier = modifierStep("ENTERPRISE", negotiated, candidate - subtotal);
            }
        }
        PriceModifier tier = request.memberTierCode() == null ? null : tierPrices.get(request.memberTierCode());
        if (tier != null) {
            long candidate = modified(tier, subtotal, quantity, billableMinutes);
            if (candidate < total) {
                total = candidate;
                modifier = modifierStep("TIER", tier, candidate - subtotal, request.memberTierCode());
            }
        }
        if (modifier != null) {
            steps.add(modifier);
        }
        return new PriceQuote(offeringId, currency, plan.strategy(), quantity, unitPrice, subtotal, total, steps);
    }

    private void validate(PriceRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.quantity() < 1 || request.quantity() > MAX_QUANTITY) {
            errors.add(new FieldError("quantity", "pricing.quantity", List.of(MAX_QUANTITY)));
        }
        if (plan.strategy().isTimeBased()) {
            if (request.startsAt() == null) {
                errors.add(new FieldError("startsAt", "pricing.intervalRequired"));
            }
            if (request.endsAt() == null) {
                errors.add(new FieldError("endsAt", "pricing.intervalRequired"));
            } else if (request.startsAt() != null
                    && (!request.endsAt().isAfter(request.startsAt())
                            || Duration.between(request.startsAt(), request.endsAt())
                                            .compareTo(MAX_INTERVAL)
                                    > 0)) {
                errors.add(new FieldError("endsAt", "pricing.interval", List.of(MAX_INTERVAL.toDays())));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /** Graduated brackets: each bracket prices the units between its own start and the next bracket's start. */
    private long tiered(int quantity, List<PriceQuote.Step> steps) {
        List<PricingPlan.Bracket> brackets = plan.brackets();
        long subtotal = 0;
        for (int i = 0; i < brackets.size(); i++) {
            PricingPlan.Bracket bracket = brackets.get(i);
            if (bracket.fromQuantity() > quantity) {
                break;
            }
            long upTo = i + 1 < brackets.size() ? brackets.get(i + 1).fromQuantity() - 1L : Long.MAX_VALUE;
            long units = Math.min(quantity, upTo) - bracket.fromQuantity() + 1;
            long amount = Math.multiplyExact(units, bracket.unitPriceMinor());
            subtotal = Math.addExact(subtotal, amount);
            steps.add(step(
                    "TIER_BRACKET",
                    "pricing.step.bracket",
                    amount,
                    units,
                    bracket.fromQuantity(),
                    money(bracket.unitPriceMinor())));
        }
        return subtotal;
    }

    /** Whole minutes, rounded up to the increment, at least the minimum. */
    long billableMinutes(Instant startsAt, Instant endsAt) {
        long seconds = Duration.between(startsAt, endsAt).getSeconds();
        long minutes = (seconds + 59) / 60;
        long increment = plan.incrementMinutesOrDefault();
        long rounded = (minutes + increment - 1) / increment * increment;
        return Math.max(rounded, plan.minimumHoursOrDefault() * 60L);
    }

    private void noteBillableTime(PriceRequest request, long billableMinutes, List<PriceQuote.Step> steps) {
        long asked = (Duration.between(request.startsAt(), request.endsAt()).getSeconds() + 59) / 60;
        if (billableMinutes != asked) {
            steps.add(step("BILLABLE_TIME", "pricing.step.billableTime", 0, hours(asked), hours(billableMinutes)));
        }
    }

    /**
     * Seconds from {@code from} (inclusive) to {@code to} (exclusive) in each band, and last the seconds outside every band. Walks the interval in
     * segments that end at the next band edge or local midnight, whichever comes first.
     */
    long[] bandSeconds(Instant from, Instant to) {
        List<PricingPlan.TimeBand> bands = plan.timeBands();
        long[] seconds = new long[bands.size() + 1];
        Instant at = from;
        while (at.isBefore(to)) {
            ZonedDateTime local = at.atZone(zone);
            LocalTime time = local.toLocalTime();
            int band = bands.size();
            for (int i = 0; i < bands.size(); i++) {
                if (bands.get(i).covers(local.getDayOfWeek(), time)) {
                    band = i;
                    break;
                }
            }
            Instant next = nextEdge(local, bands);
            if (!next.isAfter(at)) {
                // A gap in local time (a daylight-saving jump): step over it a minute at a time.
                next = at.plusSeconds(60);
            }
            if (next.isAfter(to)) {
                next = to;
            }
            seconds[band] += Duration.between(at, next).getSeconds();
            at = next;
        }
        return seconds;
    }

    private Instant nextEdge(ZonedDateTime local, List<PricingPlan.TimeBand> bands) {
        LocalDate date = local.toLocalDate();
        LocalTime time = local.toLocalTime();
        LocalDateTime edge = date.plusDays(1).atStartOfDay();
        for (PricingPlan.TimeBand band : bands) {
            if (band.startsAt().isAfter(time)) {
                LocalDateTime start = date.atTime(band.startsAt());
                edge = start.isBefore(edge) ? start : edge;
            }
            if (!band.endsAtMidnight() && band.endsAt().isAfter(time)) {
                LocalDateTime end = date.atTime(band.endsAt());
                edge = end.isBefore(edge) ? end : edge;
            }
        }
        return ZonedDateTime.of(edge, zone).toInstant();
    }

    private long modified(PriceModifier modifier, long subtotal, int quantity, long billableMinutes) {
        if (modifier.percentOff() != null) {
            long discount =
                    divideHalfUp(BigDecimal.valueOf(subtotal).multiply(BigDecimal.valueOf(modifier.percentOff())), 100);
            return subtotal - discount;
        }
        long unit = modifier.unitPriceMinor();
        if (plan.strategy().isTimeBased()) {
            unit = divideHalfUp(BigDecimal.valueOf(unit).multiply(BigDecimal.valueOf(billableMinutes)), 60);
        }
        return Math.multiplyExact(unit, quantity);
    }

    private PriceQuote.Step modifierStep(String source, PriceModifier modifier, long amount, Object... args) {
        boolean percent = modifier.percentOff() != null;
        String code = source + (percent ? "_PERCENT" : "_PRICE");
        String key = "pricing.step." + source.toLowerCase(Locale.ROOT) + (percent ? "Percent" : "Price");
        List<Object> all = new ArrayList<>(List.of(args));
        all.add(percent ? Integer.toString(modifier.percentOff()) : money(modifier.unitPriceMinor()));
        return step(code, key, amount, all.toArray());
    }

    private static PriceQuote.Step step(String code, String labelKey, long amount, Object... args) {
        List<String> text = new ArrayList<>();
        for (Object arg : args) {
            text.add(String.valueOf(arg));
        }
        return new PriceQuote.Step(code, labelKey, text, amount);
    }

    static long divideHalfUp(BigDecimal numerator, long divisor) {
        return numerator
                .divide(BigDecimal.valueOf(divisor), 0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    private static String hours(long minutes) {
        return BigDecimal.valueOf(minutes)
                .divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    private static String hoursOfSeconds(long seconds) {
        return BigDecimal.valueOf(seconds)
                .divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    /** The amount as pages show it: the currency's sign, thousands grouped, two decimals. */
    String money(long amountMinor) {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        String sign = switch (currency) {
            case "CNY" -> "¥";
            case "USD" -> "$";
            case "EUR" -> "€";
            default -> currency + " ";
        };
        return sign + format.format(BigDecimal.valueOf(amountMinor, 2));
    }
}
