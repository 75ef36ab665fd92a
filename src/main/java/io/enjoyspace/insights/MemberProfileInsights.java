package io.enjoyspace.insights;

import io.enjoyspace.engagement.LifecycleReports;
import io.enjoyspace.engagement.LifecycleStage;
import io.enjoyspace.membership.Audience;
import io.enjoyspace.membership.TierEvaluation;
import io.enjoyspace.points.Account;
import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.shared.Formats;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Enterprise;
import io.enjoyspace.tenancy.Enterprises;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import io.enjoyspace.wallet.MemberWallets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A member seen from every side (the member 360): who they are and where they work, their tier and points, what they
 * did over the last twelve months and ever, what they are interested in, their lifecycle stage, and a timeline of their
 * latest activity. Figures come from the member activity rollup (one row per member, month, kind and category), the
 * timeline from the facts through the member index a page at a time, so a profile costs the same however long the
 * history. Twelve months are the current calendar month and the eleven before it, in the operator's time zone, as in
 * {@link MemberInterests}. Facts still waiting in the rollup inbox (a second or so) are not yet counted or listed.
 */
@Service
public class MemberProfileInsights {

    /** Interests shown on a profile. */
    static final int INTERESTS = 5;

    /** Timeline entries per page by default, and at most. */
    static final int TIMELINE_PAGE = 20;

    static final int TIMELINE_PAGE_MAX = 100;

    /** Points expiring within this many days count as expiring soon. */
    static final int EXPIRING_SOON_DAYS = 30;

    private final JdbcClient jdbc;
    private final Operators operators;
    private final Members members;
    private final Enterprises enterprises;
    private final Sites sites;
    private final TierEvaluation tiers;
    private final PointsLedger ledger;
    private final MemberWallets wallets;
    private final LifecycleReports lifecycle;
    private final MemberInterests interests;
    private final Tags tags;
    private final RfmScores scores;
    private final MessageSource messages;
    private final Formats formats;
    private final Clock clock;

    MemberProfileInsights(
            JdbcClient jdbc,
            Operators operators,
            Members members,
            Enterprises enterprises,
            Sites sites,
            TierEvaluation tiers,
            PointsLedger ledger,
            MemberWallets wallets,
            LifecycleReports lifecycle,
            MemberInterests interests,
            Tags tags,
            RfmScores scores,
            MessageSource messages,
            Formats formats,
            Clock clock) {
        this.tags = tags;
        this.scores = scores;
        this.jdbc = jdbc;
        this.operators = operators;
        this.members = members;
        this.enterprises = enterprises;
        this.sites = sites;
        this.tiers = tiers;
        this.ledger = ledger;
        this.wallets = wallets;
        this.lifecycle = lifecycle;
        this.interests = interests;
        this.messages = messages;
        this.formats = formats;
        this.clock = clock;
    }

    /**
     * The member's profile. {@code tags} and {@code rfm} are the places for the member's tags and RFM scores (empty and
     * null until the tags module fills them).
     */
    public record Profile(
            String memberId,
            String name,
            String mobile,
            String email,
            LocalDate registeredOn,
            String siteId,
            String siteName,
            String enterpriseId,
            String enterpriseName,
            String currency,
            LocalDate asOf,
            TierCard tier,
            PointsCard points,
            long walletBalanceMinor,
            Totals last12Months,
            Totals allTime,
            List<MemberInterests.Interest> interests,
            Lifecycle lifecycle,
            LocalDate lastActiveDay,
            List<MemberTag> tags,
            RfmScore rfm,
            Timeline timeline) {}

    /** The member's tier now and the way to the next one (null names: none). */
    public record TierCard(
            String code, String name, String nextCode, String nextName, String measure, long value, long toNext) {}

    /** Points to spend now, and how many of them expire within {@link #EXPIRING_SOON_DAYS} days (the first by when). */
    public record PointsCard(long balance, long expiringSoon, Instant firstExpiresAt) {}

    /** What the member did in a period. {@code averageStars} is null without ratings. */
    public record Totals(
            long orders,
            long spendMinor,
            long refundedMinor,
            long bookings,
            long bookingCheckIns,
            long dailyCheckIns,
            long ratings,
            Double averageStars,
            long couponsUsed,
            long mallRedemptions,
            long pointsEarned,
            long pointsRedeemed) {}

    /** The member's lifecycle stage (null before the first nightly run placed them) and since when. */
    public record Lifecycle(LifecycleStage stage, Instant enteredAt) {}

    /** One page of the timeline, newest first; {@code nextBefore} continues it (null: no older entries). */
    public record Timeline(List<TimelineEntry> entries, String nextBefore) {}

    /**
     * One thing the member did, with a label in the reader's language; {@code link} is the console page of the order
     * when there is one.
     */
    public record TimelineEntry(
            String id,
            String kind,
            Instant occurredAt,
            String label,
            String subjectId,
            String offeringId,
            String offeringName,
            String categoryName,
            long amountMinor,
            long points,
            Integer stars,
            String link) {}

