package io.enjoyspace.membership;

import io.enjoyspace.booking.BookingPolicies;
import io.enjoyspace.booking.BookingPolicy;
import io.enjoyspace.booking.PolicyScope;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An operator's tiers and their benefits, and how they qualify and fall (the program), for members and companies. */
@Service
public class Tiers {

    static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    static final int MAX_RANK = 20;

    /** Booking policies that carry a tier's advance-booking window go before the operator's general ones. */
    static final int BOOKING_WINDOW_POSITION = 5;

    private final JdbcClient jdbc;
    private final BookingPolicies bookingPolicies;
    private final org.springframework.beans.factory.ObjectProvider<TierCouponTemplates> couponTemplates;

    Tiers(
            JdbcClient jdbc,
            BookingPolicies bookingPolicies,
            org.springframework.beans.factory.ObjectProvider<TierCouponTemplates> couponTemplates) {
        this.couponTemplates = couponTemplates;
        this.jdbc = jdbc;
        this.bookingPolicies = bookingPolicies;
    }

    /** A tier as staff write it; {@code advanceBookingDays} null: the usual window. */
    public record TierDraft(
            String code,
            String name,
            int rank,
            long threshold,
            int earningMultiplierPercent,
            Integer advanceBookingDays,
            boolean depositFree,
            boolean priorityService,
            long birthdayPoints,
            Long birthdayCouponTemplateId) {

        /** A tier whose birthday gift is points only. */
        public TierDraft(
                String code,
                String name,
                int rank,
                long threshold,
                int earningMultiplierPercent,
                Integer advanceBookingDays,
                boolean depositFree,
                boolean priorityService,
                long birthdayPoints) {
            this(
                    code,
                    name,
                    rank,
                    threshold,
                    earningMultiplierPercent,
                    advanceBookingDays,
                    depositFree,
                    priorityService,
                    birthdayPoints,
                    null);
        }
    }

    /**
     * The program of the audience; uses per month, one level at a time, no grace until the operator says otherwise.
     * Read by every batch of counted activity, so kept per node for a few seconds, as the tiers are.
     */
    public TierProgram program(long operatorId, Audience audience) {
        String key = operatorId + "|" + audience;
        long now = System.nanoTime();
        KeptProgram found = keptPrograms.get(key);
        if (found != null && now - found.loadedAt() < KEEP_NANOS) {
            return found.program();
        }
        TierProgram loaded = loadProgram(operatorId, audience);
        keptPrograms.put(key, new KeptProgram(loaded, now));
        return loaded;
    }

    private record KeptProgram(TierProgram program, long loadedAt) {}

    private final java.util.concurrent.ConcurrentHashMap<String, KeptProgram> keptPrograms =
            new java.util.concurrent.ConcurrentHashMap<>();

    private TierProgram loadProgram(long operatorId, Audience audience) {
        return jdbc.sql("""
                        select measure, downgrade_policy, grace_months from membership_program
                        where operator_id = :operatorId and audience = :audience
                        """)
                .param("operatorId", operatorId)
                .param("audience", audience.name())
                .query((rs, row) -> new TierProgram(
                        operatorId,
                        audience,
                        Measure.valueOf(rs.getString("measure")),
                        DowngradePolicy.valueOf(rs.getString("downgrade_policy")),
                        rs.getInt("grace_months")))
                .optional()
                .orElse(new TierProgram(operatorId, audience, Measure.USES_PER_MONTH, DowngradePolicy.ONE_LEVEL, 0));
    }

