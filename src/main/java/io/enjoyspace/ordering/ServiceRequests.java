package io.enjoyspace.ordering;

import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Requests for service such as repairs (报事报修): an order with a description, photos and a place, no price, and the
 * service level of its category: a deadline to respond (accept) and one to complete. How it reaches a person is the
 * category's dispatch mode: staff assign it, staff grab it from a pool (first one wins), or it goes round-robin to the
 * staff member who was given work longest ago.
 */
@Service
public class ServiceRequests {

    static final int MAX_PHOTOS = 5;
    static final int MAX_PHOTO_BYTES = 2 * 1024 * 1024;

    private final JdbcClient jdbc;
    private final Catalog catalog;
    private final Members members;
    private final Orders orders;
    private final OrderLifecycle lifecycle;
    private final OrderStaffDirectory staff;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ServiceRequests(
            JdbcClient jdbc,
            Catalog catalog,
            Members members,
            Orders orders,
            OrderLifecycle lifecycle,
            OrderStaffDirectory staff,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.members = members;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.staff = staff;
        this.events = events;
        this.clock = clock;
    }

    public enum DispatchMode {
        ASSIGN,
        GRAB,
        ROUND_ROBIN
    }

    /** A category's service level: minutes to respond and to complete, and how requests are dispatched. */
    public record Sla(long categoryId, int responseMinutes, int completionMinutes, DispatchMode dispatchMode) {}

    public record Photo(String contentType, byte[] bytes) {}

    public record Submit(
            long operatorId,
            long userId,
            long memberId,
            IdempotencyKey idempotencyKey,
            long categoryId,
            String description,
            String location,
            List<Photo> photos,
            boolean frontDesk) {}

