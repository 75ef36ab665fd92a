package io.enjoyspace.coupons;

import io.enjoyspace.booking.ResourceType;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.rules.Campaigns;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import io.enjoyspace.tenancy.Sites;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The operator's coupon templates: what each gives, its stock and limits, validity, scope and campaign. */
@Repository
public class CouponTemplates {

    static final long MAX_AMOUNT_MINOR = 100_000_000L;

    private final JdbcClient jdbc;
    private final Catalog catalog;
    private final Sites sites;
    private final Campaigns campaigns;
    private final Clock clock;

    CouponTemplates(JdbcClient jdbc, Catalog catalog, Sites sites, Campaigns campaigns, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.sites = sites;
        this.campaigns = campaigns;
        this.clock = clock;
    }

    /** What a new template says; absent lists mean no restriction, absent flags take their defaults. */
    public record NewTemplate(
            String name,
            String description,
            CouponKind kind,
            Long amountOffMinor,
            Integer percentOff,
            Long capMinor,
            Long thresholdMinor,
            Long offeringId,
            String resourceTypeCode,
            Integer freeMinutes,
            Integer totalStock,
            Integer perMemberLimit,
            Integer validDays,
            Instant validFrom,
            Instant validTo,
            List<Long> categoryIds,
            List<Long> offeringIds,
            List<Long> siteIds,
            Boolean stacksWithPoints,
            Boolean stacksWithCoupons,
            Boolean claimable,
            Long campaignId) {

        public NewTemplate {
            categoryIds = categoryIds == null ? List.of() : List.copyOf(categoryIds);
            offeringIds = offeringIds == null ? List.of() : List.copyOf(offeringIds);
            siteIds = siteIds == null ? List.of() : List.copyOf(siteIds);
        }
    }