    @Transactional
    public TierProgram saveProgram(
            long operatorId, Audience audience, Measure measure, DowngradePolicy policy, int graceMonths) {
        List<FieldError> errors = new ArrayList<>();
        if (measure == null) {
            errors.add(new FieldError("measure", "membership.program.measure"));
        }
        if (policy == null) {
            errors.add(new FieldError("downgradePolicy", "membership.program.policy"));
        }
        if (graceMonths < 0 || graceMonths > 12) {
            errors.add(new FieldError("graceMonths", "membership.program.grace", List.of(0, 12)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        jdbc.sql("""
                        insert into membership_program (operator_id, audience, measure, downgrade_policy, grace_months)
                        values (:operatorId, :audience, :measure, :policy, :grace)
                        on conflict (operator_id, audience) do update
                        set measure = excluded.measure, downgrade_policy = excluded.downgrade_policy,
                            grace_months = excluded.grace_months, updated_at = now()
                        """)
                .param("operatorId", operatorId)
                .param("audience", audience.name())
                .param("measure", measure.name())
                .param("policy", policy.name())
                .param("grace", graceMonths)
                .update();
        forget(operatorId);
        return loadProgram(operatorId, audience);
    }

    /** The audience's tiers, lowest first. */
    /**
     * The operator's tiers for the audience, lowest first. Read several times by every checkout, booking and award, so
     * kept per node for a few seconds; a change on this node is seen at once, one on another node within that time.
     */
    public List<Tier> list(long operatorId, Audience audience) {
        String key = operatorId + "|" + audience;
        long now = System.nanoTime();
        KeptTiers found = kept.get(key);
        if (found != null && now - found.loadedAt() < KEEP_NANOS) {
            return found.tiers();
        }
        List<Tier> loaded = load(operatorId, audience);
        kept.put(key, new KeptTiers(loaded, now));
        return loaded;
    }

    private static final long KEEP_NANOS = java.time.Duration.ofSeconds(5).toNanos();

    private record KeptTiers(List<Tier> tiers, long loadedAt) {}

    private final java.util.concurrent.ConcurrentHashMap<String, KeptTiers> kept =
            new java.util.concurrent.ConcurrentHashMap<>();

    private void forget(long operatorId) {
        kept.keySet().removeIf(key -> key.startsWith(operatorId + "|"));
        keptPrograms.keySet().removeIf(key -> key.startsWith(operatorId + "|"));
        // Also after the change commits, so that nothing read inside its transaction outlives it.
        io.enjoyspace.shared.TransactionEnd.againWhenFinished(() -> {
            kept.keySet().removeIf(key -> key.startsWith(operatorId + "|"));
            keptPrograms.keySet().removeIf(key -> key.startsWith(operatorId + "|"));
        });
    }

    private List<Tier> load(long operatorId, Audience audience) {
        return List.copyOf(
                jdbc.sql("select * from membership_tier where operator_id = :operatorId and audience = :audience"
                                + " order by rank")
                        .param("operatorId", operatorId)
                        .param("audience", audience.name())
                        .query(Tiers::tier)
                        .list());
    }

    public Optional<Tier> find(long operatorId, long id) {
        return jdbc.sql("select * from membership_tier where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Tiers::tier)
                .optional();
    }

    public Tier get(long operatorId, long id) {
        return find(operatorId, id).orElseThrow(NotFoundException::new);
    }

    public Optional<Tier> findByCode(long operatorId, Audience audience, String code) {
        return jdbc.sql("select * from membership_tier where operator_id = :operatorId and audience = :audience"
                        + " and code = :code")
                .param("operatorId", operatorId)
                .param("audience", audience.name())
                .param("code", code)
                .query(Tiers::tier)
                .optional();
    }

    @Transactional
    public Tier create(long operatorId, Audience audience, TierDraft draft) {
        validate(operatorId, audience, null, draft);
        forget(operatorId);
        long id = jdbc.sql("""
                        insert into membership_tier (operator_id, audience, code, name, rank, threshold,
                                                     earning_multiplier_percent, advance_booking_days, deposit_free,
                                                     priority_service, birthday_points, birthday_coupon_template_id)
                        values (:operatorId, :audience, :code, :name, :rank, :threshold, :multiplier, :advance,
                                :depositFree, :priority, :birthday, :birthdayCoupon)
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("audience", audience.name())
                .params(draftParams(draft))
                .query(Long.class)
                .single();
        Tier tier = get(operatorId, id);
        syncBookingWindow(operatorId, null, tier);
        return tier;
    }

    @Transactional
    public Tier update(long operatorId, long id, TierDraft draft) {
        Tier existing = get(operatorId, id);
        forget(operatorId);
        validate(operatorId, existing.audience(), id, draft);
        jdbc.sql("""
                        update membership_tier
                        set code = :code, name = :name, rank = :rank, threshold = :threshold,
                            earning_multiplier_percent = :multiplier, advance_booking_days = :advance,
                            deposit_free = :depositFree, priority_service = :priority, birthday_points = :birthday,
                            birthday_coupon_template_id = :birthdayCoupon
                        where operator_id = :operatorId and id = :id
                        """)
                .param("operatorId", operatorId)
                .param("id", id)
                .params(draftParams(draft))
                .update();
        Tier tier = get(operatorId, id);
        syncBookingWindow(operatorId, existing.code(), tier);
        return tier;
    }

    /**
     * A member tier's longer advance-booking window is a booking policy scoped to the tier, kept in step with the tier
     * here: created, changed (also when the code changes) or removed with it.
     */
    private void syncBookingWindow(long operatorId, String previousCode, Tier tier) {
        if (tier.audience() != Audience.MEMBER) {
            return;
        }
        String code = previousCode == null ? tier.code() : previousCode;
        Optional<BookingPolicy> existing = bookingPolicies.list(operatorId).stream()
                .filter(policy -> policy.scope() == PolicyScope.TIER
                        && code.equals(policy.scopeTierCode())
                        && windowName(code).equals(policy.name()))
                .findFirst();
        if (tier.advanceBookingDays() == null) {
            existing.ifPresent(policy -> bookingPolicies.delete(operatorId, policy.id()));
            return;
        }
        BookingPolicy window = new BookingPolicy(
                0,
                existing.map(BookingPolicy::position).orElse(BOOKING_WINDOW_POSITION),
                windowName(tier.code()),
                PolicyScope.TIER,
                tier.code(),
                null,
                null,
                null,
                tier.advanceBookingDays(),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        if (existing.isPresent()) {
            bookingPolicies.update(operatorId, existing.get().id(), window);
        } else {
            bookingPolicies.create(operatorId, window);
        }
    }

    static String windowName(String tierCode) {
        return "Tier " + tierCode + ": advance booking";
    }

    private static java.util.Map<String, Object> draftParams(TierDraft draft) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("code", draft.code());
        params.put("name", draft.name().strip());
        params.put("rank", draft.rank());
        params.put("threshold", draft.threshold());
        params.put("multiplier", draft.earningMultiplierPercent());
        params.put("advance", draft.advanceBookingDays());
        params.put("depositFree", draft.depositFree());
        params.put("priority", draft.priorityService());
        params.put("birthday", draft.birthdayPoints());
        params.put("birthdayCoupon", draft.birthdayCouponTemplateId());
        return params;
    }

    /** Field checks, then the ladder: codes and ranks unique, thresholds rising with rank. */
    private void validate(long operatorId, Audience audience, Long id, TierDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        if (draft.code() == null || !CODE.matcher(draft.code()).matches()) {
            errors.add(new FieldError("code", "membership.tier.code"));
        }
        if (draft.name() == null
                || draft.name().isBlank()
                || draft.name().strip().length() > 100) {
            errors.add(new FieldError("name", "membership.tier.name"));
        }
        if (draft.rank() < 0 || draft.rank() > MAX_RANK) {
            errors.add(new FieldError("rank", "membership.tier.rank", List.of(0, MAX_RANK)));
        }
        if (draft.threshold() < 0 || (draft.rank() == 0 && draft.threshold() != 0)) {
            errors.add(new FieldError("threshold", "membership.tier.threshold"));
        }
        if (draft.earningMultiplierPercent() < 100 || draft.earningMultiplierPercent() > 1000) {
            errors.add(new FieldError("earningMultiplierPercent", "membership.tier.multiplier", List.of(100, 1000)));
        }
        if (draft.advanceBookingDays() != null
                && (draft.advanceBookingDays() < 1 || draft.advanceBookingDays() > 365)) {
            errors.add(new FieldError("advanceBookingDays", "membership.tier.advance", List.of(1, 365)));
        }
        if (draft.birthdayPoints() < 0 || draft.birthdayPoints() > 1_000_000) {
            errors.add(new FieldError("birthdayPoints", "membership.tier.birthday", List.of(0, 1_000_000)));
        }
        if (draft.birthdayCouponTemplateId() != null) {
            TierCouponTemplates templates = couponTemplates.getIfAvailable();
            if (templates == null || !templates.exists(operatorId, draft.birthdayCouponTemplateId())) {
                errors.add(new FieldError("birthdayCouponTemplateId", "gaps.membership.birthdayCouponUnknown"));
            }
        }
        if (errors.isEmpty()) {
            for (Tier other : list(operatorId, audience)) {
                if (id != null && other.id() == id) {
                    continue;
                }
                if (other.code().equals(draft.code())) {
                    errors.add(new FieldError("code", "membership.tier.codeTaken"));
                }
                if (other.rank() == draft.rank()) {
                    errors.add(new FieldError("rank", "membership.tier.rankTaken"));
                } else if ((other.rank() < draft.rank()) != (other.threshold() < draft.threshold())) {
                    errors.add(new FieldError("threshold", "membership.tier.thresholdOrder"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors.stream().distinct().toList());
        }
    }

    static Tier tier(ResultSet rs, int row) throws SQLException {
        return new Tier(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                Audience.valueOf(rs.getString("audience")),
                rs.getString("code"),
                rs.getString("name"),
                rs.getInt("rank"),
                rs.getLong("threshold"),
                rs.getInt("earning_multiplier_percent"),
                (Integer) rs.getObject("advance_booking_days"),
                rs.getBoolean("deposit_free"),
                rs.getBoolean("priority_service"),
                rs.getLong("birthday_points"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "birthday_coupon_template_id"));
    }
}
