package io.enjoyspace.booking;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Members;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator's ordered booking policies. Merge rule: for each setting, the first policy in position order (then id)
 * that matches the member and the resource type and sets it wins; see {@link EffectivePolicy}.
 */
@Repository
public class BookingPolicies {

    private final JdbcClient jdbc;
    private final Members members;
    private final Enterprises enterprises;
    private final Clock clock;

    BookingPolicies(JdbcClient jdbc, Members members, Enterprises enterprises, Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.enterprises = enterprises;
        this.clock = clock;
    }

    public List<BookingPolicy> list(long operatorId) {
        return jdbc.sql("select * from booking_policy where operator_id = :operatorId order by position, id")
                .param("operatorId", operatorId)
                .query(BookingPolicies::map)
                .list();
    }

    public BookingPolicy get(long operatorId, long id) {
        return jdbc.sql("select * from booking_policy where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(BookingPolicies::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** Adds a policy; the {@code id} of the draft is ignored. */
    @Transactional
    public BookingPolicy create(long operatorId, BookingPolicy draft) {
        validate(operatorId, draft);
        long id = jdbc.sql("""
                        insert into booking_policy (operator_id, position, name, scope, scope_tier_code,
                            scope_enterprise_id, scope_member_id, resource_type, max_days_ahead, min_minutes_ahead,
                            min_length_minutes, max_length_minutes, buffer_minutes, weekly_quota_hours,
                            approval_required, free_cancel_hours_before, partial_refund_percent,
                            partial_refund_hours_before, created_at)
                        values (:operatorId, :position, :name, :scope, :tier, :enterpriseId, :memberId, :type,
                            :maxDaysAhead, :minMinutesAhead, :minLength, :maxLength, :buffer, :quota, :approval,
                            :freeHours, :partialPercent, :partialHours, :now)
                        returning id
                        """)
                .params(params(operatorId, draft))
                .param("now", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        return get(operatorId, id);
    }

    @Transactional
    public BookingPolicy update(long operatorId, long id, BookingPolicy draft) {
        get(operatorId, id);
        validate(operatorId, draft);
        jdbc.sql("""
                        update booking_policy set position = :position, name = :name, scope = :scope,
                            scope_tier_code = :tier, scope_enterprise_id = :enterpriseId, scope_member_id = :memberId,
                            resource_type = :type, max_days_ahead = :maxDaysAhead, min_minutes_ahead = :minMinutesAhead,
                            min_length_minutes = :minLength, max_length_minutes = :maxLength, buffer_minutes = :buffer,
                            weekly_quota_hours = :quota, approval_required = :approval,
                            free_cancel_hours_before = :freeHours, partial_refund_percent = :partialPercent,
                            partial_refund_hours_before = :partialHours
                        where operator_id = :operatorId and id = :id
                        """).params(params(operatorId, draft)).param("id", id).update();
        return get(operatorId, id);
    }

    public void delete(long operatorId, long id) {
        int deleted = jdbc.sql("delete from booking_policy where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .update();
        if (deleted == 0) {
            throw new NotFoundException();
        }
    }

    /** The settings that apply to the member booking a resource of the given type. */
    public EffectivePolicy effective(long operatorId, BookingPolicy.Subject subject, ResourceType type) {
        return EffectivePolicy.merge(list(operatorId), subject, type);
    }

    private void validate(long operatorId, BookingPolicy draft) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (draft.name() == null
                || draft.name().isBlank()
                || draft.name().strip().length() > 200) {
            errors.add(new InvalidInputException.FieldError("name", "booking.nameRequired"));
        }
        if (draft.position() < 0 || draft.position() > 100_000) {
            errors.add(new InvalidInputException.FieldError("position", "booking.positionRange"));
        }
        if (draft.scope() == null) {
            errors.add(new InvalidInputException.FieldError("scope", "NotNull"));
        } else {
            switch (draft.scope()) {
                case TIER -> {
                    if (draft.scopeTierCode() == null || draft.scopeTierCode().isBlank()) {
                        errors.add(new InvalidInputException.FieldError("scopeTierCode", "booking.scopeTarget"));
                    }
                }
                case ENTERPRISE -> {
                    if (draft.scopeEnterpriseId() == null
                            || enterprises
                                    .find(operatorId, draft.scopeEnterpriseId())
                                    .isEmpty()) {
                        errors.add(new InvalidInputException.FieldError("scopeEnterpriseId", "booking.scopeTarget"));
                    }
                }
                case MEMBER -> {
                    if (draft.scopeMemberId() == null
                            || members.find(operatorId, draft.scopeMemberId()).isEmpty()) {
                        errors.add(new InvalidInputException.FieldError("scopeMemberId", "booking.scopeTarget"));
                    }
                }
                case ALL -> {}
            }
        }
        range(errors, "maxDaysAhead", draft.maxDaysAhead(), 0, 3650);
        range(errors, "minMinutesAhead", draft.minMinutesAhead(), 0, 525_600);
        range(errors, "minLengthMinutes", draft.minLengthMinutes(), 1, 10_080);
        range(errors, "maxLengthMinutes", draft.maxLengthMinutes(), 1, 10_080);
        range(errors, "bufferMinutes", draft.bufferMinutes(), 0, 1440);
        range(errors, "weeklyQuotaHours", draft.weeklyQuotaHours(), 0, 168);
        if (draft.minLengthMinutes() != null
                && draft.maxLengthMinutes() != null
                && draft.maxLengthMinutes() < draft.minLengthMinutes()) {
            errors.add(new InvalidInputException.FieldError("maxLengthMinutes", "booking.maxBelowMin"));
        }
        CancellationTerms terms = draft.cancellation();
        if (terms != null) {
            range(errors, "cancellation.freeHoursBefore", terms.freeHoursBefore(), 0, 8760);
            range(errors, "cancellation.partialRefundPercent", terms.partialRefundPercent(), 0, 100);
            range(errors, "cancellation.partialRefundHoursBefore", terms.partialRefundHoursBefore(), 0, 8760);
            if (terms.partialRefundHoursBefore() > terms.freeHoursBefore()) {
                errors.add(new InvalidInputException.FieldError(
                        "cancellation.partialRefundHoursBefore", "booking.partialAfterFree"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static void range(
            List<InvalidInputException.FieldError> errors, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            errors.add(new InvalidInputException.FieldError(field, "booking.range", List.of(min, max)));
        }
    }

    private static Map<String, Object> params(long operatorId, BookingPolicy draft) {
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operatorId);
        params.put("position", draft.position());
        params.put("name", draft.name().strip());
        params.put("scope", draft.scope().name());
        params.put(
                "tier",
                draft.scope() == PolicyScope.TIER ? draft.scopeTierCode().strip() : null);
        params.put("enterpriseId", draft.scope() == PolicyScope.ENTERPRISE ? draft.scopeEnterpriseId() : null);
        params.put("memberId", draft.scope() == PolicyScope.MEMBER ? draft.scopeMemberId() : null);
        params.put(
                "type",
                draft.resourceType() == null ? null : draft.resourceType().name());
        params.put("maxDaysAhead", draft.maxDaysAhead());
        params.put("minMinutesAhead", draft.minMinutesAhead());
        params.put("minLength", draft.minLengthMinutes());
        params.put("maxLength", draft.maxLengthMinutes());
        params.put("buffer", draft.bufferMinutes());
        params.put("quota", draft.weeklyQuotaHours());
        params.put("approval", draft.approvalRequired());
        CancellationTerms terms = draft.cancellation();
        params.put("freeHours", terms == null ? null : terms.freeHoursBefore());
        params.put("partialPercent", terms == null ? null : terms.partialRefundPercent());
        params.put("partialHours", terms == null ? null : terms.partialRefundHoursBefore());
        return params;
    }

    static BookingPolicy map(ResultSet rs, int row) throws SQLException {
        Integer freeHours = (Integer) rs.getObject("free_cancel_hours_before");
        String type = rs.getString("resource_type");
        return new BookingPolicy(
                rs.getLong("id"),
                rs.getInt("position"),
                rs.getString("name"),
                PolicyScope.valueOf(rs.getString("scope")),
                rs.getString("scope_tier_code"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "scope_enterprise_id"),
                io.enjoyspace.shared.Rows.nullableLong(rs, "scope_member_id"),
                type == null ? null : ResourceType.valueOf(type),
                (Integer) rs.getObject("max_days_ahead"),
                (Integer) rs.getObject("min_minutes_ahead"),
                (Integer) rs.getObject("min_length_minutes"),
                (Integer) rs.getObject("max_length_minutes"),
                (Integer) rs.getObject("buffer_minutes"),
                (Integer) rs.getObject("weekly_quota_hours"),
                (Boolean) rs.getObject("approval_required"),
                freeHours == null
                        ? null
                        : new CancellationTerms(
                                freeHours,
                                rs.getInt("partial_refund_percent"),
                                rs.getInt("partial_refund_hours_before")));
    }
}
