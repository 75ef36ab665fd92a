package io.enjoyspace.tenancy;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
public class Members {

    private final JdbcClient jdbc;
    private final Operators operators;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Members(JdbcClient jdbc, Operators operators, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.events = events;
        this.clock = clock;
    }

    public record NewMember(long siteId, Long enterpriseId, String name, String mobile, String email) {}

    /** Registers a person; a mobile number already registered with this operator is a conflict. */
    @Transactional
    public Member register(long operatorId, NewMember member) {
        LocalDate today = LocalDate.now(clock.withZone(operators.get(operatorId).timeZone()));
        long id;
        try {
            id = jdbc.sql("""
                            insert into member (operator_id, site_id, enterprise_id, name, mobile, email, registered_on)
                            values (:operatorId, :siteId, :enterpriseId, :name, :mobile, :email, :registeredOn)
                            returning id
                            """)
                    .param("operatorId", operatorId)
                    .param("siteId", member.siteId())
                    .param("enterpriseId", member.enterpriseId())
                    .param("name", member.name())
                    .param("mobile", member.mobile())
                    .param("email", member.email())
                    .param("registeredOn", today)
                    .query(Long.class)
                    .single();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("member.mobileTaken", "mobile already registered");
        }
        Member registered = get(operatorId, id);
        events.publishEvent(
                new MemberRegistered(operatorId, id, member.enterpriseId(), member.siteId(), clock.instant()));
        return registered;
    }

    public Member get(long operatorId, long id) {
        return find(operatorId, id).orElseThrow(NotFoundException::new);
    }

    public Optional<Member> find(long operatorId, long id) {
        return jdbc.sql("select * from member where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Members::map)
                .optional();
    }

    public Optional<Member> findByMobile(long operatorId, String mobile) {
        return jdbc.sql("select * from member where operator_id = :operatorId and mobile = :mobile")
                .param("operatorId", operatorId)
                .param("mobile", mobile == null ? "" : mobile.strip())
                .query(Members::map)
                .optional();
    }

    /** The operator's members, or one enterprise's when {@code enterpriseId} is given. */
    public List<Member> list(long operatorId, Long enterpriseId, int limit) {
        return jdbc.sql("""
                        select * from member
                        where operator_id = :operatorId and (cast(:enterpriseId as bigint) is null or enterprise_id = :enterpriseId)
                        order by registered_on desc, id desc
                        limit :limit
                        """)
                .param("operatorId", operatorId)
                .param("enterpriseId", enterpriseId)
                .param("limit", limit)
                .query(Members::map)
                .list();
    }

    /** The ids of the members who work for the company now. */
    public List<Long> idsOf(long operatorId, long enterpriseId) {
        return jdbc.sql("select id from member where operator_id = :operatorId and enterprise_id = :enterpriseId")
                .param("operatorId", operatorId)
                .param("enterpriseId", enterpriseId)
                .query(Long.class)
                .list();
    }

    /** The names of those of {@code ids} that are members of the operator. */
    public java.util.Map<Long, String> names(long operatorId, java.util.Collection<Long> ids) {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        // One array parameter, however many ids: a list would become one placeholder per id.
        jdbc.sql("select id, name from member where operator_id = :operatorId and id = any(cast(:ids as bigint[]))")
                .param("operatorId", operatorId)
                .param(
                        "ids",
                        ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",", "{", "}")))
                .query(rs -> {
                    names.put(rs.getLong("id"), rs.getString("name"));
                });
        return names;
    }

    /**
     * The ids of the operator's members whose birthday falls on {@code day}; those born on 29 February celebrate on
     * the 28th in other years.
     */
    public List<Long> bornOn(long operatorId, LocalDate day) {
        boolean leapDayMissing = day.getMonthValue() == 2 && day.getDayOfMonth() == 28 && !day.isLeapYear();
        return jdbc.sql("""
                        select id from member
                        where operator_id = :operatorId and birthday is not null
                          and ((extract(month from birthday) = :month and extract(day from birthday) = :day)
                               or (:leapDayMissing and extract(month from birthday) = 2
                                   and extract(day from birthday) = 29))
                        order by id
                        """)
                .param("operatorId", operatorId)
                .param("month", day.getMonthValue())
                .param("day", day.getDayOfMonth())
                .param("leapDayMissing", leapDayMissing)
                .query(Long.class)
                .list();
    }

    /** Those of {@code ids} that are members of the operator, by id: for lists that show who a row is about. */
    public java.util.Map<Long, Member> byIds(long operatorId, java.util.Collection<Long> ids) {
        java.util.Map<Long, Member> found = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.sql("select * from member where operator_id = :operatorId and id = any(cast(:ids as bigint[]))")
                .param("operatorId", operatorId)
                .param(
                        "ids",
                        ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",", "{", "}")))
                .query(Members::map)
                .list()
                .forEach(member -> found.put(member.id(), member));
        return found;
    }

    public long count(long operatorId) {
        return jdbc.sql("select count(*) from member where operator_id = :operatorId")
                .param("operatorId", operatorId)
                .query(Long.class)
                .single();
    }

    /**
     * Members whose name contains {@code text} or whose mobile number starts with it, by name; at most {@code limit}.
     */
    public List<Member> search(long operatorId, String text, int limit) {
        String query = text == null ? "" : text.strip();
        if (query.isEmpty()) {
            return List.of();
        }
        String escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return jdbc.sql("""
                        select * from member
                        where operator_id = :operatorId
                          and (name ilike :contains escape '\\' or mobile like :prefix escape '\\')
                        order by name, id
                        limit :limit
                        """)
                .param("operatorId", operatorId)
                .param("contains", "%" + escaped + "%")
                .param("prefix", escaped + "%")
                .param("limit", limit)
                .query(Members::map)
                .list();
    }

    static Member map(ResultSet rs, int row) throws SQLException {
        return new Member(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getLong("site_id"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "enterprise_id"),
                rs.getString("name"),
                rs.getString("mobile"),
                rs.getString("email"),
                rs.getDate("registered_on").toLocalDate());
    }
}
