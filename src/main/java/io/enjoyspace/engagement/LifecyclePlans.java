package io.enjoyspace.engagement;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Each operator's lifecycle thresholds and the actions taken when a member enters a stage or has a birthday. */
@Service
public class LifecyclePlans {

    /** When an action runs: on entering a stage, or on the member's birthday. */
    public enum Trigger {
        NEW,
        ACTIVE,
        SILVER,
        GOLD,
        DORMANT,
        CHURN_RISK,
        BIRTHDAY;

        static Trigger of(LifecycleStage stage) {
            return valueOf(stage.name());
        }
    }

    /** What an action does: grant points, send a notice, or give a coupon (through {@link CouponGifts}). */
    public enum Kind {
        POINTS,
        MESSAGE,
        COUPON
    }

    /** An action; {@code points} for POINTS, {@code couponTemplateId} for COUPON. */
    public record Action(long id, Trigger trigger, Kind kind, Integer points, Long couponTemplateId, boolean enabled) {}

    /** A new action: what it needs depends on its kind. */
    public record NewAction(Trigger trigger, Kind kind, Integer points, Long couponTemplateId) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    LifecyclePlans(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public LifecycleSettings settings(long operatorId) {
        return jdbc.sql("select * from lifecycle_settings where operator_id = :o")
                .param("o", operatorId)
                .query((rs, row) -> new LifecycleSettings(
                        rs.getInt("silver_uses_per_month"),
                        rs.getInt("gold_uses_per_month"),
                        rs.getInt("dormant_after_days"),
                        rs.getInt("churn_after_days"),
                        rs.getInt("churn_drop_percent"),
                        rs.getInt("conversion_days")))
                .optional()
                .orElse(LifecycleSettings.DEFAULTS);
    }

    public boolean configured(long operatorId) {
        return jdbc.sql("select exists (select 1 from lifecycle_settings where operator_id = :o)")
                .param("o", operatorId)
                .query(Boolean.class)
                .single();
    }

    public LifecycleSettings save(long operatorId, LifecycleSettings settings) {
        settings.validate();
        jdbc.sql("""
                        insert into lifecycle_settings (operator_id, silver_uses_per_month, gold_uses_per_month,
                                                        dormant_after_days, churn_after_days, churn_drop_percent,
                                                        conversion_days)
                        values (:o, :silver, :gold, :dormant, :churn, :drop, :conversion)
                        on conflict (operator_id) do update set
                            silver_uses_per_month = excluded.silver_uses_per_month,
                            gold_uses_per_month = excluded.gold_uses_per_month,
                            dormant_after_days = excluded.dormant_after_days,
                            churn_after_days = excluded.churn_after_days,
                            churn_drop_percent = excluded.churn_drop_percent,
                            conversion_days = excluded.conversion_days
                        """)
                .param("o", operatorId)
                .param("silver", settings.silverUsesPerMonth())
                .param("gold", settings.goldUsesPerMonth())
                .param("dormant", settings.dormantAfterDays())
                .param("churn", settings.churnAfterDays())
                .param("drop", settings.churnDropPercent())
                .param("conversion", settings.conversionDays())
                .update();
        return settings;
    }

    /** The operator's actions, enabled or not, by trigger and then in the order they were added. */
    public List<Action> actions(long operatorId) {
        return jdbc.sql("select * from lifecycle_action where operator_id = :o order by id")
                .param("o", operatorId)
                .query(LifecyclePlans::map)
                .list();
    }

    List<Action> enabledActions(long operatorId, Trigger trigger) {
        return jdbc.sql(
                        "select * from lifecycle_action where operator_id = :o and trigger = :trigger and enabled order by id")
                .param("o", operatorId)
                .param("trigger", trigger.name())
                .query(LifecyclePlans::map)
                .list();
    }

    public Action add(long operatorId, NewAction action) {
        if (action.trigger() == null) {
            throw new InvalidInputException("trigger", "engagement.lifecycle.trigger");
        }
        if (action.kind() == null) {
            throw new InvalidInputException("kind", "engagement.lifecycle.kind");
        }
        Integer points = null;
        Long template = null;
        if (action.kind() == Kind.POINTS) {
            if (action.points() == null || action.points() < 1 || action.points() > 1_000_000) {
                throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                        "points", "engagement.lifecycle.range", List.of(1, 1_000_000))));
            }
            points = action.points();
        }
        if (action.kind() == Kind.COUPON) {
            if (action.couponTemplateId() == null || action.couponTemplateId() < 1) {
                throw new InvalidInputException("couponTemplateId", "engagement.lifecycle.couponTemplate");
            }
            template = action.couponTemplateId();
        }
        long id = jdbc.sql("""
                        insert into lifecycle_action (operator_id, trigger, kind, points, coupon_template_id, created_at)
                        values (:o, :trigger, :kind, :points, :template, :now)
                        returning id
                        """)
                .param("o", operatorId)
                .param("trigger", action.trigger().name())
                .param("kind", action.kind().name())
                .param("points", points)
                .param("template", template)
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        return new Action(id, action.trigger(), action.kind(), points, template, true);
    }

    /** Switches an action on or off; its log stays. */
    public void enable(long operatorId, long actionId, boolean enabled) {
        int found = jdbc.sql("update lifecycle_action set enabled = :enabled where operator_id = :o and id = :id")
                .param("enabled", enabled)
                .param("o", operatorId)
                .param("id", actionId)
                .update();
        if (found == 0) {
            throw new NotFoundException();
        }
    }

    private static Action map(ResultSet rs, int row) throws SQLException {
        Integer points = rs.getObject("points") == null ? null : rs.getInt("points");
        return new Action(
                rs.getLong("id"),
                Trigger.valueOf(rs.getString("trigger")),
                Kind.valueOf(rs.getString("kind")),
                points,
                Rows.nullableLong(rs, "coupon_template_id"),
                rs.getBoolean("enabled"));
    }
}
