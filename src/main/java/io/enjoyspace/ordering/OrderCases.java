package io.enjoyspace.ordering;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What happens after an order: ratings, the return visit staff owe a member who rated low, and complaints tracked
 * from open to closed with a note at every step.
 */
@Service
public class OrderCases {

    private final JdbcClient jdbc;
    private final OrderLifecycle lifecycle;
    private final CheckoutPolicies policies;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final io.enjoyspace.catalog.Catalog catalog;

    OrderCases(
            io.enjoyspace.catalog.Catalog catalog,
            JdbcClient jdbc,
            OrderLifecycle lifecycle,
            CheckoutPolicies policies,
            ApplicationEventPublisher events,
            Clock clock) {
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.policies = policies;
        this.events = events;
        this.clock = clock;
    }

    public enum Kind {
        RETURN_VISIT,
        COMPLAINT
    }

    public enum Status {
        OPEN,
        IN_PROGRESS,
        RESOLVED,
        CLOSED;

        /** Where a case may go from here: forward, or back to open if the member is not satisfied. */
        Set<Status> next() {
            return switch (this) {
                case OPEN -> EnumSet.of(IN_PROGRESS, RESOLVED, CLOSED);
                case IN_PROGRESS -> EnumSet.of(RESOLVED, CLOSED);
                case RESOLVED -> EnumSet.of(CLOSED, OPEN);
                case CLOSED -> EnumSet.noneOf(Status.class);
            };
        }
    }

    public record Case(
            long id,
            long orderId,
            long memberId,
            Kind kind,
            Status status,
            String summary,
            String resolution,
            Long assignedTo,
            Instant openedAt,
            Instant closedAt,
            List<Note> notes) {}

    public record Note(String note, Status status, Long authorId, Instant at) {}

    /**
     * The member rates a completed order. A rating at or below the operator's threshold opens a return visit for
     * staff. Rating twice answers the first rating.
     */
    @Transactional
    public Order rate(long operatorId, long memberId, long orderId, int stars, String comment) {
        if (stars < 1 || stars > 5) {
            throw new InvalidInputException("stars", "order.rating.stars");
        }
        String text = comment == null ? null : comment.strip();
        if (text != null && text.length() > 1000) {
            throw new InvalidInputException("comment", "order.rating.comment");
        }
        Order order = lifecycle.lock(operatorId, orderId);
        if (order.memberId() != memberId) {
            throw new NotFoundException();
        }
        if (OrderLifecycle.alreadyDone(order, OrderAction.RATE)) {
            return order;
        }
        Instant now = clock.instant();
        Map<String, Object> columns = new java.util.HashMap<>();
        columns.put("rating", stars);
        columns.put("rating_comment", text == null || text.isEmpty() ? null : text);
        Order rated = lifecycle.move(order, OrderAction.RATE, OrderLifecycle.By.member(memberId), null, columns);
        order.lines().stream()
                .map(Order.Line::offeringId)
                .distinct()
                .forEach(offeringId -> catalog.recordRating(operatorId, offeringId, stars));
        if (stars <= policies.get(operatorId).lowRatingThreshold()) {
            open(operatorId, orderId, Kind.RETURN_VISIT, "rating " + stars + (text == null ? "" : ": " + text), null);
        }
        events.publishEvent(new OrderRated(
                operatorId,
                orderId,
                memberId,
                order.providerId(),
                stars,
                order.lines().stream().map(Order.Line::offeringId).distinct().toList(),
                now));
        return rated;
    }

    /** A member complains about their own order, or staff record a complaint received at the desk. */
    @Transactional
    public Case complain(long operatorId, long orderId, Long memberId, String summary, Long staffUserId) {
        String text = summary == null ? "" : summary.strip();
        if (text.length() < 3 || text.length() > 2000) {
            throw new InvalidInputException("summary", "order.case.summary");
        }
        Order order = lifecycle.lock(operatorId, orderId);
        if (memberId != null && order.memberId() != memberId) {
            throw new NotFoundException();
        }
        if (order.status() == OrderStatus.PLACED) {
            throw new ConflictException("order.case.unpaid", "an unpaid order can be cancelled instead");
        }
        return get(operatorId, open(operatorId, orderId, Kind.COMPLAINT, text, staffUserId));
    }

