package io.enjoyspace.insights;

import io.enjoyspace.catalog.Catalog;
import io.enjoyspace.catalog.Category;
import io.enjoyspace.catalog.CategoryKind;
import io.enjoyspace.catalog.Offering;
import io.enjoyspace.catalog.OfferingKind;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.Sites;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The offline evaluation of {@link Recommender}: for every member of an operator with a paid order, the last paid order
 * is held out; the recommender's inputs are rebuilt from the facts strictly before it (the member's own purchases,
 * views and category interests as of that instant, the site's paid orders in the 90 days before it), and the
 * held-out offering is looked for in the top k of the recommender and of the popularity baseline (the k offerings
 * most ordered at the member's site in those 90 days). Item-item similarity is computed once from every member's
 * orders except the held-out ones (other members' later orders count, as they would in a nightly job run later).
 * Bookings carry no resource type in the facts, so the booking-habit source is not part of the evaluation.
 */
@Component
class RecommendEvaluation {

    private static final byte PAID = 0;
    private static final byte RATED = 1;
    private static final byte VIEW = 2;

    private final JdbcClient jdbc;
    private final Catalog catalog;
    private final Operators operators;
    private final Sites sites;

    RecommendEvaluation(JdbcClient jdbc, Catalog catalog, Operators operators, Sites sites) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.operators = operators;
        this.sites = sites;
    }

    /** Hit rates at k of the recommender and the baseline over {@code members} members, and the time taken. */
    record Result(
            long operatorId, int k, long members, double recommenderHitRate, double baselineHitRate, long millis) {}

    Result evaluate(long operatorId, int k) {
        long started = System.nanoTime();
        ZoneId zone = operators.get(operatorId).timeZone();
        Map<Long, String> siteNames = sites.list(operatorId).stream()
                .collect(Collectors.toMap(io.enjoyspace.tenancy.Site::id, io.enjoyspace.tenancy.Site::name));
        Map<Long, CategoryKind> categoryKinds =
                catalog.categories(operatorId).stream().collect(Collectors.toMap(Category::id, Category::kind));
        List<Offering> offerings = catalog.offerings(operatorId, null, true);
        Map<Long, String> offeringNames = new HashMap<>();
        offerings.forEach(offering -> offeringNames.put(offering.id(), offering.name()));

        // Every member's facts, member by member in time order.
        Facts facts = new Facts();
        jdbc.sql("""
                        select f.member_id, f.kind, f.offering_id, f.category_id, f.occurred_at
                        from activity_fact f
                        where f.operator_id = :operatorId and f.member_id is not null
                          and f.kind in ('ORDER_PAID', 'ORDER_RATED', 'OFFERING_VIEW', 'CATEGORY_VIEW')
                        order by f.member_id, f.occurred_at, f.id
                        """).param("operatorId", operatorId).query(rs -> {
            String kind = rs.getString("kind");
            facts.add(
                    rs.getLong("member_id"),
                    kind.equals("ORDER_PAID") ? PAID : kind.equals("ORDER_RATED") ? RATED : VIEW,
                    rs.getLong("offering_id"),
                    rs.getLong("category_id"),
                    rs.getTimestamp("occurred_at").toInstant().getEpochSecond());
        });
        Map<Long, Long> memberSites = new HashMap<>();
        jdbc.sql("select id, site_id from member where operator_id = :operatorId")
                .param("operatorId", operatorId)
                .query(rs -> {
                    memberSites.put(rs.getLong("id"), rs.getLong("site_id"));
                });

        // The held-out order of each member: the last paid order with an offering.
        List<int[]> members = new ArrayList<>(); // first fact, end (exclusive), held-out fact
        for (int first = 0; first < facts.size; ) {
            int end = first;
            int heldOut = -1;
            while (end < facts.size && facts.member[end] == facts.member[first]) {
                if (facts.kind[end] == PAID && facts.offering[end] != 0) {
                    heldOut = end;
                }
                end++;
            }
            if (heldOut >= 0) {
                members.add(new int[] {first, end, heldOut});
            }
            first = end;
        }

        // Training orders: every paid order before its member's held-out one. Popularity counts every paid order at
        // the site, each member's cutoff then keeps the ones strictly before it.
        Map<Long, Map<Long, Integer>> bought = new HashMap<>(); // member -> offering -> orders
        Map<String, List<Long>> siteOrders = new HashMap<>(); // site:offering -> order times
        for (int[] member : members) {
            for (int i = member[0]; i <= member[2]; i++) {
                if (facts.kind[i] == PAID && facts.offering[i] != 0) {
                    long site = memberSites.getOrDefault(facts.member[i], 0L);
                    siteOrders
                            .computeIfAbsent(site + ":" + facts.offering[i], key -> new ArrayList<>())
                            .add(facts.at[i]);
                    if (i < member[2]) {
                        bought.computeIfAbsent(facts.member[i], m -> new HashMap<>())
                                .merge(facts.offering[i], 1, Integer::sum);
                    }
                }
            }
        }
        Map<String, long[]> orderTimes = new HashMap<>();
        siteOrders.forEach((key, times) -> {
            long[] sorted = times.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            orderTimes.put(key, sorted);
        });
        // Buyers, repeat buyers and co-purchases, as the nightly job counts them.
        Map<Long, Integer> buyers = new HashMap<>();
        Map<Long, Integer> repeatBuyers = new HashMap<>();
        Map<Long, Map<Long, Integer>> together = new HashMap<>();
        for (Map<Long, Integer> purchases : bought.values()) {
            for (Map.Entry<Long, Integer> a : purchases.entrySet()) {
                buyers.merge(a.getKey(), 1, Integer::sum);
                if (a.getValue() > 1) {
                    repeatBuyers.merge(a.getKey(), 1, Integer::sum);
                }
                for (Long b : purchases.keySet()) {
                    if (!b.equals(a.getKey())) {
                        together.computeIfAbsent(a.getKey(), x -> new HashMap<>())
                                .merge(b, 1, Integer::sum);
                    }
                }
            }
        }
        Map<Long, Map<Long, Double>> similarity = new HashMap<>();
        together.forEach((a, row) -> row.forEach((b, count) -> {
            if (count >= RecommendSimilarity.MIN_TOGETHER) {
                similarity
                        .computeIfAbsent(a, x -> new HashMap<>())
                        .put(b, Math.min(1.0, count / Math.sqrt((double) buyers.get(a) * buyers.get(b))));
            }
        }));
        Set<Long> repeat = new HashSet<>();
        buyers.forEach((offering, count) -> {
            if (count >= RecommendSimilarity.MIN_BUYERS
                    && repeatBuyers.getOrDefault(offering, 0) >= count * RecommendSimilarity.REPEAT_SHARE) {
                repeat.add(offering);
            }
        });

        long recommenderHits = 0;
        long baselineHits = 0;
        long popularSeconds = Duration.ofDays(RecommendSimilarity.POPULAR_DAYS).toSeconds();
        for (int[] member : members) {
            int heldOut = member[2];
            long memberId = facts.member[heldOut];
            long siteId = memberSites.getOrDefault(memberId, 0L);
            long cutoff = facts.at[heldOut];
            Instant now = Instant.ofEpochSecond(cutoff);
            List<Recommender.Candidate> candidates = new ArrayList<>();
            Map<Long, Long> popularity = new HashMap<>();
            for (Offering offering : offerings) {
                if (!offering.offeredAt(siteId)) {
                    continue;
                }
                candidates.add(new Recommender.Candidate(
                        offering.id(),
                        offering.name(),
                        offering.categoryId(),
                        offering.categoryName(),
                        offering.kind() == OfferingKind.RESOURCE_TYPE
                                || categoryKinds.get(offering.categoryId()) == CategoryKind.OFFICE,
                        repeat.contains(offering.id())));
                long[] times = orderTimes.get(siteId + ":" + offering.id());
                long orders = times == null ? 0 : countBetween(times, cutoff - popularSeconds, cutoff);
                if (orders > 0) {
                    popularity.put(offering.id(), orders);
                }
            }
            // The member's interests and purchases as of the cutoff (see MemberInterests for the weights).
            LocalDate currentMonth = LocalDate.ofInstant(now, zone).withDayOfMonth(1);
            Map<Long, Double> interests = new HashMap<>();
            Map<Long, long[]> purchases = new HashMap<>(); // offering -> orders, last at
            long since = now.minus(RecommendSimilarity.WINDOW).getEpochSecond();
            for (int i = member[0]; i < member[1]; i++) {
                if (facts.at[i] >= cutoff || i == heldOut) {
                    continue;
                }
                if (facts.category[i] != 0) {
                    LocalDate month = LocalDate.ofInstant(Instant.ofEpochSecond(facts.at[i]), zone)
                            .withDayOfMonth(1);
                    long monthsBack = ChronoUnit.MONTHS.between(month, currentMonth);
                    if (monthsBack < MemberInterests.MONTHS) {
                        int weight = facts.kind[i] == PAID ? 5 : facts.kind[i] == RATED ? 2 : 1;
                        interests.merge(
                                facts.category[i], weight * Math.pow(MemberInterests.DECAY, monthsBack), Double::sum);
                    }
                }
                if (facts.kind[i] == PAID && facts.offering[i] != 0 && facts.at[i] >= since) {
                    long[] purchase = purchases.computeIfAbsent(facts.offering[i], o -> new long[2]);
                    purchase[0]++;
                    purchase[1] = Math.max(purchase[1], facts.at[i]);
                }
            }
            List<Recommender.Purchase> own = new ArrayList<>();
            purchases.forEach((offering, purchase) -> own.add(new Recommender.Purchase(
                    offering,
                    offeringNames.getOrDefault(offering, ""),
                    purchase[0],
                    Instant.ofEpochSecond(purchase[1]))));
            Map<Long, Map<Long, Double>> ownSimilarity = new HashMap<>();
            purchases
                    .keySet()
                    .forEach(offering -> ownSimilarity.put(offering, similarity.getOrDefault(offering, Map.of())));
            List<Recommender.Ranked> ranked = Recommender.rank(
                    new Recommender.Inputs(
                            candidates,
                            interests,
                            own,
                            ownSimilarity,
                            popularity,
                            siteNames.getOrDefault(siteId, ""),
                            Set.of(),
                            now),
                    k);
            long target = facts.offering[heldOut];
            if (ranked.stream().anyMatch(r -> r.offeringId() == target)) {
                recommenderHits++;
            }
            if (Recommender.popular(candidates, popularity, k).contains(target)) {
                baselineHits++;
            }
        }
        long count = members.size();
        return new Result(
                operatorId,
                k,
                count,
                count == 0 ? 0 : (double) recommenderHits / count,
                count == 0 ? 0 : (double) baselineHits / count,
                (System.nanoTime() - started) / 1_000_000);
    }

    // How many of the sorted times fall from the first bound (included) to the second (excluded).
    private static long countBetween(long[] sorted, long from, long until) {
        return lowerBound(sorted, until) - lowerBound(sorted, from);
    }

    private static int lowerBound(long[] sorted, long value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] < value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    // Facts as parallel arrays: millions of them fit without an object each.
    private static final class Facts {
        long[] member = new long[1024];
        byte[] kind = new byte[1024];
        long[] offering = new long[1024];
        long[] category = new long[1024];
        long[] at = new long[1024];
        int size;

        void add(long memberId, byte factKind, long offeringId, long categoryId, long epochSecond) {
            if (size == member.length) {
                int grown = size * 2;
                member = Arrays.copyOf(member, grown);
                kind = Arrays.copyOf(kind, grown);
                offering = Arrays.copyOf(offering, grown);
                category = Arrays.copyOf(category, grown);
                at = Arrays.copyOf(at, grown);
            }
            member[size] = memberId;
            kind[size] = factKind;
            offering[size] = offeringId;
            category[size] = categoryId;
            at[size] = epochSecond;
            size++;
        }
    }
}
