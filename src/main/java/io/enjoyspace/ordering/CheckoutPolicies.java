package io.enjoyspace.ordering;

import io.enjoyspace.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Each operator's {@link CheckoutPolicy}; an operator that never set one has the default. */
@Service
public class CheckoutPolicies {

    private final JdbcClient jdbc;

    CheckoutPolicies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public CheckoutPolicy get(long operatorId) {
        return jdbc.sql("select * from checkout_policy where operator_id = :operatorId")
                .param("operatorId", operatorId)
                .query((rs, row) -> new CheckoutPolicy(
                        rs.getInt("points_per_yuan"),
                        rs.getInt("points_max_share_percent"),
                        rs.getInt("points_min_unit"),
                        rs.getInt("payment_timeout_minutes"),
                        rs.getInt("low_rating_threshold"),
                        rs.getInt("auto_close_days")))
                .optional()
                .orElse(CheckoutPolicy.DEFAULT);
    }

    @Transactional
    public CheckoutPolicy save(long operatorId, CheckoutPolicy policy) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        check(errors, "pointsPerYuan", policy.pointsPerYuan(), 1, 10_000);
        check(errors, "pointsMaxSharePercent", policy.pointsMaxSharePercent(), 0, 100);
        check(errors, "pointsMinUnit", policy.pointsMinUnit(), 1, 100_000);
        check(errors, "paymentTimeoutMinutes", policy.paymentTimeoutMinutes(), 1, 1440);
        check(errors, "lowRatingThreshold", policy.lowRatingThreshold(), 1, 5);
        check(errors, "autoCloseDays", policy.autoCloseDays(), 1, 90);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        jdbc.sql("""
                        insert into checkout_policy (operator_id, points_per_yuan, points_max_share_percent, points_min_unit,
                                                     payment_timeout_minutes, low_rating_threshold, auto_close_days)
                        values (:operatorId, :rate, :share, :unit, :timeout, :low, :close)
                        on conflict (operator_id) do update set
                            points_per_yuan = excluded.points_per_yuan,
                            points_max_share_percent = excluded.points_max_share_percent,
                            points_min_unit = excluded.points_min_unit,
                            payment_timeout_minutes = excluded.payment_timeout_minutes,
                            low_rating_threshold = excluded.low_rating_threshold,
                            auto_close_days = excluded.auto_close_days
                        """)
                .param("operatorId", operatorId)
                .param("rate", policy.pointsPerYuan())
                .param("share", policy.pointsMaxSharePercent())
                .param("unit", policy.pointsMinUnit())
                .param("timeout", policy.paymentTimeoutMinutes())
                .param("low", policy.lowRatingThreshold())
                .param("close", policy.autoCloseDays())
                .update();
        return get(operatorId);
    }

    private static void check(
            List<InvalidInputException.FieldError> errors, String field, int value, int min, int max) {
        if (value < min || value > max) {
            errors.add(new InvalidInputException.FieldError(field, "checkout.policy.range", List.of(min, max)));
        }
    }
}