    private long open(long operatorId, long orderId, Kind kind, String summary, Long staffUserId) {
        return jdbc.sql("""
                        insert into order_case (operator_id, order_id, kind, status, summary, opened_by, opened_at)
                        values (:operatorId, :orderId, :kind, 'OPEN', :summary, :by, :now)
                        on conflict do nothing
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("orderId", orderId)
                .param("kind", kind.name())
                .param("summary", summary.length() > 2000 ? summary.substring(0, 2000) : summary)
                .param("by", staffUserId)
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .optional()
                .orElse(-1L);
    }

    /** Staff move a case on, with a note; resolving or closing records the resolution. */
    @Transactional
    public Case update(long operatorId, long caseId, Status status, String note, long staffUserId) {
        String text = note == null ? "" : note.strip();
        if (text.isEmpty() || text.length() > 2000) {
            throw new InvalidInputException("note", "order.case.note");
        }
        if (status == null) {
            throw new InvalidInputException("status", "order.case.status");
        }
        Case current = get(operatorId, caseId);
        if (status != current.status() && !current.status().next().contains(status)) {
            throw new ConflictException(
                    "order.case.illegalTransition", "a " + current.status() + " case cannot become " + status);
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        update order_case set status = :status, assigned_to = coalesce(assigned_to, :staff),
                            resolution = case when :status in ('RESOLVED', 'CLOSED') then :note else resolution end,
                            resolved_at = case when :status = 'RESOLVED' then cast(:now as timestamptz) else resolved_at end,
                            closed_at = case when :status = 'CLOSED' then cast(:now as timestamptz) else null end
                        where operator_id = :operatorId and id = :id
                        """)
                .param("status", status.name())
                .param("staff", staffUserId)
                .param("note", text)
                .param("now", Timestamp.from(now))
                .param("operatorId", operatorId)
                .param("id", caseId)
                .update();
        jdbc.sql("""
                        insert into order_case_note (operator_id, case_id, author_id, note, status, created_at)
                        values (:operatorId, :caseId, :author, :note, :status, :now)
                        """)
                .param("operatorId", operatorId)
                .param("caseId", caseId)
                .param("author", staffUserId)
                .param("note", text)
                .param("status", status.name())
                .param("now", Timestamp.from(now))
                .update();
        return get(operatorId, caseId);
    }

    public Case get(long operatorId, long caseId) {
        return jdbc.sql(SELECT + " where c.operator_id = :operatorId and c.id = :id")
                .param("operatorId", operatorId)
                .param("id", caseId)
                .query(this::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** Cases not yet closed, oldest first; {@code memberId} limits them to one member's orders. */
    public List<Case> open(long operatorId, Long memberId, Long orderId, boolean includeClosed, int limit) {
        return jdbc.sql(SELECT + """
                         where c.operator_id = :operatorId
                           and (cast(:memberId as bigint) is null or o.member_id = :memberId)
                           and (cast(:orderId as bigint) is null or c.order_id = :orderId)
                           and (:all or c.status <> 'CLOSED')
                         order by c.opened_at, c.id limit :limit
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("orderId", orderId)
                .param("all", includeClosed)
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    private static final String SELECT = """
            select c.*, o.member_id from order_case c
            join service_order o on o.operator_id = c.operator_id and o.id = c.order_id
            """;

    private Case map(ResultSet rs, int row) throws SQLException {
        long operatorId = rs.getLong("operator_id");
        long id = rs.getLong("id");
        Timestamp closed = rs.getTimestamp("closed_at");
        return new Case(
                id,
                rs.getLong("order_id"),
                rs.getLong("member_id"),
                Kind.valueOf(rs.getString("kind")),
                Status.valueOf(rs.getString("status")),
                rs.getString("summary"),
                rs.getString("resolution"),
                Rows.nullableLong(rs, "assigned_to"),
                rs.getTimestamp("opened_at").toInstant(),
                closed == null ? null : closed.toInstant(),
                jdbc.sql("""
                                select note, status, author_id, created_at from order_case_note
                                where operator_id = :operatorId and case_id = :id order by id
                                """)
                        .param("operatorId", operatorId)
                        .param("id", id)
                        .query((r, n) -> new Note(
                                r.getString("note"),
                                Status.valueOf(r.getString("status")),
                                Rows.nullableLong(r, "author_id"),
                                r.getTimestamp("created_at").toInstant()))
                        .list());
    }
}
