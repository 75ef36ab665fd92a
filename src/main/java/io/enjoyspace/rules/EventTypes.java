package io.enjoyspace.rules;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The event types rules can listen to: the built-in ones, and the operator's own. */
@Repository
public class EventTypes {

    /** An event type and the attributes its events usually carry. */
    public record EventType(String code, String name, boolean builtIn, List<String> attributes) {}

    public static final String ORDER_PAID = "order.paid";
    public static final String ORDER_COMPLETED = "order.completed";
    public static final String ORDER_REFUNDED = "order.refunded";
    public static final String CHECKIN_DAILY = "checkin.daily";
    public static final String REFERRAL_QUALIFIED = "referral.qualified";
    public static final String MEMBER_REGISTERED = "member.registered";
    public static final String PROFILE_COMPLETED = "profile.completed";
    public static final String EVENT_ATTENDED = "event.attended";
    public static final String REVIEW_SUBMITTED = "review.submitted";
    public static final String MERCHANT_PURCHASE = "merchant.purchase";

    public static final List<EventType> BUILT_IN = List.of(
            new EventType(ORDER_PAID, "Order paid", true, List.of("amount", "orderId", "offeringId", "category")),
            new EventType(
                    ORDER_COMPLETED,
                    "Order completed",
                    true,
                    List.of("amount", "orderId", "offeringId", "category", "paymentMethod")),
            new EventType(ORDER_REFUNDED, "Order refunded", true, List.of("amount", "orderId")),
            new EventType(CHECKIN_DAILY, "Daily check-in", true, List.of("streak")),
            new EventType(REFERRAL_QUALIFIED, "Referral qualified", true, List.of("refereeId", "role")),
            new EventType(MEMBER_REGISTERED, "Member registered", true, List.of()),
            new EventType(PROFILE_COMPLETED, "Profile completed", true, List.of()),
            new EventType(EVENT_ATTENDED, "Event attended", true, List.of("eventId", "category")),
            new EventType(REVIEW_SUBMITTED, "Review submitted", true, List.of("rating", "orderId", "length")),
            new EventType(MERCHANT_PURCHASE, "Alliance merchant purchase", true, List.of("amount", "merchantId")));

    private final JdbcClient jdbc;

    EventTypes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<EventType> list(long operatorId) {
        List<EventType> types = new ArrayList<>(BUILT_IN);
        types.addAll(jdbc.sql("select code, name from custom_event_type where operator_id = :operatorId order by code")
                .param("operatorId", operatorId)
                .query((rs, row) -> new EventType(rs.getString("code"), rs.getString("name"), false, List.of()))
                .list());
        return types;
    }

    public boolean exists(long operatorId, String code) {
        if (code == null) {
            return false;
        }
        if (BUILT_IN.stream().anyMatch(type -> type.code().equals(code))) {
            return true;
        }
        return jdbc.sql("select count(*) from custom_event_type where operator_id = :operatorId and code = :code")
                        .param("operatorId", operatorId)
                        .param("code", code)
                        .query(Long.class)
                        .single()
                > 0;
    }

    public EventType add(long operatorId, String code, String name) {
        String normalised = code == null ? "" : code.strip();
        if (!normalised.matches("^[a-z][a-z0-9_]{0,29}(\\.[a-z][a-z0-9_]{0,29}){1,3}$")) {
            throw new InvalidInputException("code", "eventTypes.codeInvalid");
        }
        if (BUILT_IN.stream().anyMatch(type -> type.code().equals(normalised))) {
            throw new ConflictException("eventTypes.codeTaken", "an event type with this code exists");
        }
        try {
            jdbc.sql("insert into custom_event_type (operator_id, code, name) values (:operatorId, :code, :name)")
                    .param("operatorId", operatorId)
                    .param("code", normalised)
                    .param("name", name.strip())
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("eventTypes.codeTaken", "an event type with this code exists");
        }
        return new EventType(normalised, name.strip(), false, List.of());
    }
}
