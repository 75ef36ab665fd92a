package io.enjoyspace.points;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PointsPolicies {

    private final JdbcClient jdbc;

    PointsPolicies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public PointsPolicy of(long operatorId) {
        return jdbc.sql("select * from points_policy where operator_id = :operatorId")
                .param("operatorId", operatorId)
                .query((rs, row) -> new PointsPolicy(
                        rs.getBoolean("transfers_enabled"),
                        rs.getLong("transfer_max_points"),
                        rs.getLong("transfer_daily_max_points"),
                        PointsPolicy.ReversalPolicy.valueOf(rs.getString("reversal_policy")),
                        rs.getLong("adjustment_limit_staff"),
                        rs.getLong("adjustment_limit_admin")))
                .optional()
                .orElse(PointsPolicy.DEFAULT);
    }

    public PointsPolicy save(long operatorId, PointsPolicy policy) {
        jdbc.sql("""
                        insert into points_policy (operator_id, transfers_enabled, transfer_max_points, transfer_daily_max_points,
                                                   reversal_policy,
                                                   adjustment_limit_staff, adjustment_limit_admin)
                        values (:operatorId, :enabled, :max, :dailyMax, :reversal, :limitStaff, :limitAdmin)
                        on conflict (operator_id) do update set transfers_enabled = excluded.transfers_enabled,
                            transfer_max_points = excluded.transfer_max_points,
                            transfer_daily_max_points = excluded.transfer_daily_max_points,
                            reversal_policy = excluded.reversal_policy,
                            adjustment_limit_staff = excluded.adjustment_limit_staff,
                            adjustment_limit_admin = excluded.adjustment_limit_admin
                        """)
                .param("operatorId", operatorId)
                .param("enabled", policy.transfersEnabled())
                .param("max", policy.transferMaxPoints())
                .param("dailyMax", policy.transferDailyMaxPoints())
                .param("reversal", policy.reversalPolicy().name())
                .param("limitStaff", policy.adjustmentLimitStaff())
                .param("limitAdmin", policy.adjustmentLimitAdmin())
                .update();
        return of(operatorId);
    }
}
