package io.enjoyspace.rules;

import io.enjoyspace.points.ExpiryPolicy;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class EarningRules {

    private final JdbcClient jdbc;

    EarningRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record RuleSettings(
            String name, int pointsAwarded, long perAmountMinor, boolean active, ExpiryPolicy expiry, int pendingDays) {

        public RuleSettings(String name, int pointsAwarded, long perAmountMinor, boolean active, ExpiryPolicy expiry) {
            this(name, pointsAwarded, perAmountMinor, active, expiry, 0);
        }

        public RuleSettings(String name, int pointsAwarded, long perAmountMinor, boolean active) {
            this(name, pointsAwarded, perAmountMinor, active, ExpiryPolicy.NEVER, 0);
        }
    }

    public EarningRule create(long operatorId, String eventType, RuleSettings settings) {
        try {
            long id = jdbc.sql("""
                            insert into earning_rule (operator_id, name, event_type, points_awarded, per_amount_minor, active,
                                                      expiry_kind, expiry_count, pending_days)
                            values (:operatorId, :name, :eventType, :points, :per, :active, :expiryKind, :expiryCount,
                                    :pendingDays)
                            returning id
                            """)
                    .param("operatorId", operatorId)
                    .param("name", settings.name().strip())
                    .param("eventType", eventType)
                    .param("points", settings.pointsAwarded())
                    .param("per", settings.perAmountMinor())
                    .param("active", settings.active())
                    .param("expiryKind", settings.expiry().kind().name())
                    .param("expiryCount", settings.expiry().count())
                    .param("pendingDays", settings.pendingDays())
                    .query(Long.class)
                    .single();
            return get(operatorId, id);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("rule.nameTaken", "a rule with this name exists");
        }
    }

    public EarningRule update(long operatorId, long id, RuleSettings settings) {
        try {
            int updated = jdbc.sql("""
                            update earning_rule set name = :name, points_awarded = :points, per_amount_minor = :per,
                                                    active = :active, expiry_kind = :expiryKind, expiry_count = :expiryCount,
                                                    pending_days = :pendingDays
                            where operator_id = :operatorId and id = :id
                            """)
                    .param("operatorId", operatorId)
                    .param("id", id)
                    .param("name", settings.name().strip())
                    .param("points", settings.pointsAwarded())
                    .param("per", settings.perAmountMinor())
                    .param("active", settings.active())
                    .param("expiryKind", settings.expiry().kind().name())
                    .param("expiryCount", settings.expiry().count())
                    .param("pendingDays", settings.pendingDays())
                    .update();
            if (updated == 0) {
                throw new NotFoundException();
            }
            return get(operatorId, id);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("rule.nameTaken", "a rule with this name exists");
        }
    }

    public EarningRule get(long operatorId, long id) {
        return jdbc.sql("select * from earning_rule where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(EarningRules::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    public List<EarningRule> list(long operatorId) {
        return jdbc.sql("select * from earning_rule where operator_id = :operatorId order by id")
                .param("operatorId", operatorId)
                .query(EarningRules::map)
                .list();
    }

    List<EarningRule> activeFor(long operatorId, String eventType) {
        return jdbc.sql(
                        "select * from earning_rule where operator_id = :operatorId and event_type = :eventType and active order by id")
                .param("operatorId", operatorId)
                .param("eventType", eventType)
                .query(EarningRules::map)
                .list();
    }

    private static EarningRule map(ResultSet rs, int row) throws SQLException {
        return new EarningRule(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getString("name"),
                rs.getString("event_type"),
                rs.getInt("points_awarded"),
                rs.getLong("per_amount_minor"),
                rs.getBoolean("active"),
                new ExpiryPolicy(ExpiryPolicy.Kind.valueOf(rs.getString("expiry_kind")), rs.getInt("expiry_count")),
                rs.getInt("pending_days"));
    }
}