    @Transactional
    public CouponTemplate create(long operatorId, NewTemplate t) {
        validate(operatorId, t);
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operatorId);
        params.put("name", t.name().strip());
        params.put(
                "description",
                t.description() == null || t.description().isBlank()
                        ? null
                        : t.description().strip());
        params.put("kind", t.kind().name());
        boolean amount = t.kind() == CouponKind.AMOUNT_OFF || t.kind() == CouponKind.THRESHOLD;
        params.put("amountOff", amount ? t.amountOffMinor() : null);
        params.put("percentOff", t.kind() == CouponKind.PERCENT_OFF ? t.percentOff() : null);
        params.put("cap", t.kind() == CouponKind.PERCENT_OFF ? t.capMinor() : null);
        params.put(
                "threshold",
                t.kind() == CouponKind.FREE_SERVICE || t.kind() == CouponKind.FREE_HOURS ? null : t.thresholdMinor());
        boolean free = t.kind() == CouponKind.FREE_SERVICE || t.kind() == CouponKind.FREE_HOURS;
        params.put("offeringId", free ? t.offeringId() : null);
        params.put("resourceType", t.kind() == CouponKind.FREE_HOURS ? blankToNull(t.resourceTypeCode()) : null);
        params.put("freeMinutes", t.kind() == CouponKind.FREE_HOURS ? t.freeMinutes() : null);
        params.put("totalStock", t.totalStock());
        params.put("perMemberLimit", t.perMemberLimit() == null ? 1 : t.perMemberLimit());
        params.put("validDays", t.validDays());
        params.put("validFrom", t.validFrom() == null ? null : Timestamp.from(t.validFrom()));
        params.put("validTo", t.validTo() == null ? null : Timestamp.from(t.validTo()));
        params.put("stacksWithPoints", t.stacksWithPoints() == null || t.stacksWithPoints());
        params.put("stacksWithCoupons", Boolean.TRUE.equals(t.stacksWithCoupons()));
        params.put("claimable", t.claimable() == null || t.claimable());
        params.put("campaignId", t.campaignId());
        params.put("now", Timestamp.from(clock.instant()));
        try {
            long id = jdbc.sql("""
                            insert into coupon_template (operator_id, name, description, kind, amount_off_minor, percent_off,
                                                         cap_minor, threshold_minor, offering_id, resource_type_code,
                                                         free_minutes, total_stock, per_member_limit, valid_days,
                                                         valid_from, valid_to, category_ids, offering_ids, site_ids,
                                                         stacks_with_points, stacks_with_coupons, claimable, campaign_id,
                                                         created_at)
                            values (:operatorId, :name, :description, :kind, :amountOff, :percentOff, :cap, :threshold,
                                    :offeringId, :resourceType, :freeMinutes, :totalStock, :perMemberLimit, :validDays,
                                    :validFrom, :validTo, cast(:categoryIds as bigint[]), cast(:offeringIds as bigint[]),
                                    cast(:siteIds as bigint[]), :stacksWithPoints, :stacksWithCoupons, :claimable,
                                    :campaignId, :now)
                            returning id
                            """)
                    .params(params)
                    .param("categoryIds", arrayText(t.categoryIds()))
                    .param("offeringIds", arrayText(t.offeringIds()))
                    .param("siteIds", arrayText(t.siteIds()))
                    .query(Long.class)
                    .single();
            return get(operatorId, id);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("coupons.nameTaken", "a coupon template with this name exists");
        }
    }

    /**
     * Pauses issuing (coupons already issued stay usable), resumes it, or archives the template: an archived template
     * issues no more coupons and can be neither resumed nor edited, while the coupons already issued stay usable.
     */
    public CouponTemplate setStatus(long operatorId, long id, CouponTemplate.Status status) {
        CouponTemplate current = get(operatorId, id);
        if (current.status() == CouponTemplate.Status.ARCHIVED && status != CouponTemplate.Status.ARCHIVED) {
            throw new ConflictException("gaps.coupons.archived", "the template is archived");
        }
        jdbc.sql("update coupon_template set status = :status where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .param("status", status.name())
                .update();
        return get(operatorId, id);
    }

    /** Archives a template: see {@link #setStatus}. */
    public CouponTemplate archive(long operatorId, long id) {
        return setStatus(operatorId, id, CouponTemplate.Status.ARCHIVED);
    }

    /**
     * What an operator may change on a template after creating it: its name and description, stock, per-member limit,
     * validity and scope. What a coupon gives (kind, amounts) stays, because coupons already issued promise it.
     * Absent lists mean no restriction; a null {@code totalStock} means no stock limit.
     */
    public record TemplateChanges(
            String name,
            String description,
            Integer totalStock,
            Integer perMemberLimit,
            Integer validDays,
            Instant validFrom,
            Instant validTo,
            List<Long> categoryIds,
            List<Long> offeringIds,
            List<Long> siteIds) {

        public TemplateChanges {
            categoryIds = categoryIds == null ? List.of() : List.copyOf(categoryIds);
            offeringIds = offeringIds == null ? List.of() : List.copyOf(offeringIds);
            siteIds = siteIds == null ? List.of() : List.copyOf(siteIds);
        }
    }

    /**
     * Changes a template. The stock may never fall below the coupons already issued (checked in the same statement
     * that changes it, so a claim landing meanwhile cannot slip past); a new validity applies to coupons issued from
     * now on, a new scope to every coupon redeemed from now on. An archived template cannot be changed (409).
     */
    @Transactional
    public CouponTemplate update(long operatorId, long id, TemplateChanges changes) {
        CouponTemplate current = get(operatorId, id);
        if (current.status() == CouponTemplate.Status.ARCHIVED) {
            throw new ConflictException("gaps.coupons.archived", "the template is archived");
        }
        List<FieldError> errors = new ArrayList<>();
        if (changes.name() == null
                || changes.name().isBlank()
                || changes.name().strip().length() > 100) {
            errors.add(new FieldError("name", "coupons.nameInvalid"));
        }
        if (changes.description() != null && changes.description().strip().length() > 500) {
            errors.add(new FieldError("description", "coupons.descriptionTooLong"));
        }
        if (changes.totalStock() != null && (changes.totalStock() < 1 || changes.totalStock() > 10_000_000)) {
            errors.add(new FieldError("totalStock", "coupons.totalStockInvalid"));
        } else if (changes.totalStock() != null && changes.totalStock() < current.issuedCount()) {
            errors.add(new FieldError("totalStock", "gaps.coupons.stockBelowIssued", List.of(current.issuedCount())));
        }
        if (changes.perMemberLimit() == null || changes.perMemberLimit() < 1 || changes.perMemberLimit() > 1000) {
            errors.add(new FieldError("perMemberLimit", "coupons.perMemberLimitInvalid"));
        }
        if (changes.validDays() != null && (changes.validDays() < 1 || changes.validDays() > 3650)) {
            errors.add(new FieldError("validDays", "coupons.validDaysInvalid"));
        }
        if (changes.validDays() == null && changes.validTo() == null) {
            errors.add(new FieldError("validDays", "coupons.validityRequired"));
        }
        if (changes.validTo() != null
                && changes.validFrom() != null
                && !changes.validTo().isAfter(changes.validFrom())) {
            errors.add(new FieldError("validTo", "coupons.validToBeforeFrom"));
        }
        if (changes.validTo() != null
                && !changes.validTo().equals(current.validTo())
                && !changes.validTo().isAfter(clock.instant())) {
            errors.add(new FieldError("validTo", "coupons.validToPast"));
        }
        if (changes.categoryIds().size() > 100
                || changes.offeringIds().size() > 100
                || changes.siteIds().size() > 100) {
            errors.add(new FieldError("scope", "coupons.scopeTooLarge"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        changes.offeringIds().forEach(offering -> catalog.offering(operatorId, offering));
        changes.categoryIds().forEach(category -> catalog.category(operatorId, category));
        changes.siteIds().forEach(site -> sites.get(operatorId, site));
        try {
            int updated = jdbc.sql("""
                            update coupon_template
                            set name = :name, description = :description, total_stock = :totalStock,
                                per_member_limit = :perMemberLimit, valid_days = :validDays, valid_from = :validFrom,
                                valid_to = :validTo, category_ids = cast(:categoryIds as bigint[]),
                                offering_ids = cast(:offeringIds as bigint[]), site_ids = cast(:siteIds as bigint[])
                            where operator_id = :operatorId and id = :id and status <> 'ARCHIVED'
                              and (cast(:totalStock as integer) is null or issued_count <= :totalStock)
                            """)
                    .param("name", changes.name().strip())
                    .param("description", blankToNull(changes.description()))
                    .param("totalStock", changes.totalStock())
                    .param("perMemberLimit", changes.perMemberLimit())
                    .param("validDays", changes.validDays())
                    .param("validFrom", changes.validFrom() == null ? null : Timestamp.from(changes.validFrom()))
                    .param("validTo", changes.validTo() == null ? null : Timestamp.from(changes.validTo()))
                    .param("categoryIds", arrayText(changes.categoryIds()))
                    .param("offeringIds", arrayText(changes.offeringIds()))
                    .param("siteIds", arrayText(changes.siteIds()))
                    .param("operatorId", operatorId)
                    .param("id", id)
                    .update();
            if (updated == 0) {
                // Coupons were issued between the check above and the update, or the template was archived.
                CouponTemplate now = get(operatorId, id);
                if (now.status() == CouponTemplate.Status.ARCHIVED) {
                    throw new ConflictException("gaps.coupons.archived", "the template is archived");
                }
                throw new InvalidInputException(List.of(
                        new FieldError("totalStock", "gaps.coupons.stockBelowIssued", List.of(now.issuedCount()))));
            }
        } catch (DuplicateKeyException e) {
            throw new ConflictException("coupons.nameTaken", "a coupon template with this name exists");
        }
        return get(operatorId, id);
    }

    public CouponTemplate get(long operatorId, long id) {
        return find(operatorId, id).orElseThrow(NotFoundException::new);
    }

    public java.util.Optional<CouponTemplate> find(long operatorId, long id) {
        return jdbc.sql("select * from coupon_template where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(CouponTemplates::map)
                .optional();
    }

    /** Every template, newest first. */
    public List<CouponTemplate> list(long operatorId) {
        return jdbc.sql("select * from coupon_template where operator_id = :operatorId order by id desc")
                .param("operatorId", operatorId)
                .query(CouponTemplates::map)
                .list();
    }

    /** The templates of one campaign. */
    public List<CouponTemplate> ofCampaign(long operatorId, long campaignId) {
        return jdbc.sql("""
                        select * from coupon_template where operator_id = :operatorId and campaign_id = :campaignId
                        order by id
                        """)
                .param("operatorId", operatorId)
                .param("campaignId", campaignId)
                .query(CouponTemplates::map)
                .list();
    }

    private void validate(long operatorId, NewTemplate t) {
        List<FieldError> errors = new ArrayList<>();
        if (t.name() == null || t.name().isBlank() || t.name().strip().length() > 100) {
            errors.add(new FieldError("name", "coupons.nameInvalid"));
        }
        if (t.description() != null && t.description().strip().length() > 500) {
            errors.add(new FieldError("description", "coupons.descriptionTooLong"));
        }
        if (t.kind() == null) {
            errors.add(new FieldError("kind", "coupons.kindRequired"));
        } else {
            switch (t.kind()) {
                case AMOUNT_OFF -> {
                    amount(errors, "amountOffMinor", t.amountOffMinor(), true);
                    amount(errors, "thresholdMinor", t.thresholdMinor(), false);
                }
                case PERCENT_OFF -> {
                    if (t.percentOff() == null || t.percentOff() < 1 || t.percentOff() > 99) {
                        errors.add(new FieldError("percentOff", "coupons.percentOffInvalid"));
                    }
                    amount(errors, "capMinor", t.capMinor(), false);
                    amount(errors, "thresholdMinor", t.thresholdMinor(), false);
                }
                case THRESHOLD -> {
                    amount(errors, "amountOffMinor", t.amountOffMinor(), true);
                    amount(errors, "thresholdMinor", t.thresholdMinor(), true);
                    if (t.amountOffMinor() != null
                            && t.thresholdMinor() != null
                            && t.amountOffMinor() >= t.thresholdMinor()) {
                        errors.add(new FieldError("amountOffMinor", "coupons.amountOffNotBelowThreshold"));
                    }
                }
                case FREE_SERVICE -> {
                    if (t.offeringId() == null) {
                        errors.add(new FieldError("offeringId", "coupons.offeringRequired"));
                    }
                }
                case FREE_HOURS -> {
                    if (t.freeMinutes() == null || t.freeMinutes() < 1 || t.freeMinutes() > 100_000) {
                        errors.add(new FieldError("freeMinutes", "coupons.freeMinutesInvalid"));
                    }
                    String type = blankToNull(t.resourceTypeCode());
                    if (t.offeringId() == null && type == null) {
                        errors.add(new FieldError("resourceTypeCode", "coupons.resourceTypeRequired"));
                    } else if (type != null
                            && Arrays.stream(ResourceType.values())
                                    .noneMatch(known -> known.name().equals(type))) {
                        errors.add(new FieldError("resourceTypeCode", "coupons.resourceTypeUnknown"));
                    }
                }
            }
        }
        if (t.totalStock() != null && (t.totalStock() < 1 || t.totalStock() > 10_000_000)) {
            errors.add(new FieldError("totalStock", "coupons.totalStockInvalid"));
        }
        if (t.perMemberLimit() != null && (t.perMemberLimit() < 1 || t.perMemberLimit() > 1000)) {
            errors.add(new FieldError("perMemberLimit", "coupons.perMemberLimitInvalid"));
        }
        if (t.validDays() != null && (t.validDays() < 1 || t.validDays() > 3650)) {
            errors.add(new FieldError("validDays", "coupons.validDaysInvalid"));
        }
        if (t.validDays() == null && t.validTo() == null) {
            errors.add(new FieldError("validDays", "coupons.validityRequired"));
        }
        if (t.validTo() != null && t.validFrom() != null && !t.validTo().isAfter(t.validFrom())) {
            errors.add(new FieldError("validTo", "coupons.validToBeforeFrom"));
        }
        if (t.validTo() != null && !t.validTo().isAfter(clock.instant())) {
            errors.add(new FieldError("validTo", "coupons.validToPast"));
        }
        if (t.categoryIds().size() > 100
                || t.offeringIds().size() > 100
                || t.siteIds().size() > 100) {
            errors.add(new FieldError("scope", "coupons.scopeTooLarge"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        // Ids of other operators (or none) answer 404, as everywhere.
        if (t.offeringId() != null && (t.kind() == CouponKind.FREE_SERVICE || t.kind() == CouponKind.FREE_HOURS)) {
            catalog.offering(operatorId, t.offeringId());
        }
        t.offeringIds().forEach(id -> catalog.offering(operatorId, id));
        t.categoryIds().forEach(id -> catalog.category(operatorId, id));
        t.siteIds().forEach(id -> sites.get(operatorId, id));
        if (t.campaignId() != null) {
            campaigns.get(operatorId, t.campaignId());
        }
    }

    private static void amount(List<FieldError> errors, String field, Long value, boolean required) {
        if (value == null ? required : value < 1 || value > MAX_AMOUNT_MINOR) {
            errors.add(new FieldError(field, "coupons.amountInvalid"));
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String arrayText(List<Long> ids) {
        return "{"
                + String.join(",", ids.stream().distinct().map(String::valueOf).toList()) + "}";
    }

    static CouponTemplate map(ResultSet rs, int row) throws SQLException {
        Timestamp validFrom = rs.getTimestamp("valid_from");
        Timestamp validTo = rs.getTimestamp("valid_to");
        return new CouponTemplate(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getString("name"),
                rs.getString("description"),
                CouponKind.valueOf(rs.getString("kind")),
                Rows.nullableLong(rs, "amount_off_minor"),
                rs.getObject("percent_off", Integer.class),
                Rows.nullableLong(rs, "cap_minor"),
                Rows.nullableLong(rs, "threshold_minor"),
                Rows.nullableLong(rs, "offering_id"),
                rs.getString("resource_type_code"),
                rs.getObject("free_minutes", Integer.class),
                rs.getObject("total_stock", Integer.class),
                rs.getInt("issued_count"),
                rs.getInt("per_member_limit"),
                rs.getObject("valid_days", Integer.class),
                validFrom == null ? null : validFrom.toInstant(),
                validTo == null ? null : validTo.toInstant(),
                ids(rs.getArray("category_ids")),
                ids(rs.getArray("offering_ids")),
                ids(rs.getArray("site_ids")),
                rs.getBoolean("stacks_with_points"),
                rs.getBoolean("stacks_with_coupons"),
                rs.getBoolean("claimable"),
                Rows.nullableLong(rs, "campaign_id"),
                CouponTemplate.Status.valueOf(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant());
    }

    private static List<Long> ids(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<Long> ids = new ArrayList<>(values.length);
        for (Object value : values) {
            ids.add(((Number) value).longValue());
        }
        return ids;
    }
}
