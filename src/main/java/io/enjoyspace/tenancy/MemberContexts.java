package io.enjoyspace.tenancy;

import io.enjoyspace.shared.Rows;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What other modules may know about a member in one read: the site and the enterprise they belong to. */
@Repository
public class MemberContexts {

    /** A member with their site and, if they have one, their enterprise. */
    public record MemberContext(
            long memberId,
            long siteId,
            SiteKind siteKind,
            Long enterpriseId,
            String industry,
            SizeBand sizeBand,
            Integer headcount,
            LocalDate registeredOn) {}

    private final JdbcClient jdbc;

    MemberContexts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<MemberContext> find(long operatorId, long memberId) {
        return Optional.ofNullable(
                findAll(operatorId, java.util.List.of(memberId)).get(memberId));
    }

    /** The members among {@code memberIds} that belong to the operator, by id. */
    public java.util.Map<Long, MemberContext> findAll(long operatorId, java.util.Collection<Long> memberIds) {
        java.util.Map<Long, MemberContext> found = new java.util.HashMap<>();
        if (memberIds.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        select m.id, m.site_id, s.kind, m.enterprise_id, e.industry, e.size_band, e.headcount,
                               m.registered_on
                        from member m
                        join site s on s.operator_id = m.operator_id and s.id = m.site_id
                        left join enterprise e on e.operator_id = m.operator_id and e.id = m.enterprise_id
                        where m.operator_id = :operatorId and m.id in (:memberIds)
                        """)
                .param("operatorId", operatorId)
                .param("memberIds", java.util.List.copyOf(new java.util.LinkedHashSet<>(memberIds)))
                .query((rs, row) -> {
                    String sizeBand = rs.getString("size_band");
                    MemberContext context = new MemberContext(
                            rs.getLong("id"),
                            rs.getLong("site_id"),
                            SiteKind.valueOf(rs.getString("kind")),
                            Rows.nullableLong(rs, "enterprise_id"),
                            rs.getString("industry"),
                            sizeBand == null ? null : SizeBand.valueOf(sizeBand),
                            (Integer) rs.getObject("headcount"),
                            rs.getDate("registered_on").toLocalDate());
                    found.put(context.memberId(), context);
                    return context;
                })
                .list();
        return found;
    }
}
