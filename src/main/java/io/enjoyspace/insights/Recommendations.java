package io.enjoyspace.insights;

import io.enjoyspace.booking.Reservation;
import io.enjoyspace.booking.ReservationStatus;
import io.enjoyspace.booking.Reservations;
import io.enjoyspace.booking.Resources;
import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Category;
import io.enjoyspace.catalog.CategoryKind;
import io.enjoyspace.catalog.Offering;
import io.enjoyspace.catalog.OfferingKind;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Sites;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Recommendations for one member (goods find people): gathers what {@link Recommender} reads from the rollups, the
 * nightly similarity tables, the member's own recent facts, the catalog and the member's bookings, and ranks. Every read
 * is by the operator and the member, so a member only ever sees offerings of their own operator.
 */
@Service
public class Recommendations {

    /** The most a caller may ask for. */
    public static final int MAX_LIMIT = 20;

    /** A resource type is a weekly habit when the member booked it in this many of the last four weeks. */
    static final int HABIT_WEEKS = 3;

    private static final Set<ReservationStatus> HELD =
            EnumSet.of(ReservationStatus.CONFIRMED, ReservationStatus.CHECKED_IN, ReservationStatus.COMPLETED);

    private final JdbcClient jdbc;
    private final MemberInterests interests;
    private final Members members;
    private final Sites sites;
    private final Catalog catalog;
    private final Reservations reservations;
    private final Resources resources;
    private final MessageSource messages;
    private final Clock clock;

    Recommendations(
            JdbcClient jdbc,
            MemberInterests interests,
            Members members,
            Sites sites,
            Catalog catalog,
            Reservations reservations,
            Resources resources,
            MessageSource messages,
            Clock clock) {
        this.jdbc = jdbc;
        this.interests = interests;
        this.members = members;
        this.sites = sites;
        this.catalog = catalog;
        this.reservations = reservations;
        this.resources = resources;
        this.messages = messages;
        this.clock = clock;
    }

    /**
     * The member's top offerings, best first, each with the reason to show; at most {@code limit} (1 to {@link
     * #MAX_LIMIT}), fewer or none when nothing is known yet.
     *
     * @throws NotFoundException when the member does not belong to the operator
     */
    public List<Recommender.Ranked> forMember(long operatorId, long memberId, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        }
        return Recommender.rank(inputs(operatorId, memberId), limit);
    }

    /** The reason as a sentence in the locale, e.g. Because you often use Cleaning. */
    public String reasonText(Recommender.Reason reason, Locale locale) {
        Object[] args = reason.args().toArray();
        if (reason.kind() == Recommender.Reason.Kind.BOOKING_HABIT) {
            args = new Object[] {
                messages.getMessage("recommend.resourceType." + reason.args().get(0), null, locale)
            };
        }
        return messages.getMessage("recommend.reason." + reason.kind().name(), args, locale);
    }

    Recommender.Inputs inputs(long operatorId, long memberId) {
        Member member = members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        Instant now = clock.instant();
        Map<Long, CategoryKind> categoryKinds =
                catalog.categories(operatorId).stream().collect(Collectors.toMap(Category::id, Category::kind));
        Set<Long> repeat = new HashSet<>(jdbc.sql("""
                        select offering_id from insight_offering_buyers
                        where operator_id = :operatorId and buyers >= :minBuyers
                          and repeat_buyers >= buyers * cast(:share as double precision)
                        """)
                .param("operatorId", operatorId)
                .param("minBuyers", RecommendSimilarity.MIN_BUYERS)
                .param("share", RecommendSimilarity.REPEAT_SHARE)
                .query(Long.class)
                .list());
        Map<Long, String> names = new HashMap<>();
        List<Recommender.Candidate> candidates = new ArrayList<>();
        for (Offering offering : catalog.offerings(operatorId, null, false)) {
            names.put(offering.id(), offering.name());
            if (offering.published() && offering.offeredAt(member.siteId())) {
                candidates.add(new Recommender.Candidate(
                        offering.id(),
                        offering.name(),
                        offering.categoryId(),
                        offering.categoryName(),
                        offering.kind() == OfferingKind.RESOURCE_TYPE
                                || categoryKinds.get(offering.categoryId()) == CategoryKind.OFFICE,
                        repeat.contains(offering.id())));
            }
        }
        Map<Long, Double> interest = new HashMap<>();
        for (MemberInterests.Interest found : interests.of(operatorId, memberId)) {
            interest.put(found.categoryId(), found.score());
        }
        List<Recommender.Purchase> purchases = jdbc.sql("""
                        select offering_id, count(*) as orders, max(occurred_at) as last_at
                        from activity_fact
                        where operator_id = :operatorId and member_id = :memberId and kind = 'ORDER_PAID'
                          and offering_id is not null and occurred_at >= :since and occurred_at <= :now
                        group by offering_id
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("since", Timestamp.from(now.minus(RecommendSimilarity.WINDOW)))
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new Recommender.Purchase(
                        rs.getLong("offering_id"),
                        names.getOrDefault(rs.getLong("offering_id"), ""),
                        rs.getLong("orders"),
                        rs.getTimestamp("last_at").toInstant()))
                .list();
        Map<Long, Map<Long, Double>> similarity = new HashMap<>();
        if (!purchases.isEmpty()) {
            jdbc.sql("""
                            select offering_id, similar_id, score from insight_offering_similarity
                            where operator_id = :operatorId and offering_id in (:offeringIds)
                            """)
                    .param("operatorId", operatorId)
                    .param(
                            "offeringIds",
                            purchases.stream()
                                    .map(Recommender.Purchase::offeringId)
                                    .toList())
                    .query(rs -> {
                        similarity
                                .computeIfAbsent(rs.getLong("offering_id"), id -> new HashMap<>())
                                .put(rs.getLong("similar_id"), rs.getDouble("score"));
                    });
        }
        Map<Long, Long> popularity = new HashMap<>();
        jdbc.sql("""
                        select offering_id, orders from insight_site_popularity
                        where operator_id = :operatorId and site_id = :siteId
                        """)
                .param("operatorId", operatorId)
                .param("siteId", member.siteId())
                .query(rs -> {
                    popularity.put(rs.getLong("offering_id"), rs.getLong("orders"));
                });
        return new Recommender.Inputs(
                candidates,
                interest,
                purchases,
                similarity,
                popularity,
                sites.get(operatorId, member.siteId()).name(),
                weeklyResourceTypes(operatorId, memberId, now),
                now);
    }

    /** The resource types the member booked in at least {@link #HABIT_WEEKS} of the last four weeks. */
    private Set<String> weeklyResourceTypes(long operatorId, long memberId, Instant now) {
        Instant since = now.minus(Duration.ofDays(28));
        Map<String, Set<Long>> weeks = new HashMap<>();
        Map<Long, String> types = new HashMap<>();
        for (Reservation reservation : reservations.ofMember(operatorId, memberId, 100)) {
            if (!HELD.contains(reservation.status())
                    || reservation.startsAt().isBefore(since)
                    || reservation.startsAt().isAfter(now)) {
                continue;
            }
            String type = types.computeIfAbsent(
                    reservation.resourceId(),
                    id -> resources.get(operatorId, id).type().name());
            weeks.computeIfAbsent(type, t -> new HashSet<>())
                    .add(Duration.between(since, reservation.startsAt()).toDays() / 7);
        }
        Set<String> weekly = new HashSet<>();
        weeks.forEach((type, booked) -> {
            if (booked.size() >= HABIT_WEEKS) {
                weekly.add(type);
            }
        });
        return weekly;
    }
}
