package io.enjoyspace.catalog;

import io.enjoyspace.shared.InvalidInputException.FieldError;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How one offering is priced: the strategy and its parameters. The list price itself lives on the offering.
 *
 * @param unitName PER_UNIT only: what one unit is (page, kg)
 * @param minimumHours time-based only: the fewest hours billed
 * @param incrementMinutes time-based only: billed time is rounded up to a multiple of this
 * @param brackets TIERED only: from quantity N each further unit costs X (graduated, see {@link PriceSheet})
 * @param timeBands TIME_BANDS only: hourly rates on some weekdays between two local times; time outside every band is
 *     billed at the list price per hour
 */
public record PricingPlan(
        PricingStrategy strategy,
        String unitName,
        Integer minimumHours,
        Integer incrementMinutes,
        List<Bracket> brackets,
        List<TimeBand> timeBands) {

    static final int MAX_BRACKETS = 20;
    static final int MAX_BANDS = 20;
    static final long MAX_PRICE_MINOR = 100_000_000_00L;

    public PricingPlan {
        strategy = strategy == null ? PricingStrategy.FIXED : strategy;
        brackets = brackets == null ? List.of() : List.copyOf(brackets);
        timeBands = timeBands == null ? List.of() : List.copyOf(timeBands);
    }

    /** A bracket of graduated pricing: units from {@code fromQuantity} on cost {@code unitPriceMinor} each. */
    public record Bracket(int fromQuantity, long unitPriceMinor) {}

    /**
     * A band of time on some weekdays, {@code startsAt} inclusive to {@code endsAt} exclusive, local time of the
     * operator. An {@code endsAt} of 00:00 means midnight at the end of the day; a band never crosses midnight (an
     * overnight band is two bands).
     */
    public record TimeBand(Set<DayOfWeek> weekdays, LocalTime startsAt, LocalTime endsAt, long ratePerHourMinor) {

        public TimeBand {
            weekdays = weekdays == null || weekdays.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(weekdays));
        }

        boolean covers(DayOfWeek day, LocalTime time) {
            return weekdays.contains(day) && !time.isBefore(startsAt) && (endsAtMidnight() || time.isBefore(endsAt));
        }

        boolean endsAtMidnight() {
            return LocalTime.MIDNIGHT.equals(endsAt);
        }

        boolean overlaps(TimeBand other) {
            if (weekdays.stream().noneMatch(other.weekdays::contains)) {
                return false;
            }
            int start = startsAt.toSecondOfDay();
            int end = endsAtMidnight() ? 86_400 : endsAt.toSecondOfDay();
            int otherStart = other.startsAt.toSecondOfDay();
            int otherEnd = other.endsAtMidnight() ? 86_400 : other.endsAt.toSecondOfDay();
            return start < otherEnd && otherStart < end;
        }
    }

    public static PricingPlan fixed() {
        return new PricingPlan(PricingStrategy.FIXED, null, null, null, List.of(), List.of());
    }

    public static PricingPlan perUnit(String unitName) {
        return new PricingPlan(PricingStrategy.PER_UNIT, unitName, null, null, List.of(), List.of());
    }

    public static PricingPlan perHour(int minimumHours, int incrementMinutes) {
        return new PricingPlan(PricingStrategy.PER_HOUR, null, minimumHours, incrementMinutes, List.of(), List.of());
    }

    public static PricingPlan tiered(List<Bracket> brackets) {
        return new PricingPlan(PricingStrategy.TIERED, null, null, null, brackets, List.of());
    }

    public static PricingPlan timeBands(int minimumHours, int incrementMinutes, List<TimeBand> bands) {
        return new PricingPlan(PricingStrategy.TIME_BANDS, null, minimumHours, incrementMinutes, List.of(), bands);
    }

    /** The plan with only its strategy's parameters and the defaults filled in, as it is stored. */
    PricingPlan normalised() {
        return switch (strategy) {
            case FIXED -> fixed();
            case PER_UNIT -> perUnit(unitName == null ? null : unitName.strip());
            case PER_HOUR -> perHour(minimumHoursOrDefault(), incrementMinutesOrDefault());
            case TIERED -> tiered(brackets);
            case TIME_BANDS -> timeBands(minimumHoursOrDefault(), incrementMinutesOrDefault(), timeBands);
        };
    }

    int minimumHoursOrDefault() {
        return minimumHours == null ? 0 : minimumHours;
    }

    int incrementMinutesOrDefault() {
        return incrementMinutes == null ? 30 : incrementMinutes;
    }

    /** The list price this plan implies when the operator gives none: TIERED takes its first bracket's price. */
    Long impliedListPrice(Long priceMinor) {
        if (strategy == PricingStrategy.TIERED && !brackets.isEmpty()) {
            return brackets.get(0).unitPriceMinor();
        }
        return priceMinor;
    }

    /** Field errors (under {@code prefix}) of the plan with the offering's list price, empty when it is sound. */
    List<FieldError> validate(String prefix, Long priceMinor) {
        List<FieldError> errors = new ArrayList<>();
        if (strategy != PricingStrategy.TIERED) {
            if (priceMinor == null) {
                errors.add(new FieldError("priceMinor", "NotNull"));
            } else if (priceMinor < 0 || priceMinor > MAX_PRICE_MINOR) {
                errors.add(new FieldError("priceMinor", "pricing.priceRange"));
            }
        }
        switch (strategy) {
            case PER_UNIT -> {
                if (unitName == null || unitName.isBlank() || unitName.strip().length() > 20) {
                    errors.add(new FieldError(prefix + ".unitName", "pricing.unitName"));
                }
            }
            case PER_HOUR -> validateTime(prefix, errors);
            case TIERED -> validateBrackets(prefix, errors);
            case TIME_BANDS -> {
                validateTime(prefix, errors);
                validateBands(prefix, errors);
            }
            case FIXED -> {}
        }
        return errors;
    }

    private void validateTime(String prefix, List<FieldError> errors) {
        if (minimumHours != null && (minimumHours < 0 || minimumHours > 24)) {
            errors.add(new FieldError(prefix + ".minimumHours", "pricing.minimumHours"));
        }
        if (incrementMinutes != null && (incrementMinutes < 1 || incrementMinutes > 1440)) {
            errors.add(new FieldError(prefix + ".incrementMinutes", "pricing.incrementMinutes"));
        }
    }

    private void validateBrackets(String prefix, List<FieldError> errors) {
        if (brackets.isEmpty() || brackets.size() > MAX_BRACKETS) {
            errors.add(new FieldError(prefix + ".brackets", "pricing.bracketCount", List.of(MAX_BRACKETS)));
            return;
        }
        for (int i = 0; i < brackets.size(); i++) {
            Bracket bracket = brackets.get(i);
            String field = prefix + ".brackets[" + i + "]";
            if (i == 0 && bracket.fromQuantity() != 1) {
                errors.add(new FieldError(field + ".fromQuantity", "pricing.firstBracket"));
            } else if (i > 0 && bracket.fromQuantity() <= brackets.get(i - 1).fromQuantity()) {
                errors.add(new FieldError(field + ".fromQuantity", "pricing.bracketOrder"));
            }
            if (bracket.unitPriceMinor() < 0 || bracket.unitPriceMinor() > MAX_PRICE_MINOR) {
                errors.add(new FieldError(field + ".unitPriceMinor", "pricing.priceRange"));
            }
        }
    }

    private void validateBands(String prefix, List<FieldError> errors) {
        if (timeBands.isEmpty() || timeBands.size() > MAX_BANDS) {
            errors.add(new FieldError(prefix + ".timeBands", "pricing.bandCount", List.of(MAX_BANDS)));
            return;
        }
        for (int i = 0; i < timeBands.size(); i++) {
            TimeBand band = timeBands.get(i);
            String field = prefix + ".timeBands[" + i + "]";
            if (band.weekdays().isEmpty()) {
                errors.add(new FieldError(field + ".weekdays", "pricing.weekdays"));
            }
            if (band.startsAt() == null
                    || band.startsAt().getSecond() != 0
                    || band.startsAt().getNano() != 0) {
                errors.add(new FieldError(field + ".startsAt", "pricing.bandTime"));
                continue;
            }
            if (band.endsAt() == null
                    || band.endsAt().getSecond() != 0
                    || band.endsAt().getNano() != 0
                    || (!band.endsAtMidnight() && !band.endsAt().isAfter(band.startsAt()))) {
                errors.add(new FieldError(field + ".endsAt", "pricing.bandEnd"));
                continue;
            }
            if (band.ratePerHourMinor() < 0 || band.ratePerHourMinor() > MAX_PRICE_MINOR) {
                errors.add(new FieldError(field + ".ratePerHourMinor", "pricing.priceRange"));
            }
            for (int j = 0; j < i; j++) {
                TimeBand earlier = timeBands.get(j);
                if (earlier.startsAt() != null && earlier.endsAt() != null && band.overlaps(earlier)) {
                    errors.add(new FieldError(field, "pricing.bandOverlap", List.of(j + 1)));
                    break;
                }
            }
        }
    }
}
