package io.enjoyspace.rules;

import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PostTransaction;
import io.enjoyspace.tenancy.MemberRegistered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;

/** "Register for points": every member who joins gets the operator's welcome bonus, once. */
@Service
public class WelcomeBonus {

    static final String REASON = "WELCOME";

    private final JdbcClient jdbc;
    private final PointsLedger ledger;

    WelcomeBonus(JdbcClient jdbc, PointsLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** Points for registering; 0 when the operator has no welcome bonus. */
    public int registrationPoints(long operatorId) {
        return jdbc.sql("select registration_points from welcome_program where operator_id = :operatorId and enabled")
                .param("operatorId", operatorId)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    public void save(long operatorId, boolean enabled, int registrationPoints) {
        jdbc.sql("""
                        insert into welcome_program (operator_id, enabled, registration_points) values (:operatorId, :enabled, :points)
                        on conflict (operator_id) do update set enabled = excluded.enabled,
                            registration_points = excluded.registration_points
                        """)
                .param("operatorId", operatorId)
                .param("enabled", enabled)
                .param("points", registrationPoints)
                .update();
    }

    @ApplicationModuleListener
    void on(MemberRegistered registered) {
        int points = registrationPoints(registered.operatorId());
        if (points <= 0) {
            return;
        }
        ledger.post(PostTransaction.award(
                registered.operatorId(),
                "welcome:" + registered.memberId(),
                Account.member(registered.memberId()),
                points,
                REASON,
                "MEMBER",
                Long.toString(registered.memberId())));
    }
}
