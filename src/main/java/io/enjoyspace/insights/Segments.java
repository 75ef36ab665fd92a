package io.enjoyspace.insights;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Operators;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saved segments: conditions over tags, attributes and aggregates (see {@link SegmentCondition}), each compiled to
 * one parameterised query over the operator's members, so that a preview, the member list, the CSV and every audience
 * that names the segment (coupon pushes, mall rewards) select the same members.
 */
@Component
public class Segments {

    static final int SAMPLE = 10;
    static final int PAGE_MAX = 200;

    private final JdbcClient jdbc;
    private final Operators operators;
    private final Clock clock;

    Segments(JdbcClient jdbc, Operators operators, Clock clock) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.clock = clock;
    }

    /** A saved segment; memberCount as of countedAt. */
    public record Segment(
            long id,
            String name,
            SegmentDefinition definition,
            long memberCount,
            Instant countedAt,
            Instant createdAt,
            Instant updatedAt) {}

    /** One member of a segment, with the figures the list shows. */
    public record SegmentMember(
            long memberId,
            String name,
            String mobile,
            long siteId,
            Long enterpriseId,
            long orders12Months,
            long spend12MonthsMinor,
            String rfmSegment,
            String activityLevel) {}

    /** The size of a definition's audience now, and its first members. */
    public record Preview(long size, List<SegmentMember> sample) {}

    public List<Segment> list(long operatorId) {
        return jdbc.sql("select * from segment where operator_id = ? order by name")
                .param(operatorId)
                .query((rs, row) -> map(rs))
                .list();
    }

    /** The segment, or 404 (also for another operator's segment). */
    public Segment get(long operatorId, long id) {
        return jdbc.sql("select * from segment where operator_id = ? and id = ?")
                .params(operatorId, id)
                .query((rs, row) -> map(rs))
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** Saves a new segment and counts it; throws naming the invalid fields (name, conditions[i].value ...). */
    @Transactional
    public Segment create(long operatorId, String name, SegmentDefinition definition) {
        String clean = validate(operatorId, null, name, definition);
        Instant now = clock.instant();
        long id = jdbc.sql("""
                        insert into segment (operator_id, name, definition, created_at, updated_at)
                        values (:operatorId, :name, cast(:definition as jsonb), :now, :now) returning id
                        """)
                .param("operatorId", operatorId)
                .param("name", clean)
                .param("definition", TagRules.JSON.writeValueAsString(definition))
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
        recount(operatorId, id);
        return get(operatorId, id);
    }

    @Transactional
    public Segment update(long operatorId, long id, String name, SegmentDefinition definition) {
        get(operatorId, id);
        String clean = validate(operatorId, id, name, definition);
        jdbc.sql("""
                        update segment set name = :name, definition = cast(:definition as jsonb), updated_at = :now
                        where operator_id = :operatorId and id = :id
                        """)
                .param("operatorId", operatorId)
                .param("id", id)
                .param("name", clean)
                .param("definition", TagRules.JSON.writeValueAsString(definition))
                .param("now", Timestamp.from(clock.instant()))
                .update();
        recount(operatorId, id);
        return get(operatorId, id);
    }

    public void delete(long operatorId, long id) {
        if (jdbc.sql("delete from segment where operator_id = ? and id = ?")
                        .params(operatorId, id)
                        .update()
                == 0) {
            throw new NotFoundException();
        }
    }

    /** How many members a definition selects now, and the first of them (by id). */
    public Preview preview(long operatorId, SegmentDefinition definition) {
        SegmentQuery.Compiled compiled = SegmentQuery.compile(definition);
        return new Preview(count(operatorId, compiled), members(operatorId, compiled, 0, SAMPLE));
    }

    /** A page of the segment's members by id (page from 0, size capped at {@value #PAGE_MAX}). */
    public List<SegmentMember> members(long operatorId, long id, int page, int size) {
        SegmentQuery.Compiled compiled =
                SegmentQuery.compile(get(operatorId, id).definition());
        int capped = Math.max(1, Math.min(size, PAGE_MAX));
        return members(operatorId, compiled, (long) Math.max(0, page) * capped, capped);
    }

    /** How many members the segment selects now. */
    public long size(long operatorId, long id) {
        return count(operatorId, SegmentQuery.compile(get(operatorId, id).definition()));
    }

    /** Every member id of the segment (404 for an unknown segment): the audience of a push. */
    public List<Long> memberIds(long operatorId, long id) {
        SegmentQuery.Compiled compiled =
                SegmentQuery.compile(get(operatorId, id).definition());
        return query(operatorId, "select m.id " + FROM.formatted(compiled.where()) + " order by m.id", compiled)
                .query(Long.class)
                .list();
    }

    /** Whether the member belongs to the segment now; false for an unknown segment. */
    public boolean contains(long operatorId, long id, long memberId) {
        Segment segment = jdbc.sql("select * from segment where operator_id = ? and id = ?")
                .params(operatorId, id)
                .query((rs, row) -> map(rs))
                .optional()
                .orElse(null);
        if (segment == null) {
            return false;
        }
        SegmentQuery.Compiled compiled = SegmentQuery.compile(segment.definition());
        return query(
                                operatorId,
                                "select count(*) " + FROM.formatted(compiled.where()) + " and m.id = :memberId",
                                compiled)
                        .param("memberId", memberId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The whole segment as CSV rows: the member list's columns. */
    public List<List<Object>> csvRows(long operatorId, long id) {
        SegmentQuery.Compiled compiled =
                SegmentQuery.compile(get(operatorId, id).definition());
        List<List<Object>> rows = new ArrayList<>();
        for (SegmentMember member : members(operatorId, compiled, 0, Long.MAX_VALUE)) {
            rows.add(java.util.Arrays.asList(
                    member.memberId(),
                    member.name(),
                    member.mobile(),
                    member.siteId(),
                    member.enterpriseId(),
                    member.orders12Months(),
                    member.spend12MonthsMinor() / 100.0,
                    member.rfmSegment(),
                    member.activityLevel()));
        }
        return rows;
    }

    static final List<String> CSV_HEADER = List.of(
            "member_id",
            "name",
            "mobile",
            "site_id",
            "enterprise_id",
            "orders_12m",
            "spend_12m",
            "rfm_segment",
            "activity_level");

    /** Counts every segment of the operator again (after the tags changed). */
    void recount(long operatorId) {
        for (Segment segment : list(operatorId)) {
            recount(operatorId, segment.id());
        }
    }

    private void recount(long operatorId, long id) {
        long size = size(operatorId, id);
        jdbc.sql("update segment set member_count = :size, counted_at = :now where operator_id = :operatorId"
                        + " and id = :id")
                .param("size", size)
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .param("id", id)
                .update();
    }

    private static final String FROM = """
            from member m
            left join insight_member_score s on s.operator_id = m.operator_id and s.member_id = m.id
            where m.operator_id = :operatorId and %s""";

    private long count(long operatorId, SegmentQuery.Compiled compiled) {
        return query(operatorId, "select count(*) " + FROM.formatted(compiled.where()), compiled)
                .query(Long.class)
                .single();
    }

    private List<SegmentMember> members(long operatorId, SegmentQuery.Compiled compiled, long offset, long limit) {
        return query(operatorId, """
                        select m.id, m.name, m.mobile, m.site_id, m.enterprise_id, coalesce(s.orders_12m, 0) as orders,
                               coalesce(s.spend_12m_minor, 0) as spend, s.rfm_segment,
                               coalesce(s.activity_level, 'NONE') as activity_level
                        %s
                        order by m.id offset :offset limit :limit
                        """.formatted(FROM.formatted(compiled.where())), compiled)
                .param("offset", offset)
                .param("limit", limit)
                .query((rs, row) -> new SegmentMember(
                        rs.getLong("id"),
                        rs.getString("name"),
                        rs.getString("mobile"),
                        rs.getLong("site_id"),
                        (Long) rs.getObject("enterprise_id"),
                        rs.getLong("orders"),
                        rs.getLong("spend"),
                        rs.getString("rfm_segment"),
                        rs.getString("activity_level")))
                .list();
    }

    private JdbcClient.StatementSpec query(long operatorId, String sql, SegmentQuery.Compiled compiled) {
        ZoneId zone = operators.get(operatorId).timeZone();
        Map<String, Object> params = compiled.params();
        return jdbc.sql(sql)
                .param("operatorId", operatorId)
                .param("today", clock.instant().atZone(zone).toLocalDate())
                .param("zone", zone.getId())
                .params(params);
    }

    private String validate(long operatorId, Long id, String name, SegmentDefinition definition) {
        List<FieldError> errors = new ArrayList<>();
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 100) {
            errors.add(new FieldError("name", "segments.name.invalid"));
        } else if (jdbc.sql("select count(*) from segment where operator_id = ? and name = ? and id <> ?")
                        .params(operatorId, clean, id == null ? 0L : id)
                        .query(Long.class)
                        .single()
                > 0) {
            errors.add(new FieldError("name", "segments.name.taken"));
        }
        try {
            SegmentQuery.compile(definition);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return clean;
    }

    private static Segment map(ResultSet rs) throws SQLException {
        Timestamp counted = rs.getTimestamp("counted_at");
        return new Segment(
                rs.getLong("id"),
                rs.getString("name"),
                TagRules.JSON.readValue(rs.getString("definition"), SegmentDefinition.class),
                rs.getLong("member_count"),
                counted == null ? null : counted.toInstant(),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
