package io.enjoyspace.coupons;

import io.enjoyspace.rules.Campaign;
import io.enjoyspace.rules.Campaigns;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Sites;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues coupons to members and redeems them. Stock and the per-member limit are guarded in the database (a guarded
 * update of the template's issued count, and of the member's holding row), so concurrent claims never issue more than
 * there is. Every issue carries a key, unique per operator: a retry answers with the coupon issued first, the same key
 * for a different issue is a conflict.
 */
@Service
public class Coupons {

    /** The most members one push reaches. */
    static final int MAX_AUDIENCE = 50_000;

    /** The most coupons one checkout may use. */
    static final int MAX_CODES = 5;

    private static final char[] CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;
    private final CouponTemplates templates;
    private final Campaigns campaigns;
    private final Members members;
    private final Enterprises enterprises;
    private final Sites sites;
    private final ObjectProvider<CouponAudienceTiers> tiers;
    private final ObjectProvider<CouponAudienceSegments> segments;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final org.springframework.transaction.support.TransactionTemplate separately;

    Coupons(
            JdbcClient jdbc,
            CouponTemplates templates,
            Campaigns campaigns,
            Members members,
            Enterprises enterprises,
            Sites sites,
            ObjectProvider<CouponAudienceTiers> tiers,
            ObjectProvider<CouponAudienceSegments> segments,
            ApplicationEventPublisher events,
            Clock clock,
            org.springframework.transaction.PlatformTransactionManager transactions) {
        this.separately = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(
                org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jdbc = jdbc;
        this.templates = templates;
        this.campaigns = campaigns;
        this.members = members;
        this.enterprises = enterprises;
        this.sites = sites;
        this.tiers = tiers;
        this.segments = segments;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Give one coupon of {@code templateId} to {@code memberId}. {@code issueKey} (1 to 200 characters) makes the
     * issue happen once: the points mall passes its redemption id, lifecycle automation its journey step, and so on.
     */
    public record IssueCoupon(
            long templateId, long memberId, CouponSource source, String issueKey, Long issuedByUserId) {}

    /** What a push did: coupons issued, members skipped because they hold the most allowed already. */
    public record PushResult(long templateId, int issued, int skipped, boolean replayed) {}

    /** A coupon used by code: what it took off. */
    public record Redemption(Coupon coupon, long discountMinor) {}

    /** Use a coupon by its code, outside an order (a merchant's till): {@code spendMinor} is what the member pays. */
    public record RedeemCoupon(String code, Long memberId, long spendMinor, Long siteId, String reference) {}

    /** A template in the claim centre, with how many of it the member holds. */
    public record ClaimOffer(CouponTemplate template, int held, boolean claimable) {}

    /**
     * Issues one coupon, for other modules (the points mall, lifecycle automation) and staff grants. Refused with 409
     * when the template is paused, out of stock, past its validity, its campaign is not running or has spent its
     * coupon budget, or the member holds the most allowed; 404 for a template or member of another operator.
     */
    @Transactional
    public Coupon issue(long operatorId, IssueCoupon command) {
        if (command.issueKey() == null
                || command.issueKey().isBlank()
                || command.issueKey().length() > 200) {
            throw new InvalidInputException("issueKey", "coupons.issueKeyInvalid");
        }
        CouponTemplate template = templates.get(operatorId, command.templateId());
        if (!members.find(operatorId, command.memberId()).isPresent()) {
            throw new NotFoundException();
        }
        return issueOne(
                operatorId,
                template,
                command.memberId(),
                command.source(),
                command.source().name() + ":" + command.issueKey(),
                command.issuedByUserId(),
                true);
    }

    /**
     * Issues one coupon like {@link #issue}, in a transaction of its own, and answers empty instead of refusing: for
     * callers (rules, lifecycle automation) for whom a coupon that cannot be issued is simply not given, and whose own
     * transaction must not be spoiled by the refusal.
     */
    public Optional<Coupon> tryIssue(long operatorId, IssueCoupon command) {
        try {
            return Optional.ofNullable(separately.execute(status -> issue(operatorId, command)));
        } catch (ConflictException | InvalidInputException | NotFoundException e) {
            return Optional.empty();
        }
    }

    /** A member claims a coupon in the claim centre; {@code key} null: the claim has no retry key. */
    @Transactional
    public Coupon claim(long operatorId, long memberId, long templateId, IdempotencyKey key) {
        CouponTemplate template = templates.get(operatorId, templateId);
        if (!template.claimable()) {
            throw new NotFoundException();
        }
        String issueKey = "CLAIM:" + memberId + ":"
                + (key == null ? java.util.UUID.randomUUID().toString() : key.value());
        return issueOne(operatorId, template, memberId, CouponSource.CLAIM, issueKey, null, true);
    }

    /**
     * Staff push a coupon to everyone in {@code audience}, all or nothing: when the stock cannot cover every member
     * who may still receive one, nothing is issued (409). Members at the per-member limit are skipped and counted.
     */
    @Transactional
    public PushResult push(long operatorId, long templateId, Audience audience, IdempotencyKey key, Long staffUserId) {
        CouponTemplate template = templates.get(operatorId, templateId);
        if (key == null) {
            throw new InvalidInputException(IdempotencyKey.HEADER, "validation.idempotencyKey");
        }
        List<Long> memberIds = resolve(operatorId, audience);
        String hash = IdempotencyKey.fingerprint(templateId + "|" + audience.describe());
        Instant now = clock.instant();
        int inserted = jdbc.sql("""
                        insert into coupon_push (operator_id, idempotency_key, request_hash, template_id, audience, issued,
                                                 skipped, pushed_by, pushed_at)
                        values (:operatorId, :key, :hash, :templateId, :audience, 0, 0, :by, :now)
                        on conflict (operator_id, idempotency_key) do nothing
                        """)
                .param("operatorId", operatorId)
                .param("key", key.value())
                .param("hash", hash)
                .param("templateId", templateId)
                .param("audience", audience.describe())
                .param("by", staffUserId)
                .param("now", Timestamp.from(now))
                .update();
        if (inserted == 0) {
            record Earlier(String hash, long templateId, int issued, int skipped) {}
            Earlier earlier = jdbc.sql("""
                            select request_hash, template_id, issued, skipped from coupon_push
                            where operator_id = :operatorId and idempotency_key = :key
                            """)
                    .param("operatorId", operatorId)
                    .param("key", key.value())
                    .query((rs, row) -> new Earlier(
                            rs.getString("request_hash"),
                            rs.getLong("template_id"),
                            rs.getInt("issued"),
                            rs.getInt("skipped")))
                    .single();
            if (!earlier.hash().equals(hash)) {
                throw new ConflictException("coupons.keyReused", "this key was used for a different push");
            }
            return new PushResult(earlier.templateId(), earlier.issued(), earlier.skipped(), true);
        }
        CouponSource source = audience.kind() == Audience.Kind.MEMBERS && memberIds.size() == 1
                ? CouponSource.GRANT
                : CouponSource.PUSH;
        int issued = 0;
        int skipped = 0;
        for (long memberId : memberIds) {
            Coupon coupon = issueOne(
                    operatorId, template, memberId, source, "PUSH:" + key.value() + ":" + memberId, staffUserId, false);
            if (coupon == null) {
                skipped++;
            } else {
                issued++;
            }
        }
        jdbc.sql("""
                        update coupon_push set issued = :issued, skipped = :skipped
                        where operator_id = :operatorId and idempotency_key = :key
                        """)
                .param("operatorId", operatorId)
                .param("key", key.value())
                .param("issued", issued)
                .param("skipped", skipped)
                .update();
        return new PushResult(templateId, issued, skipped, false);
    }

    private List<Long> resolve(long operatorId, Audience audience) {
        if (audience == null || audience.kind() == null) {
            throw new InvalidInputException("audience", "coupons.audienceRequired");
        }
        List<Long> ids = switch (audience.kind()) {
            case ALL ->
                members.list(operatorId, null, MAX_AUDIENCE + 1).stream()
                        .map(Member::id)
                        .toList();
            case SITE -> {
                if (audience.siteId() == null) {
                    throw new InvalidInputException("siteId", "coupons.siteRequired");
                }
                sites.get(operatorId, audience.siteId());
                yield members.list(operatorId, null, Integer.MAX_VALUE).stream()
                        .filter(member -> member.siteId() == audience.siteId())
                        .map(Member::id)
                        .toList();
            }
            case ENTERPRISE -> {
                if (audience.enterpriseId() == null) {
                    throw new InvalidInputException("enterpriseId", "coupons.enterpriseRequired");
                }
                enterprises.find(operatorId, audience.enterpriseId()).orElseThrow(NotFoundException::new);
                yield members.idsOf(operatorId, audience.enterpriseId());
            }
            case TIER -> {
                if (audience.tierCode() == null || audience.tierCode().isBlank()) {
                    throw new InvalidInputException("tierCode", "coupons.tierRequired");
                }
                CouponAudienceTiers byTier = tiers.getIfAvailable();
                if (byTier == null) {
                    throw new InvalidInputException("tierCode", "coupons.tiersUnavailable");
                }
                yield byTier.membersWithTier(operatorId, audience.tierCode().strip());
            }
            case SEGMENT -> {
                if (audience.segmentId() == null) {
                    throw new InvalidInputException("segmentId", "coupons.segmentRequired");
                }
                CouponAudienceSegments bySegment = segments.getIfAvailable();
                if (bySegment == null) {
                    throw new InvalidInputException("segmentId", "coupons.segmentsUnavailable");
                }
                yield bySegment.membersOfSegment(operatorId, audience.segmentId());
            }
            case MEMBERS -> {
                if (audience.memberIds().isEmpty() || audience.memberIds().size() > 1000) {
                    throw new InvalidInputException("memberIds", "coupons.memberIdsInvalid");
                }
                for (long memberId : audience.memberIds()) {
                    if (!members.find(operatorId, memberId).isPresent()) {
                        throw new NotFoundException();
                    }
                }
                yield audience.memberIds();
            }
        };
        List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        if (distinct.isEmpty()) {
            throw new InvalidInputException("audience", "coupons.audienceEmpty");
        }
        if (distinct.size() > MAX_AUDIENCE) {
            throw new InvalidInputException("audience", "coupons.audienceTooLarge");
        }
        return distinct;
    }

    /**
     * Issues one coupon under {@code issueKey}. {@code strict}: a member at the per-member limit is refused (409);
     * otherwise the issue is skipped and this answers null.
     */
    private Coupon issueOne(
            long operatorId,
            CouponTemplate template,
            long memberId,
            CouponSource source,
            String issueKey,
            Long issuedBy,
            boolean strict) {
        String hash = IdempotencyKey.fingerprint(template.id() + "|" + memberId + "|" + source);
        Optional<Coupon> earlier = byIssueKey(operatorId, issueKey, hash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Instant now = clock.instant();
        if (template.status() != CouponTemplate.Status.ACTIVE) {
            throw new ConflictException("coupons.templatePaused", "the template is paused");
        }
        if (!template.issuableAt(now)) {
            throw new ConflictException("coupons.templateEnded", "the template's coupons are no longer valid");
        }
        String campaignProblem = campaignProblem(operatorId, template.campaignId(), now, 0);
        if (campaignProblem != null) {
            throw new ConflictException(campaignProblem, "the campaign does not issue coupons now");
        }
        Instant[] validity = template.validityFrom(now);
        Long couponId = null;
        // A concurrent issue under the same key waits on the key's unique index until the first commits, then
        // inserts nothing and answers with it; a clash of random codes just draws another.
        for (int attempt = 0; attempt < 5 && couponId == null; attempt++) {
            Optional<Long> inserted = jdbc.sql("""
                            insert into coupon (operator_id, template_id, member_id, code, status, source, issue_key,
                                                request_hash, issued_by, issued_at, valid_from, valid_until)
                            values (:operatorId, :templateId, :memberId, :code, 'ISSUED', :source, :issueKey, :hash, :by,
                                    :now, :validFrom, :validUntil)
                            on conflict do nothing
                            returning id
                            """)
                    .param("operatorId", operatorId)
                    .param("templateId", template.id())
                    .param("memberId", memberId)
                    .param("code", newCode())
                    .param("source", source.name())
                    .param("issueKey", issueKey)
                    .param("hash", hash)
                    .param("by", issuedBy)
                    .param("now", Timestamp.from(now))
                    .param("validFrom", Timestamp.from(validity[0]))
                    .param("validUntil", Timestamp.from(validity[1]))
                    .query(Long.class)
                    .optional();
            if (inserted.isPresent()) {
                couponId = inserted.get();
            } else {
                earlier = byIssueKey(operatorId, issueKey, hash);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
        }
        if (couponId == null) {
            throw new IllegalStateException("no free coupon code after five draws");
        }
        Optional<Integer> held = jdbc.sql("""
                        insert into coupon_holding (operator_id, template_id, member_id, issued)
                        values (:operatorId, :templateId, :memberId, 1)
                        on conflict (operator_id, template_id, member_id)
                        do update set issued = coupon_holding.issued + 1 where coupon_holding.issued < :limit
                        returning issued
                        """)
                .param("operatorId", operatorId)
                .param("templateId", template.id())
                .param("memberId", memberId)
                .param("limit", template.perMemberLimit())
                .query(Integer.class)
                .optional();
        if (held.isEmpty()) {
            if (strict) {
                throw new ConflictException("coupons.limitReached", "the member holds the most coupons allowed");
            }
            jdbc.sql("delete from coupon where operator_id = :operatorId and id = :id")
                    .param("operatorId", operatorId)
                    .param("id", couponId)
                    .update();
            return null;
        }
        int stocked = jdbc.sql("""
                        update coupon_template set issued_count = issued_count + 1
                        where operator_id = :operatorId and id = :id and status = 'ACTIVE'
                          and (total_stock is null or issued_count < total_stock)
                        """)
                .param("operatorId", operatorId)
                .param("id", template.id())
                .update();
        if (stocked == 0) {
            throw new ConflictException("coupons.outOfStock", "no coupons of this template are left");
        }
        events.publishEvent(
                new CouponIssued(operatorId, memberId, couponId, template.id(), source, template.campaignId()));
        return get(operatorId, couponId);
    }

    /** Why a campaign's coupons cannot be used now, as a message code, or null when they can. */
    private String campaignProblem(long operatorId, Long campaignId, Instant now, long discountMinor) {
        if (campaignId == null) {
            return null;
        }
        Campaign campaign = campaigns.get(operatorId, campaignId);
        if (!campaign.runsAt(now)) {
            return "coupons.campaignNotRunning";
        }
        if (campaign.couponBudgetMinor() != null
                && spentMinor(operatorId, campaignId) + Math.max(discountMinor, 1) > campaign.couponBudgetMinor()) {
            return "coupons.campaignBudgetSpent";
        }
        return null;
    }

    long spentMinor(long operatorId, long campaignId) {
        return jdbc.sql("""
                        select coalesce(sum(discount_minor), 0) from coupon_campaign_spend
                        where operator_id = :operatorId and campaign_id = :campaignId
                        """)
                .param("operatorId", operatorId)
                .param("campaignId", campaignId)
                .query(Long.class)
                .single();
    }

    private Optional<Coupon> byIssueKey(long operatorId, String issueKey, String hash) {
        Optional<Coupon> coupon = jdbc.sql(SELECT + " where c.operator_id = :operatorId and c.issue_key = :key")
                .param("operatorId", operatorId)
                .param("key", issueKey)
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, row) -> {
                    if (!rs.getString("request_hash").equals(hash)) {
                        throw new ConflictException("coupons.keyReused", "this key was used for a different issue");
                    }
                    return map(rs, true);
                })
                .optional();
        return coupon;
    }

    private static String newCode() {
        char[] code = new char[12];
        for (int i = 0; i < code.length; i++) {
            code[i] = CODE_ALPHABET[random.nextInt(CODE_ALPHABET.length)];
        }
        return new String(code);
    }

    // ---- reading

    private static final String SELECT = """
            select c.*, t.name as template_name, t.kind,
                   case when c.status = 'ISSUED' and c.valid_until <= :now then 'EXPIRED' else c.status end as effective
            from coupon c join coupon_template t on t.operator_id = c.operator_id and t.id = c.template_id
            """;

    public Coupon get(long operatorId, long couponId) {
        return jdbc.sql(SELECT + " where c.operator_id = :operatorId and c.id = :id")
                .param("operatorId", operatorId)
                .param("id", couponId)
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, row) -> map(rs, false))
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** One of the member's own coupons; anyone else's answers 404. */
    public Coupon mine(long operatorId, long memberId, long couponId) {
        Coupon coupon = get(operatorId, couponId);
        if (coupon.memberId() != memberId) {
            throw new NotFoundException();
        }
        return coupon;
    }

    /** The member's coupons: usable ones first (soonest to expire first), then used and expired ones, newest first. */
    public List<Coupon> wallet(long operatorId, long memberId) {
        return jdbc.sql(SELECT + """
                         where c.operator_id = :operatorId and c.member_id = :memberId
                        order by case when c.status = 'ISSUED' and c.valid_until > :now then 0 else 1 end,
                                 case when c.status = 'ISSUED' and c.valid_until > :now then c.valid_until end,
                                 c.id desc
                        limit 500
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, row) -> map(rs, false))
                .list();
    }

    /** The coupons of a template, newest first. */
    public List<Coupon> ofTemplate(long operatorId, long templateId, int limit) {
        templates.get(operatorId, templateId);
        return jdbc.sql(SELECT + " where c.operator_id = :operatorId and c.template_id = :templateId"
                        + " order by c.id desc limit :limit")
                .param("operatorId", operatorId)
                .param("templateId", templateId)
                .param("limit", limit)
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, row) -> map(rs, false))
                .list();
    }

    /** The templates a member may claim now (active, in stock, valid, campaign running), with what they hold. */
    public List<ClaimOffer> claimCentre(long operatorId, long memberId) {
        Instant now = clock.instant();
        Map<Long, Integer> held = new HashMap<>();
        jdbc.sql("select template_id, issued from coupon_holding where operator_id = :operatorId and member_id = :m")
                .param("operatorId", operatorId)
                .param("m", memberId)
                .query((rs, row) -> held.put(rs.getLong("template_id"), rs.getInt("issued")))
                .list();
        List<ClaimOffer> offers = new ArrayList<>();
        for (CouponTemplate template : templates.list(operatorId)) {
            if (!template.claimable()
                    || template.status() != CouponTemplate.Status.ACTIVE
                    || !template.issuableAt(now)
                    || campaignProblem(operatorId, template.campaignId(), now, 0) != null) {
                continue;
            }
            int mine = held.getOrDefault(template.id(), 0);
            offers.add(new ClaimOffer(template, mine, !template.soldOut() && mine < template.perMemberLimit()));
        }
        return offers;
    }

    // ---- redeeming

    /** A coupon applied to a basket: the coupon, its template and what it took off which lines. */
    record Applied(Coupon coupon, CouponTemplate template, CouponDiscounts.Discount discount) {}

    /**
     * Redeems the {@code codes} against the basket's lines in the order given, each on what the earlier ones left.
     * Every code must be the member's, unused, valid now, in scope, over its threshold, and allowed to stack; the
     * coupons are marked REDEEMED against {@code orderId} (or {@code reference}) in the caller's transaction.
     */
    List<Applied> redeem(
            long operatorId,
            Long orderId,
            String reference,
            Long memberId,
            Long siteId,
            List<String> codes,
            List<CouponDiscounts.Line> lines) {
        List<String> normalised = normalise(codes);
        if (normalised.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        Map<String, Row> rows = new HashMap<>();
        jdbc.sql("""
                        select id, member_id, template_id, code, status, valid_from, valid_until from coupon
                        where operator_id = :operatorId and code in (:codes)
                        order by id
                        for update
                        """)
                .param("operatorId", operatorId)
                .param("codes", normalised)
                .query((rs, row) -> new Row(
                        rs.getLong("id"),
                        rs.getLong("member_id"),
                        rs.getLong("template_id"),
                        rs.getString("code"),
                        CouponStatus.valueOf(rs.getString("status")),
                        rs.getTimestamp("valid_from").toInstant(),
                        rs.getTimestamp("valid_until").toInstant()))
                .list()
                .forEach(row -> rows.put(row.code(), row));
        Map<String, CouponTemplate> templateOf = new HashMap<>();
        for (String code : normalised) {
            Row row = rows.get(code);
            if (row == null || (memberId != null && row.memberId() != memberId)) {
                throw CouponDiscounts.refused("coupons.unknownCode", code);
            }
            if (row.status() == CouponStatus.REDEEMED) {
                throw CouponDiscounts.refused("coupons.alreadyUsed", code);
            }
            if (now.isBefore(row.validFrom())) {
                throw CouponDiscounts.refused("coupons.notYetValid", code);
            }
            if (row.status() == CouponStatus.EXPIRED || !now.isBefore(row.validUntil())) {
                throw CouponDiscounts.refused("coupons.expired", code);
            }
            templateOf.put(code, templates.get(operatorId, row.templateId()));
        }
        if (normalised.size() > 1) {
            for (String code : normalised) {
                if (!templateOf.get(code).stacksWithCoupons()) {
                    throw CouponDiscounts.refused("coupons.doesNotStack", code);
                }
            }
        }
        List<CouponDiscounts.Line> left = new ArrayList<>(lines);
        List<Applied> applied = new ArrayList<>();
        for (String code : normalised) {
            Row row = rows.get(code);
            CouponTemplate template = templateOf.get(code);
            CouponDiscounts.Discount discount = CouponDiscounts.compute(template, code, siteId, left);
            String problem = campaignProblem(operatorId, template.campaignId(), now, discount.amountMinor());
            if (problem != null) {
                throw CouponDiscounts.refused(problem, code);
            }
            if (template.campaignId() != null) {
                spend(operatorId, template.campaignId(), discount.amountMinor(), 1, code);
            }
            jdbc.sql("""
                            update coupon set status = 'REDEEMED', redeemed_at = :now, order_id = :orderId,
                                              redeemed_ref = :reference, discount_minor = :discount
                            where operator_id = :operatorId and id = :id and status = 'ISSUED'
                            """)
                    .param("operatorId", operatorId)
                    .param("id", row.id())
                    .param("now", Timestamp.from(now))
                    .param("orderId", orderId)
                    .param("reference", reference)
                    .param("discount", discount.amountMinor())
                    .update();
            left = less(left, discount.shares());
            events.publishEvent(new CouponRedeemed(
                    operatorId,
                    row.memberId(),
                    row.id(),
                    template.id(),
                    discount.amountMinor(),
                    orderId,
                    reference,
                    template.campaignId()));
            applied.add(new Applied(get(operatorId, row.id()), template, discount));
        }
        return applied;
    }

    private record Row(
            long id,
            long memberId,
            long templateId,
            String code,
            CouponStatus status,
            Instant validFrom,
            Instant validUntil) {}

    private static List<String> normalise(List<String> codes) {
        if (codes == null) {
            return List.of();
        }
        List<String> normalised = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (String code : codes) {
            String clean = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
            if (clean.isEmpty()) {
                continue;
            }
            if (!seen.add(clean)) {
                throw CouponDiscounts.refused("coupons.duplicateCode", clean);
            }
            normalised.add(clean);
        }
        if (normalised.size() > MAX_CODES) {
            throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                    CouponDiscounts.FIELD, "coupons.tooManyCodes", List.of(MAX_CODES))));
        }
        return normalised;
    }

    private static List<CouponDiscounts.Line> less(
            List<CouponDiscounts.Line> lines, List<CouponDiscounts.Share> shares) {
        List<CouponDiscounts.Line> left = new ArrayList<>();
        for (CouponDiscounts.Line line : lines) {
            long taken = shares.stream()
                    .filter(share -> share.lineNumber() == line.lineNumber())
                    .mapToLong(CouponDiscounts.Share::amountMinor)
                    .sum();
            left.add(new CouponDiscounts.Line(
                    line.lineNumber(),
                    line.offeringId(),
                    line.categoryId(),
                    line.kind(),
                    line.resourceTypeCode(),
                    line.quantity(),
                    line.remainingMinor() - taken,
                    line.startsAt(),
                    line.endsAt()));
        }
        return left;
    }

    /** Adds a redemption's discount to its campaign's spend, guarded by the coupon budget. */
    private void spend(long operatorId, long campaignId, long discountMinor, int redemptions, String code) {
        Long budget = campaigns.get(operatorId, campaignId).couponBudgetMinor();
        if (discountMinor > 0 && budget != null && discountMinor > budget) {
            throw CouponDiscounts.refused("coupons.campaignBudgetSpent", code);
        }
        Optional<Long> spent = jdbc.sql("""
                        insert into coupon_campaign_spend (operator_id, campaign_id, discount_minor, redemptions)
                        values (:operatorId, :campaignId, greatest(:discount, 0), greatest(:redemptions, 0))
                        on conflict (operator_id, campaign_id) do update
                            set discount_minor = coupon_campaign_spend.discount_minor + :discount,
                                redemptions = coupon_campaign_spend.redemptions + :redemptions
                            where cast(:budget as bigint) is null or :discount <= 0
                               or coupon_campaign_spend.discount_minor + :discount <= :budget
                        returning discount_minor
                        """)
                .param("operatorId", operatorId)
                .param("campaignId", campaignId)
                .param("discount", discountMinor)
                .param("redemptions", redemptions)
                .param("budget", budget)
                .query(Long.class)
                .optional();
        if (spent.isEmpty()) {
            throw CouponDiscounts.refused("coupons.campaignBudgetSpent", code);
        }
    }

    /**
     * Uses a coupon by its code outside an order, at a merchant's till: its discount on {@code spendMinor}. Coupons
     * scoped to categories or offerings, and free-service or free-hours coupons, apply only at checkout.
     */
    @Transactional
    public Redemption redeem(long operatorId, RedeemCoupon command) {
        if (command.spendMinor() < 1 || command.spendMinor() > CouponTemplates.MAX_AMOUNT_MINOR) {
            throw new InvalidInputException("spendMinor", "coupons.amountInvalid");
        }
        if (command.reference() == null
                || command.reference().isBlank()
                || command.reference().length() > 100) {
            throw new InvalidInputException("reference", "coupons.referenceInvalid");
        }
        List<Applied> applied = redeem(
                operatorId,
                null,
                command.reference().strip(),
                command.memberId(),
                command.siteId(),
                List.of(command.code() == null ? "" : command.code()),
                List.of(new CouponDiscounts.Line(1, 0, null, "MERCHANT", null, 1, command.spendMinor(), null, null)));
        if (applied.isEmpty()) {
            throw new InvalidInputException("code", "coupons.codeRequired");
        }
        return new Redemption(applied.get(0).coupon(), applied.get(0).discount().amountMinor());
    }

    /**
     * Gives back a coupon that paid part of {@code orderId}: ISSUED again while still valid, EXPIRED after. Does
     * nothing for a coupon not redeemed on that order, so calling it twice restores once.
     */
    @Transactional
    public Optional<Coupon> restore(long operatorId, long orderId, long couponId) {
        record Redeemed(long memberId, long templateId, long discountMinor, Instant validUntil) {}
        Optional<Redeemed> redeemed = jdbc.sql("""
                        select member_id, template_id, discount_minor, valid_until from coupon
                        where operator_id = :operatorId and id = :id and order_id = :orderId and status = 'REDEEMED'
                        for update
                        """)
                .param("operatorId", operatorId)
                .param("id", couponId)
                .param("orderId", orderId)
                .query((rs, row) -> new Redeemed(
                        rs.getLong("member_id"),
                        rs.getLong("template_id"),
                        rs.getLong("discount_minor"),
                        rs.getTimestamp("valid_until").toInstant()))
                .optional();
        if (redeemed.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        CouponStatus status = now.isBefore(redeemed.get().validUntil()) ? CouponStatus.ISSUED : CouponStatus.EXPIRED;
        jdbc.sql("""
                        update coupon set status = :status, redeemed_at = null, order_id = null, redeemed_ref = null,
                                          discount_minor = null
                        where operator_id = :operatorId and id = :id
                        """)
                .param("operatorId", operatorId)
                .param("id", couponId)
                .param("status", status.name())
                .update();
        CouponTemplate template = templates.get(operatorId, redeemed.get().templateId());
        if (template.campaignId() != null) {
            jdbc.sql("""
                            update coupon_campaign_spend
                            set discount_minor = greatest(discount_minor - :discount, 0),
                                redemptions = greatest(redemptions - 1, 0)
                            where operator_id = :operatorId and campaign_id = :campaignId
                            """)
                    .param("operatorId", operatorId)
                    .param("campaignId", template.campaignId())
                    .param("discount", redeemed.get().discountMinor())
                    .update();
        }
        events.publishEvent(new CouponRestored(
                operatorId,
                redeemed.get().memberId(),
                couponId,
                template.id(),
                redeemed.get().discountMinor(),
                orderId,
                status,
                template.campaignId()));
        return Optional.of(get(operatorId, couponId));
    }

    private static Coupon map(ResultSet rs, boolean replayed) throws SQLException {
        Timestamp redeemedAt = rs.getTimestamp("redeemed_at");
        return new Coupon(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getLong("template_id"),
                rs.getString("template_name"),
                CouponKind.valueOf(rs.getString("kind")),
                rs.getLong("member_id"),
                rs.getString("code"),
                CouponStatus.valueOf(rs.getString("effective")),
                CouponSource.valueOf(rs.getString("source")),
                rs.getTimestamp("issued_at").toInstant(),
                rs.getTimestamp("valid_from").toInstant(),
                rs.getTimestamp("valid_until").toInstant(),
                redeemedAt == null ? null : redeemedAt.toInstant(),
                Rows.nullableLong(rs, "order_id"),
                Rows.nullableLong(rs, "discount_minor"),
                replayed);
    }
}
