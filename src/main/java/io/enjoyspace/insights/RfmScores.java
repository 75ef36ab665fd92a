package io.enjoyspace.insights;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads members' scores, as the last tag computation left them. */
@Component
public class RfmScores {

    private final JdbcClient jdbc;

    RfmScores(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The member's scores; empty for a member not computed yet or of another operator. */
    public Optional<RfmScore> of(long operatorId, long memberId) {
        return jdbc.sql("select * from insight_member_score where operator_id = :operatorId and member_id = :memberId")
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .query((rs, row) -> map(rs))
                .optional();
    }

    static RfmScore map(ResultSet rs) throws SQLException {
        return new RfmScore(
                rs.getLong("member_id"),
                rs.getLong("orders_12m"),
                rs.getLong("spend_12m_minor"),
                instant(rs.getTimestamp("last_paid_at")),
                instant(rs.getTimestamp("last_activity_at")),
                (Integer) rs.getObject("recency_days"),
                rs.getInt("active_days_30"),
                number(rs.getObject("recency_score")),
                number(rs.getObject("frequency_score")),
                number(rs.getObject("monetary_score")),
                rs.getString("rfm_segment"),
                rs.getString("activity_level"),
                rs.getString("spending_power"),
                instant(rs.getTimestamp("computed_at")));
    }

    private static Integer number(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
