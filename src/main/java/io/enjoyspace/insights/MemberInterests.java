package io.enjoyspace.insights;

import io.enjoyspace.tenancy.Operators;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A member's interest in each service category (category affinity), from the member activity rollup: what they paid
 * for weighs most, then what they rated, then what they looked at; each month back counts {@link #DECAY} of the month
 * after it, over the last twelve months. Profiles show it, tags name the strongest, recommendations start from it, and
 * all of them read it through {@link #SCORES} so they agree.
 */
@Component
public class MemberInterests {

    /** How much a month counts against the month after it. */
    static final double DECAY = 0.8;

    /** Months looked back, the current one included. */
    static final int MONTHS = 12;

    /**
     * Scores of every member and category of an operator, as a query with the parameters {@code operatorId} and
     * {@code currentMonth} (the first day of the current month, in the operator's time zone): columns operator_id,
     * member_id, category_id, score, orders (paid in the window), views, last_at. Usable as a subquery.
     */
    static final String SCORES = """
            select a.operator_id, a.member_id, a.category_id,
                   sum(a.facts * case a.kind when 'ORDER_PAID' then 5 when 'ORDER_RATED' then 2
                                             when 'OFFERING_VIEW' then 1 when 'CATEGORY_VIEW' then 1 else 0 end
                       * power(%s, (extract(year from age(:currentMonth, a.month)) * 12
                                    + extract(month from age(:currentMonth, a.month))))) as score,
                   sum(a.facts) filter (where a.kind = 'ORDER_PAID') as orders,
                   sum(a.facts) filter (where a.kind in ('OFFERING_VIEW', 'CATEGORY_VIEW')) as views,
                   max(a.last_at) as last_at
            from insight_member_activity a
            where a.operator_id = :operatorId and a.category_id <> 0
              and a.month > cast(:currentMonth as date) - interval '%d months'
              and a.kind in ('ORDER_PAID', 'ORDER_RATED', 'OFFERING_VIEW', 'CATEGORY_VIEW')
            """.formatted(DECAY, MONTHS);

    private final JdbcClient jdbc;
    private final Operators operators;
    private final Clock clock;

    MemberInterests(JdbcClient jdbc, Operators operators, Clock clock) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.clock = clock;
    }

    /** One category a member is interested in, strongest first in {@link #of}. */
    public record Interest(
            long categoryId, String categoryName, double score, long orders, long views, Instant lastAt) {}

    /** The member's interests, strongest first; empty for a member with no purchases or views in the window. */
    public List<Interest> of(long operatorId, long memberId) {
        return jdbc.sql("""
                        select s.category_id, c.name, s.score, coalesce(s.orders, 0) as orders,
                               coalesce(s.views, 0) as views, s.last_at
                        from (%s and a.member_id = :memberId
                              group by a.operator_id, a.member_id, a.category_id) s
                        join service_category c on c.operator_id = s.operator_id and c.id = s.category_id
                        where s.score > 0
                        order by s.score desc, s.category_id
                        """.formatted(SCORES))
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("currentMonth", currentMonth(operatorId))
                .query((rs, row) -> new Interest(
                        rs.getLong("category_id"),
                        rs.getString("name"),
                        rs.getDouble("score"),
                        rs.getLong("orders"),
                        rs.getLong("views"),
                        rs.getTimestamp("last_at").toInstant()))
                .list();
    }

    /** The first day of the operator's current month, the anchor of {@link #SCORES}. */
    LocalDate currentMonth(long operatorId) {
        return LocalDate.now(clock.withZone(operators.get(operatorId).timeZone()))
                .withDayOfMonth(1);
    }
}
