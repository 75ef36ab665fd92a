package io.enjoyspace.rewards;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.NotFoundException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The mall's shelf: rewards, their publication window and their stock, per operator. */
@Service
public class Rewards {

    static final int MAX_STOCK = 1_000_000;
    static final long MAX_POINTS = 100_000_000L;
    static final long MAX_MONEY_MINOR = 100_000_000L;

    private final JdbcClient jdbc;
    private final Clock clock;

    Rewards(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A reward as the operator writes it; the stock is only set on creation, then adjusted. */
    public record RewardDraft(
            String name,
            String description,
            String category,
            RewardKind kind,
            Delivery delivery,
            String pickupLocation,
            Long pointsPrice,
            Long cashPriceMinor,
            Long creditMinor,
            String fulfilmentCode,
            Integer stock,
            Integer perMemberLimit,
            List<String> eligibleTiers,
            String imageUrl,
            Instant publishedFrom,
            Instant publishedUntil,
            Boolean active) {}

    /**
     * What to show. Null parts do not filter; {@code publishedOnly} hides rewards outside their window and inactive
     * ones (what members see).
     */
    public record Filter(String category, RewardKind kind, Long maxPoints, Boolean inStock, boolean publishedOnly) {}

    public List<Reward> list(long operatorId, Filter filter) {
        StringBuilder sql = new StringBuilder("select * from reward where operator_id = :operatorId");
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("operatorId", operatorId);
        if (filter.category() != null && !filter.category().isBlank()) {
            sql.append(" and category = :category");
            params.put("category", filter.category().trim());
        }
        if (filter.kind() != null) {
            sql.append(" and kind = :kind");
            params.put("kind", filter.kind().name());
        }
        if (filter.maxPoints() != null) {
            sql.append(" and points_price <= :maxPoints");
            params.put("maxPoints", filter.maxPoints());
        }
        if (Boolean.TRUE.equals(filter.inStock())) {
            sql.append(" and stock > 0");
        } else if (Boolean.FALSE.equals(filter.inStock())) {
            sql.append(" and stock = 0");
        }
        if (filter.publishedOnly()) {
            sql.append(" and active and (published_from is null or published_from <= :now)"
                    + " and (published_until is null or published_until > :now)");
            params.put("now", Timestamp.from(clock.instant()));
        }
        sql.append(" order by category, points_price, id limit 500");
        return jdbc.sql(sql.toString()).params(params).query(Rewards::map).list();
    }

    /** The categories in use, for the filters. */
    public List<String> categories(long operatorId) {
        return jdbc.sql("select distinct category from reward where operator_id = :operatorId order by category")
                .param("operatorId", operatorId)
                .query(String.class)
                .list();
    }

    public Reward get(long operatorId, long rewardId) {
        return jdbc.sql("select * from reward where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", rewardId)
                .query(Rewards::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** A reward a member may see now: published and active, otherwise not found. */
    public Reward published(long operatorId, long rewardId) {
        Reward reward = get(operatorId, rewardId);
        if (!reward.isPublishedAt(clock.instant())) {
            throw new NotFoundException();
        }
        return reward;
    }

    @Transactional
    public Reward create(long operatorId, RewardDraft draft) {
        validate(draft, true);
        Instant now = clock.instant();
        long id = jdbc.sql("""
                        insert into reward (operator_id, name, description, category, kind, delivery, pickup_location,
                                            points_price, cash_price_minor, credit_minor, fulfilment_code, stock,
                                            per_member_limit, eligible_tiers, image_url, published_from,
                                            published_until, active, created_at, updated_at)
                        values (:operatorId, :name, :description, :category, :kind, :delivery, :pickupLocation,
                                :pointsPrice, :cashPriceMinor, :creditMinor, :fulfilmentCode, :stock, :perMemberLimit,
                                string_to_array(:tiers, ','), :imageUrl, :publishedFrom, :publishedUntil, :active,
                                :now, :now)
                        returning id
                        """)
                .params(params(operatorId, draft))
                .param("stock", draft.stock())
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
        return get(operatorId, id);
    }

    @Transactional
    public Reward update(long operatorId, long rewardId, RewardDraft draft) {
        validate(draft, false);
        Reward current = get(operatorId, rewardId);
        if (current.kind() != draft.kind()) {
            throw new InvalidInputException("kind", "rewards.kind.fixed");
        }
        jdbc.sql("""
                        update reward set name = :name, description = :description, category = :category,
                                          delivery = :delivery, pickup_location = :pickupLocation,
                                          points_price = :pointsPrice, cash_price_minor = :cashPriceMinor,
                                          credit_minor = :creditMinor, fulfilment_code = :fulfilmentCode,
                                          per_member_limit = :perMemberLimit,
                                          eligible_tiers = string_to_array(:tiers, ','), image_url = :imageUrl,
                                          published_from = :publishedFrom, published_until = :publishedUntil,
                                          active = :active, updated_at = :now
                        where operator_id = :operatorId and id = :id
                        """)
                .params(params(operatorId, draft))
                .param("id", rewardId)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        return get(operatorId, rewardId);
    }

    /**
     * Adds ({@code delta} positive) or removes stock, with a reason kept in the stock history. Stock reserved by open
     * redemptions is already out of the count, so removing never takes it below zero: refused with a field error.
     */
    @Transactional
    public Reward adjustStock(long operatorId, long rewardId, int delta, String reason, long userId) {
        List<FieldError> errors = new ArrayList<>();
        if (delta == 0 || Math.abs((long) delta) > MAX_STOCK) {
            errors.add(new FieldError("delta", "rewards.stock.delta"));
        }
        if (reason == null || reason.isBlank() || reason.length() > 200) {
            errors.add(new FieldError("reason", "rewards.stock.reason"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        get(operatorId, rewardId);
        Integer after = jdbc.sql("""
                        update reward set stock = stock + :delta, updated_at = :now
                        where operator_id = :operatorId and id = :id and stock + :delta >= 0 and stock + :delta <= :max
                        returning stock
                        """)
                .param("delta", delta)
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .param("id", rewardId)
                .param("max", MAX_STOCK)
                .query(Integer.class)
                .optional()
                .orElseThrow(() -> new InvalidInputException("delta", "rewards.stock.belowZero"));
        jdbc.sql("""
                        insert into reward_stock_adjustment (operator_id, reward_id, delta, stock_after, reason, user_id,
                                                             created_at)
                        values (:operatorId, :rewardId, :delta, :after, :reason, :userId, :now)
                        """)
                .param("operatorId", operatorId)
                .param("rewardId", rewardId)
                .param("delta", delta)
                .param("after", after)
                .param("reason", reason.trim())
                .param("userId", userId)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        return get(operatorId, rewardId);
    }

    /** One line of a reward's stock history. */
    public record StockAdjustment(int delta, int stockAfter, String reason, Instant at) {}

    public List<StockAdjustment> stockHistory(long operatorId, long rewardId) {
        get(operatorId, rewardId);
        return jdbc.sql("""
                        select delta, stock_after, reason, created_at from reward_stock_adjustment
                        where operator_id = :operatorId and reward_id = :rewardId order by id desc limit 50
                        """)
                .param("operatorId", operatorId)
                .param("rewardId", rewardId)
                .query((rs, row) -> new StockAdjustment(
                        rs.getInt("delta"),
                        rs.getInt("stock_after"),
                        rs.getString("reason"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    private static Map<String, Object> params(long operatorId, RewardDraft draft) {
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("operatorId", operatorId);
        params.put("name", draft.name().trim());
        params.put(
                "description",
                draft.description() == null ? "" : draft.description().trim());
        params.put("category", draft.category().trim());
        params.put("kind", draft.kind().name());
        params.put(
                "delivery", draft.kind() == RewardKind.GIFT ? draft.delivery().name() : null);
        params.put("pickupLocation", blankToNull(draft.pickupLocation()));
        params.put("pointsPrice", draft.pointsPrice());
        params.put("cashPriceMinor", draft.cashPriceMinor() == null ? 0L : draft.cashPriceMinor());
        params.put("creditMinor", draft.kind() == RewardKind.RENT_CREDIT ? draft.creditMinor() : Long.valueOf(0));
        params.put("fulfilmentCode", blankToNull(draft.fulfilmentCode()));
        params.put("perMemberLimit", draft.perMemberLimit());
        params.put("tiers", tiers(draft.eligibleTiers()));
        params.put("imageUrl", blankToNull(draft.imageUrl()));
        params.put("publishedFrom", draft.publishedFrom() == null ? null : Timestamp.from(draft.publishedFrom()));
        params.put("publishedUntil", draft.publishedUntil() == null ? null : Timestamp.from(draft.publishedUntil()));
        params.put("active", draft.active() == null || draft.active());
        return params;
    }

    private static String tiers(List<String> tiers) {
        if (tiers == null) {
            return "";
        }
        return String.join(
                ",",
                tiers.stream()
                        .filter(tier -> tier != null && !tier.isBlank())
                        .map(String::trim)
                        .distinct()
                        .toList());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    static void validate(RewardDraft draft, boolean creating) {
        List<FieldError> errors = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank() || draft.name().length() > 100) {
            errors.add(new FieldError("name", "rewards.name.invalid"));
        }
        if (draft.description() != null && draft.description().length() > 2000) {
            errors.add(new FieldError("description", "rewards.description.invalid"));
        }
        if (draft.category() == null
                || draft.category().isBlank()
                || draft.category().length() > 40) {
            errors.add(new FieldError("category", "rewards.category.invalid"));
        }
        if (draft.kind() == null) {
            errors.add(new FieldError("kind", "rewards.kind.invalid"));
        } else {
            if (draft.kind() == RewardKind.GIFT && draft.delivery() == null) {
                errors.add(new FieldError("delivery", "rewards.delivery.required"));
            }
            if (draft.kind() == RewardKind.RENT_CREDIT
                    && (draft.creditMinor() == null
                            || draft.creditMinor() <= 0
                            || draft.creditMinor() > MAX_MONEY_MINOR)) {
                errors.add(new FieldError("creditMinor", "rewards.credit.invalid"));
            }
            if (draft.kind().isFulfilledElsewhere()
                    && (draft.fulfilmentCode() == null || draft.fulfilmentCode().isBlank())) {
                errors.add(new FieldError("fulfilmentCode", "rewards.fulfilmentCode.required"));
            }
        }
        if (draft.fulfilmentCode() != null && draft.fulfilmentCode().length() > 100) {
            errors.add(new FieldError("fulfilmentCode", "rewards.fulfilmentCode.required"));
        }
        if (draft.pickupLocation() != null && draft.pickupLocation().length() > 200) {
            errors.add(new FieldError("pickupLocation", "rewards.pickupLocation.invalid"));
        }
        if (draft.pointsPrice() == null || draft.pointsPrice() <= 0 || draft.pointsPrice() > MAX_POINTS) {
            errors.add(new FieldError("pointsPrice", "rewards.pointsPrice.invalid"));
        }
        if (draft.cashPriceMinor() != null
                && (draft.cashPriceMinor() < 0 || draft.cashPriceMinor() > MAX_MONEY_MINOR)) {
            errors.add(new FieldError("cashPriceMinor", "rewards.cashPrice.invalid"));
        }
        if (creating && (draft.stock() == null || draft.stock() < 0 || draft.stock() > MAX_STOCK)) {
            errors.add(new FieldError("stock", "rewards.stock.invalid"));
        }
        if (draft.perMemberLimit() != null && (draft.perMemberLimit() < 1 || draft.perMemberLimit() > 1000)) {
            errors.add(new FieldError("perMemberLimit", "rewards.perMemberLimit.invalid"));
        }
        if (draft.eligibleTiers() != null
                && (draft.eligibleTiers().size() > 20
                        || draft.eligibleTiers().stream()
                                .anyMatch(tier -> tier != null && (tier.contains(",") || tier.length() > 40)))) {
            errors.add(new FieldError("eligibleTiers", "rewards.tiers.invalid"));
        }
        if (draft.imageUrl() != null
                && !draft.imageUrl().isBlank()
                && (draft.imageUrl().length() > 500
                        || !(draft.imageUrl().startsWith("https://")
                                || draft.imageUrl().startsWith("http://")
                                || draft.imageUrl().startsWith("/")))) {
            errors.add(new FieldError("imageUrl", "rewards.imageUrl.invalid"));
        }
        if (draft.publishedFrom() != null
                && draft.publishedUntil() != null
                && !draft.publishedUntil().isAfter(draft.publishedFrom())) {
            errors.add(new FieldError("publishedUntil", "rewards.window.invalid"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    static Reward map(ResultSet rs, int row) throws SQLException {
        Array tiers = rs.getArray("eligible_tiers");
        Timestamp from = rs.getTimestamp("published_from");
        Timestamp until = rs.getTimestamp("published_until");
        String delivery = rs.getString("delivery");
        return new Reward(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("category"),
                RewardKind.valueOf(rs.getString("kind")),
                delivery == null ? null : Delivery.valueOf(delivery),
                rs.getString("pickup_location"),
                rs.getLong("points_price"),
                rs.getLong("cash_price_minor"),
                rs.getString("currency"),
                rs.getLong("credit_minor"),
                rs.getString("fulfilment_code"),
                rs.getInt("stock"),
                rs.getObject("per_member_limit", Integer.class),
                tiers == null ? List.of() : Arrays.asList((String[]) tiers.getArray()),
                rs.getString("image_url"),
                from == null ? null : from.toInstant(),
                until == null ? null : until.toInstant(),
                rs.getBoolean("active"));
    }

    static void requireOpen(Redemption redemption) {
        if (!redemption.status().isOpen()) {
            throw new ConflictException("rewards.redemption.closed", "the redemption is " + redemption.status());
        }
    }
}
