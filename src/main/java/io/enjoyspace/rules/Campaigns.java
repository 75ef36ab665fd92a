package io.enjoyspace.rules;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The operator's campaigns, and how much of each one's budget its rules have awarded. */
@Repository
public class Campaigns {

    private final JdbcClient jdbc;
    private final Rules rules;
    private final org.springframework.beans.factory.ObjectProvider<CampaignCouponSpend> couponSpend;

    Campaigns(
            JdbcClient jdbc,
            Rules rules,
            org.springframework.beans.factory.ObjectProvider<CampaignCouponSpend> couponSpend) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.couponSpend = couponSpend;
    }

    /** {@code couponBudgetMinor}: the most discount money the campaign's coupons may give away (null: no limit). */
    public record Settings(
            String name,
            String description,
            Instant startsAt,
            Instant endsAt,
            Long budgetPoints,
            String color,
            Long couponBudgetMinor) {

        public Settings(
                String name, String description, Instant startsAt, Instant endsAt, Long budgetPoints, String color) {
            this(name, description, startsAt, endsAt, budgetPoints, color, null);
        }
    }

    /**
     * A campaign with its meter: points awarded so far under its rules, the rules themselves, and the discount money
     * its coupons have given away.
     */
    public record Meter(
            Campaign campaign, long awardedPoints, long awards, List<Rule> rules, CampaignCouponSpend.Spend coupons) {

        /** Share of the budget used, 0–100, or null without a budget. */
        public Integer percentUsed() {
            Long budget = campaign.budgetPoints();
            return budget == null ? null : (int) Math.min(100, awardedPoints * 100 / budget);
        }

        /** Share of the coupon budget given away, 0–100, or null without one. */
        public Integer couponPercentUsed() {
            Long budget = campaign.couponBudgetMinor();
            return budget == null ? null : (int) Math.min(100, coupons.discountMinor() * 100 / budget);
        }
    }

    public Campaign create(long operatorId, Settings settings) {
        validate(settings);
        try {
            long id = jdbc.sql("""
                            insert into campaign (operator_id, name, description, starts_at, ends_at, budget_points, color,
                                                  coupon_budget_minor)
                            values (:operatorId, :name, :description, :startsAt, :endsAt, :budget, :color,
                                    :couponBudget)
                            returning id
                            """)
                    .param("operatorId", operatorId)
                    .params(params(settings))
                    .query(Long.class)
                    .single();
            rules.invalidate(operatorId);
            return get(operatorId, id);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("campaign.nameTaken", "a campaign with this name exists");
        }
    }

    public Campaign update(long operatorId, long id, Settings settings) {
        validate(settings);
        try {
            int updated = jdbc.sql("""
                            update campaign set name = :name, description = :description, starts_at = :startsAt,
                                                ends_at = :endsAt, budget_points = :budget, color = :color,
                                                coupon_budget_minor = :couponBudget
                            where operator_id = :operatorId and id = :id
                            """)
                    .param("operatorId", operatorId)
                    .param("id", id)
                    .params(params(settings))
                    .update();
            if (updated == 0) {
                throw new NotFoundException();
            }
            rules.invalidate(operatorId);
            return get(operatorId, id);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("campaign.nameTaken", "a campaign with this name exists");
        }
    }

    private static void validate(Settings settings) {
        if (!settings.endsAt().isAfter(settings.startsAt())) {
            throw new InvalidInputException("endsAt", "campaigns.endsBeforeStart");
        }
        if (settings.couponBudgetMinor() != null
                && (settings.couponBudgetMinor() < 1 || settings.couponBudgetMinor() > 100_000_000_000L)) {
            throw new InvalidInputException("couponBudgetMinor", "coupons.campaignBudgetInvalid");
        }
    }

    private static java.util.Map<String, Object> params(Settings settings) {
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("name", settings.name().strip());
        params.put(
                "description",
                settings.description() == null || settings.description().isBlank()
                        ? null
                        : settings.description().strip());
        params.put("startsAt", Timestamp.from(settings.startsAt()));
        params.put("endsAt", Timestamp.from(settings.endsAt()));
        params.put("budget", settings.budgetPoints());
        params.put("couponBudget", settings.couponBudgetMinor());
        params.put("color", settings.color() == null || settings.color().isBlank() ? "#0d6efd" : settings.color());
        return params;
    }

    public Campaign get(long operatorId, long id) {
        return jdbc.sql("select * from campaign where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Campaigns::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    public List<Campaign> list(long operatorId) {
        return jdbc.sql("select * from campaign where operator_id = :operatorId order by starts_at desc, id desc")
                .param("operatorId", operatorId)
                .query(Campaigns::map)
                .list();
    }

    /** Campaigns running at some time between {@code from} and {@code to}. */
    public List<Campaign> overlapping(long operatorId, Instant from, Instant to) {
        return jdbc.sql("""
                        select * from campaign where operator_id = :operatorId and starts_at < :to and ends_at > :from
                        order by starts_at, id
                        """)
                .param("operatorId", operatorId)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .query(Campaigns::map)
                .list();
    }

    public Meter meter(long operatorId, long id) {
        Campaign campaign = get(operatorId, id);
        record Totals(long points, long awards) {}
        Totals totals = jdbc.sql("""
                        select coalesce(sum(points), 0) as points, count(*) as awards from rule_award
                        where operator_id = :operatorId and campaign_id = :id
                        """)
                .param("operatorId", operatorId)
                .param("id", id)
                .query((rs, row) -> new Totals(rs.getLong("points"), rs.getLong("awards")))
                .single();
        List<Rule> campaignRules = rules.list(operatorId).stream()
                .filter(rule -> Long.valueOf(id).equals(rule.definition().campaignId()))
                .toList();
        CampaignCouponSpend spend = couponSpend.getIfAvailable();
        CampaignCouponSpend.Spend coupons = spend == null ? CampaignCouponSpend.Spend.NONE : spend.of(operatorId, id);
        return new Meter(campaign, totals.points(), totals.awards(), campaignRules, coupons);
    }

    static Campaign map(ResultSet rs, int row) throws SQLException {
        return new Campaign(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getTimestamp("starts_at").toInstant(),
                rs.getTimestamp("ends_at").toInstant(),
                io.enjoyspace.shared.Rows.nullableLong(rs, "budget_points"),
                rs.getString("color"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "coupon_budget_minor"));
    }
}