    /** The member's profile as of today, with the first page of the timeline; another operator's member is not found. */
    public Profile profile(long operatorId, long memberId, Locale locale) {
        Operator operator = operators.get(operatorId);
        return profile(operatorId, memberId, LocalDate.now(clock.withZone(operator.timeZone())), locale);
    }

    /** The profile with its figures as of {@code today} (tier, points and wallet are always now). */
    Profile profile(long operatorId, long memberId, LocalDate today, Locale locale) {
        Operator operator = operators.get(operatorId);
        Member member = members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        Enterprise enterprise = member.enterpriseId() == null
                ? null
                : enterprises.find(operatorId, member.enterpriseId()).orElse(null);
        String siteName = sites.get(operatorId, member.siteId()).name();
        TierEvaluation.Standing standing = tiers.standing(operatorId, Audience.MEMBER, memberId);
        TierCard tier = standing.tier() == null && standing.next() == null
                ? null
                : new TierCard(
                        standing.tier() == null ? null : standing.tier().code(),
                        standing.tier() == null ? null : standing.tier().name(),
                        standing.next() == null ? null : standing.next().code(),
                        standing.next() == null ? null : standing.next().name(),
                        standing.measure() == null ? null : standing.measure().name(),
                        standing.value(),
                        standing.toNext());
        Account account = Account.member(memberId);
        List<PointsLedger.ExpiringPoints> expiring =
                ledger.expiringBefore(operatorId, account, clock.instant().plus(Duration.ofDays(EXPIRING_SOON_DAYS)));
        PointsCard points = new PointsCard(
                ledger.balance(operatorId, account),
                expiring.stream().mapToLong(PointsLedger.ExpiringPoints::points).sum(),
                expiring.isEmpty() ? null : expiring.get(0).expiresAt());
        LocalDate month = today.withDayOfMonth(1);
        Totals[] totals = totals(operatorId, memberId, month.minusMonths(MemberInterests.MONTHS - 1L), month);
        LifecycleReports.Standing stage = lifecycle.standing(operatorId, memberId);
        LocalDate lastActive = jdbc.sql("""
                        select max(day) from insight_member_day
                        where operator_id = :operatorId and member_id = :memberId and day <= :today
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("today", today)
                .query(LocalDate.class)
                .optional()
                .orElse(null);
        return new Profile(
                Long.toString(memberId),
                member.name(),
                member.mobile(),
                member.email(),
                member.registeredOn(),
                Long.toString(member.siteId()),
                siteName,
                enterprise == null ? null : Long.toString(enterprise.id()),
                enterprise == null ? null : enterprise.name(),
                operator.currency(),
                today,
                tier,
                points,
                wallets.balance(operatorId, memberId).amountMinor(),
                totals[0],
                totals[1],
                interests.of(operatorId, memberId).stream().limit(INTERESTS).toList(),
                new Lifecycle(stage.stage(), stage.enteredAt()),
                lastActive,
                tags.of(operatorId, memberId),
                scores.of(operatorId, memberId).orElse(null),
                timeline(operatorId, memberId, null, TIMELINE_PAGE, locale));
    }

    /**
     * The months from {@code firstMonth} to {@code lastMonth} and all months, from the activity rollup: [window, ever].
     */
    private Totals[] totals(long operatorId, long memberId, LocalDate firstMonth, LocalDate lastMonth) {
        Map<FactKind, long[]> window = new EnumMap<>(FactKind.class);
        Map<FactKind, long[]> ever = new EnumMap<>(FactKind.class);
        jdbc.sql("""
                        select kind,
                               sum(facts) as facts, sum(amount_minor) as amount_minor, sum(points) as points,
                               sum(stars) as stars,
                               coalesce(sum(facts) filter (where month between :first and :last), 0) as window_facts,
                               coalesce(sum(amount_minor) filter (where month between :first and :last), 0)
                                   as window_amount_minor,
                               coalesce(sum(points) filter (where month between :first and :last), 0) as window_points,
                               coalesce(sum(stars) filter (where month between :first and :last), 0) as window_stars
                        from insight_member_activity
                        where operator_id = :operatorId and member_id = :memberId and month <= :last
                        group by kind
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("first", firstMonth)
                .param("last", lastMonth)
                .query(rs -> {
                    FactKind kind;
                    try {
                        kind = FactKind.valueOf(rs.getString("kind"));
                    } catch (IllegalArgumentException unknown) {
                        return;
                    }
                    ever.put(kind, new long[] {
                        rs.getLong("facts"), rs.getLong("amount_minor"), rs.getLong("points"), rs.getLong("stars")
                    });
                    window.put(kind, new long[] {
                        rs.getLong("window_facts"),
                        rs.getLong("window_amount_minor"),
                        rs.getLong("window_points"),
                        rs.getLong("window_stars")
                    });
                });
        return new Totals[] {totals(window), totals(ever)};
    }

    private static Totals totals(Map<FactKind, long[]> counted) {
        long[] none = new long[4];
        long[] rated = counted.getOrDefault(FactKind.ORDER_RATED, none);
        return new Totals(
                counted.getOrDefault(FactKind.ORDER_PAID, none)[0],
                counted.getOrDefault(FactKind.ORDER_PAID, none)[1],
                counted.getOrDefault(FactKind.ORDER_REFUNDED, none)[1],
                counted.getOrDefault(FactKind.RESERVATION_BOOKED, none)[0],
                counted.getOrDefault(FactKind.RESERVATION_CHECKED_IN, none)[0],
                counted.getOrDefault(FactKind.DAILY_CHECK_IN, none)[0],
                rated[0],
                rated[0] == 0 ? null : Math.round(rated[3] * 100.0 / rated[0]) / 100.0,
                counted.getOrDefault(FactKind.COUPON_USED, none)[0],
                counted.getOrDefault(FactKind.REWARD_REDEEMED, none)[0],
                counted.getOrDefault(FactKind.POINTS_ISSUED, none)[2],
                counted.getOrDefault(FactKind.POINTS_REDEEMED, none)[2]);
    }

    /**
     * A page of the member's timeline, newest first, before the cursor {@code before} (a {@code nextBefore} of an
     * earlier page, or an ISO instant; null: from the newest). Views are left out. Another operator's member is not
     * found; a cursor that is neither is a field error.
     */
    public Timeline timeline(long operatorId, long memberId, String before, int size, Locale locale) {
        members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        if (size < 1 || size > TIMELINE_PAGE_MAX) {
            throw new InvalidInputException("size", "profiles.timelineSize");
        }
        Cursor cursor = Cursor.parse(before);
        String currency = operators.get(operatorId).currency();
        String after = cursor == null ? "" : " and f.occurred_at <= :at and (f.occurred_at < :at or f.id < :id)";
        List<TimelineEntry> entries = new ArrayList<>();
        List<Cursor> positions = new ArrayList<>();
        var query = jdbc.sql("""
                        select f.id, f.kind, f.subject_id, f.occurred_at, f.amount_minor, f.points, f.stars,
                               f.offering_id, o.name as offering_name, c.name as category_name
                        from activity_fact f
                        left join offering o on o.operator_id = f.operator_id and o.id = f.offering_id
                        left join service_category c on c.operator_id = f.operator_id and c.id = f.category_id
                        where f.operator_id = :operatorId and f.member_id = :memberId
                          and f.kind not in ('OFFERING_VIEW', 'CATEGORY_VIEW', 'OFFER_OPEN') %s
                        order by f.occurred_at desc, f.id desc
                        limit :limit
                        """.formatted(after))
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("limit", size + 1);
        if (cursor != null) {
            query = query.param("at", Timestamp.from(cursor.at())).param("id", cursor.id());
        }
        query.query(rs -> {
            long id = rs.getLong("id");
            Instant at = rs.getTimestamp("occurred_at").toInstant();
            String kind = rs.getString("kind");
            String subject = rs.getString("subject_id");
            long amount = rs.getLong("amount_minor");
            long points = rs.getLong("points");
            int stars = rs.getInt("stars");
            Integer starsOrNull = rs.wasNull() ? null : stars;
            long offeringId = rs.getLong("offering_id");
            String offering = rs.wasNull() ? null : Long.toString(offeringId);
            String offeringName = rs.getString("offering_name");
            String categoryName = rs.getString("category_name");
            String what = offeringName != null ? offeringName : categoryName != null ? categoryName : "";
            String label = messages.getMessage(
                    "profiles.timeline." + kind,
                    new Object[] {formats.money(amount, currency), what, points, starsOrNull == null ? 0 : stars},
                    kind,
                    locale);
            entries.add(new TimelineEntry(
                    Long.toString(id),
                    kind,
                    at,
                    label,
                    subject,
                    offering,
                    offeringName,
                    categoryName,
                    amount,
                    points,
                    starsOrNull,
                    link(kind, subject)));
            positions.add(new Cursor(at, id));
        });
        String next = null;
        if (entries.size() > size) {
            entries.remove(size);
            next = positions.get(size - 1).text();
        }
        return new Timeline(entries, next);
    }

    /** The console page of the fact's order, when its subject is one (a refund's subject is the refund). */
    private static String link(String kind, String subject) {
        boolean order = kind.startsWith("ORDER_") && !kind.equals("ORDER_REFUNDED");
        if (!order || subject == null || subject.isEmpty() || subject.length() > 18) {
            return null;
        }
        for (int i = 0; i < subject.length(); i++) {
            if (!Character.isDigit(subject.charAt(i))) {
                return null;
            }
        }
        return "/console/orders/" + subject;
    }

    /** A place in the timeline: entries before this instant, or at it with a smaller id. */
    record Cursor(Instant at, long id) {

        String text() {
            return at + "~" + id;
        }

        static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                int tilde = text.indexOf('~');
                if (tilde < 0) {
                    return new Cursor(Instant.parse(text.strip()), 0);
                }
                return new Cursor(Instant.parse(text.substring(0, tilde)), Long.parseLong(text.substring(tilde + 1)));
            } catch (DateTimeParseException | NumberFormatException invalid) {
                throw new InvalidInputException("before", "profiles.before");
            }
        }
    }
}