    @Transactional
    public Order submit(Submit command) {
        Optional<Long> earlier = jdbc.sql("""
                        select order_id from order_request
                        where operator_id = :operatorId and user_id = :userId and idempotency_key = :key
                        """)
                .param("operatorId", command.operatorId())
                .param("userId", command.userId())
                .param("key", "service:" + command.idempotencyKey().value())
                .query(Long.class)
                .optional();
        if (earlier.isPresent()) {
            return orders.get(command.operatorId(), earlier.get());
        }
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        String description =
                command.description() == null ? "" : command.description().strip();
        if (description.length() < 5 || description.length() > 2000) {
            errors.add(new InvalidInputException.FieldError("description", "serviceRequest.description", List.of()));
        }
        String location = command.location() == null ? "" : command.location().strip();
        if (location.length() > 200) {
            errors.add(new InvalidInputException.FieldError("location", "serviceRequest.location", List.of()));
        }
        if (!categoryExists(command.operatorId(), command.categoryId())) {
            errors.add(new InvalidInputException.FieldError("categoryId", "serviceRequest.category", List.of()));
        }
        List<Photo> photos = command.photos() == null ? List.of() : command.photos();
        if (photos.size() > MAX_PHOTOS) {
            errors.add(
                    new InvalidInputException.FieldError("photos", "serviceRequest.photos.count", List.of(MAX_PHOTOS)));
        }
        for (int i = 0; i < photos.size(); i++) {
            if (contentType(photos.get(i).bytes()) == null || photos.get(i).bytes().length > MAX_PHOTO_BYTES) {
                errors.add(new InvalidInputException.FieldError(
                        "photos[" + i + "]", "serviceRequest.photos.type", List.of()));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Member member = members.get(command.operatorId(), command.memberId());
        Instant now = clock.instant();
        Sla sla = sla(command.operatorId(), command.categoryId()).orElse(null);
        Long assignee = sla != null && sla.dispatchMode() == DispatchMode.ROUND_ROBIN
                ? nextInRotation(command.operatorId())
                : null;
        long orderId = jdbc.sql("""
                        insert into service_order (operator_id, member_id, enterprise_id, status, payment_method, total_minor,
                                                   currency, placed_at, paid_at, channel, placed_by, kind, description,
                                                   location, category_id, dispatch_mode, respond_by, complete_by,
                                                   assigned_user_id)
                        values (:operatorId, :memberId, :enterpriseId, 'PAID', null, 0, 'CNY', :now, :now, :channel,
                                :placedBy, 'SERVICE_REQUEST', :description, :location, :categoryId, :mode, :respondBy,
                                :completeBy, :assignee)
                        returning id
                        """)
                .param("operatorId", command.operatorId())
                .param("memberId", member.id())
                .param("enterpriseId", member.enterpriseId())
                .param("now", Timestamp.from(now))
                .param("channel", command.frontDesk() ? "FRONT_DESK" : "ONLINE")
                .param("placedBy", command.userId())
                .param("description", description)
                .param("location", location.isEmpty() ? null : location)
                .param("categoryId", command.categoryId())
                .param(
                        "mode",
                        sla == null
                                ? DispatchMode.ASSIGN.name()
                                : sla.dispatchMode().name())
                .param(
                        "respondBy",
                        sla == null ? null : Timestamp.from(now.plus(Duration.ofMinutes(sla.responseMinutes()))))
                .param(
                        "completeBy",
                        sla == null ? null : Timestamp.from(now.plus(Duration.ofMinutes(sla.completionMinutes()))))
                .param("assignee", assignee)
                .query(Long.class)
                .single();
        for (Photo photo : photos) {
            jdbc.sql("""
                            insert into order_photo (operator_id, order_id, content_type, bytes, created_at)
                            values (:operatorId, :orderId, :type, :bytes, :now)
                            """)
                    .param("operatorId", command.operatorId())
                    .param("orderId", orderId)
                    .param("type", contentType(photo.bytes()))
                    .param("bytes", photo.bytes())
                    .param("now", Timestamp.from(now))
                    .update();
        }
        String actorKind = command.frontDesk() ? "STAFF" : "MEMBER";
        Long actorId = command.frontDesk() ? command.userId() : member.id();
        for (String[] step : new String[][] {{null, "PLACED"}, {"PLACED", "PAID"}}) {
            jdbc.sql("""
                            insert into order_step (operator_id, order_id, from_status, to_status, actor_kind, actor_id, occurred_at)
                            values (:operatorId, :orderId, :from, :to, :kind, :actorId, :now)
                            """)
                    .param("operatorId", command.operatorId())
                    .param("orderId", orderId)
                    .param("from", step[0])
                    .param("to", step[1])
                    .param("kind", actorKind)
                    .param("actorId", actorId)
                    .param("now", Timestamp.from(now))
                    .update();
        }
        jdbc.sql("""
                        insert into order_request (operator_id, user_id, idempotency_key, request_hash, order_id, created_at)
                        values (:operatorId, :userId, :key, :hash, :orderId, :now)
                        """)
                .param("operatorId", command.operatorId())
                .param("userId", command.userId())
                .param("key", "service:" + command.idempotencyKey().value())
                .param("hash", IdempotencyKey.fingerprint(command.categoryId() + "|" + description))
                .param("orderId", orderId)
                .param("now", Timestamp.from(now))
                .update();
        events.publishEvent(new OrderStatusChanged(
                command.operatorId(),
                orderId,
                member.id(),
                null,
                null,
                OrderStatus.PLACED,
                OrderStatus.PAID,
                actorKind,
                null,
                now));
        return orders.get(command.operatorId(), orderId);
    }

    /** Staff give a request to a colleague. */
    @Transactional
    public Order assign(long operatorId, long orderId, long assigneeUserId, long staffUserId) {
        if (!staff.dispatchableStaff(operatorId).contains(assigneeUserId)) {
            throw new InvalidInputException("assigneeUserId", "serviceRequest.assignee");
        }
        Order order = lifecycle.lock(operatorId, orderId);
        if (!order.status().isOpenWork()) {
            throw new ConflictException("order.illegalTransition", "the order is " + order.status());
        }
        setAssignee(operatorId, orderId, assigneeUserId, "ASSIGNED", staffUserId);
        return orders.get(operatorId, orderId);
    }

    /** A staff member takes an unassigned request from the pool; when two grab at once, one wins, the other gets 409. */
    @Transactional
    public Order grab(long operatorId, long orderId, long staffUserId) {
        Order order = orders.get(operatorId, orderId);
        if (order.kind() != Order.Kind.SERVICE_REQUEST) {
            throw new NotFoundException();
        }
        int taken = jdbc.sql("""
                        update service_order set assigned_user_id = :staff
                        where operator_id = :operatorId and id = :id and assigned_user_id is null
                          and status in ('PAID', 'ACCEPTED')
                        """)
                .param("staff", staffUserId)
                .param("operatorId", operatorId)
                .param("id", orderId)
                .update();
        if (taken == 0) {
            throw new ConflictException("serviceRequest.taken", "someone else has taken this request");
        }
        record(operatorId, orderId, "GRABBED", staffUserId);
        return lifecycle.accept(operatorId, orderId, OrderLifecycle.By.staff(staffUserId));
    }

    /**
     * Service requests waiting in the grab pool of the given categories: dispatched by grabbing, not yet taken by
     * anyone, oldest first. A provider sees the pool of the categories it serves.
     */
    public List<Order> grabPool(long operatorId, java.util.Collection<Long> categoryIds, int limit) {
        if (categoryIds.isEmpty()) {
            return List.of();
        }
        List<Long> ids = jdbc.sql("""
                        select id from service_order
                        where operator_id = :operatorId and kind = 'SERVICE_REQUEST' and dispatch_mode = 'GRAB'
                          and status = 'PAID' and assigned_user_id is null and provider_id is null
                          and category_id in (:categories)
                        order by placed_at, id limit :limit
                        """)
                .param("operatorId", operatorId)
                .param("categories", categoryIds)
                .param("limit", limit)
                .query(Long.class)
                .list();
        return orders.byIds(operatorId, ids);
    }

    /**
     * A provider's staff member takes a request from the grab pool of a category the provider serves: the first one
     * wins and the request is accepted for the provider; everyone after gets 409.
     */
    @Transactional
    public Order grabForProvider(
            long operatorId,
            long orderId,
            long providerId,
            Long providerUserId,
            java.util.Collection<Long> servedCategories) {
        Order order = orders.get(operatorId, orderId);
        Long category = jdbc.sql("select category_id from service_order where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", orderId)
                .query((rs, row) ->
                        java.util.Optional.ofNullable(io.enjoyspace.shared.Rows.nullableLong(rs, "category_id")))
                .single()
                .orElse(null);
        if (order.kind() != Order.Kind.SERVICE_REQUEST || category == null || !servedCategories.contains(category)) {
            throw new NotFoundException();
        }
        int taken = jdbc.sql("""
                        update service_order set provider_id = :provider, assigned_user_id = :user
                        where operator_id = :operatorId and id = :id and dispatch_mode = 'GRAB' and status = 'PAID'
                          and assigned_user_id is null and provider_id is null
                        """)
                .param("provider", providerId)
                .param("user", providerUserId)
                .param("operatorId", operatorId)
                .param("id", orderId)
                .update();
        if (taken == 0) {
            throw new ConflictException("serviceRequest.taken", "someone else has taken this request");
        }
        return lifecycle.accept(operatorId, orderId, OrderLifecycle.By.provider(providerId));
    }

    private void setAssignee(long operatorId, long orderId, long assignee, String how, long by) {
        jdbc.sql("update service_order set assigned_user_id = :assignee where operator_id = :operatorId and id = :id")
                .param("assignee", assignee)
                .param("operatorId", operatorId)
                .param("id", orderId)
                .update();
        record(operatorId, orderId, how + ":" + assignee, by);
    }

    private void record(long operatorId, long orderId, String reason, long staffUserId) {
        jdbc.sql("""
                        insert into order_step (operator_id, order_id, from_status, to_status, actor_kind, actor_id, reason,
                                                occurred_at)
                        select operator_id, id, status, status, 'STAFF', :staff, :reason, :now from service_order
                        where operator_id = :operatorId and id = :id
                        """)
                .param("staff", staffUserId)
                .param("reason", reason)
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .param("id", orderId)
                .update();
    }

    /** The enabled staff member whose last assignment is oldest (never assigned first), ties by id. */
    private Long nextInRotation(long operatorId) {
        List<Long> candidates = staff.dispatchableStaff(operatorId);
        if (candidates.isEmpty()) {
            return null;
        }
        return jdbc.sql("""
                        select u.id from unnest(cast(:candidates as bigint[])) as u(id)
                        left join lateral (
                            select max(placed_at) as last_at from service_order o
                            where o.operator_id = :operatorId and o.assigned_user_id = u.id
                        ) last on true
                        order by last.last_at nulls first, u.id
                        limit 1
                        """)
                .param("candidates", candidates.toArray(Long[]::new))
                .param("operatorId", operatorId)
                .query(Long.class)
                .single();
    }

    public Optional<Sla> sla(long operatorId, long categoryId) {
        return jdbc.sql("select * from category_sla where operator_id = :operatorId and category_id = :categoryId")
                .param("operatorId", operatorId)
                .param("categoryId", categoryId)
                .query((rs, row) -> new Sla(
                        rs.getLong("category_id"),
                        rs.getInt("response_minutes"),
                        rs.getInt("completion_minutes"),
                        DispatchMode.valueOf(rs.getString("dispatch_mode"))))
                .optional();
    }

    public List<Sla> slas(long operatorId) {
        return jdbc.sql("select * from category_sla where operator_id = :operatorId order by category_id")
                .param("operatorId", operatorId)
                .query((rs, row) -> new Sla(
                        rs.getLong("category_id"),
                        rs.getInt("response_minutes"),
                        rs.getInt("completion_minutes"),
                        DispatchMode.valueOf(rs.getString("dispatch_mode"))))
                .list();
    }

    @Transactional
    public Sla saveSla(long operatorId, Sla sla) {
        catalog.category(operatorId, sla.categoryId());
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (sla.responseMinutes() < 1 || sla.responseMinutes() > 43_200) {
            errors.add(new InvalidInputException.FieldError(
                    "responseMinutes", "checkout.policy.range", List.of(1, 43_200)));
        }
        if (sla.completionMinutes() < sla.responseMinutes() || sla.completionMinutes() > 129_600) {
            errors.add(new InvalidInputException.FieldError(
                    "completionMinutes", "checkout.policy.range", List.of(sla.responseMinutes(), 129_600)));
        }
        if (sla.dispatchMode() == null) {
            errors.add(new InvalidInputException.FieldError("dispatchMode", "serviceRequest.dispatchMode", List.of()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        jdbc.sql("""
                        insert into category_sla (operator_id, category_id, response_minutes, completion_minutes, dispatch_mode)
                        values (:operatorId, :categoryId, :response, :completion, :mode)
                        on conflict (operator_id, category_id) do update set
                            response_minutes = excluded.response_minutes,
                            completion_minutes = excluded.completion_minutes,
                            dispatch_mode = excluded.dispatch_mode
                        """)
                .param("operatorId", operatorId)
                .param("categoryId", sla.categoryId())
                .param("response", sla.responseMinutes())
                .param("completion", sla.completionMinutes())
                .param("mode", sla.dispatchMode().name())
                .update();
        return sla(operatorId, sla.categoryId()).orElseThrow();
    }

    private boolean categoryExists(long operatorId, long categoryId) {
        try {
            catalog.category(operatorId, categoryId);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** A photo of a request the caller may see, or 404. */
    public Photo photo(long operatorId, long orderId, long photoId) {
        return jdbc.sql("""
                        select content_type, bytes from order_photo
                        where operator_id = :operatorId and order_id = :orderId and id = :id
                        """)
                .param("operatorId", operatorId)
                .param("orderId", orderId)
                .param("id", photoId)
                .query((rs, row) -> new Photo(rs.getString("content_type"), rs.getBytes("bytes")))
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    public List<Long> photoIds(long operatorId, long orderId) {
        return jdbc.sql(
                        "select id from order_photo where operator_id = :operatorId and order_id = :orderId order by id")
                .param("operatorId", operatorId)
                .param("orderId", orderId)
                .query(Long.class)
                .list();
    }

    /** The image type by its first bytes (PNG, JPEG, WebP), or null for anything else. */
    static String contentType(byte[] bytes) {
        if (bytes == null || bytes.length < 12) {
            return null;
        }
        if (Arrays.equals(Arrays.copyOf(bytes, 8), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
            return "image/png";
        }
        if ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (bytes[0] == 'R'
                && bytes[1] == 'I'
                && bytes[2] == 'F'
                && bytes[3] == 'F'
                && bytes[8] == 'W'
                && bytes[9] == 'E'
                && bytes[10] == 'B'
                && bytes[11] == 'P') {
            return "image/webp";
        }
        return null;
    }
}
