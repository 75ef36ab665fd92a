package io.enjoyspace.insights;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks offerings for one member, as a pure function of what is known about the member and the catalog, so that the
 * online API, the targeted messages and the offline evaluation rank the same way. Four sources, each scaled to 0..1
 * and blended with fixed weights:
 *
 * <ul>
 *   <li>category affinity ({@link #AFFINITY_WEIGHT}): the member's interest in the offering's category (from {@link
 *       MemberInterests}) against their strongest interest;
 *   <li>similar members ({@link #SIMILAR_WEIGHT}): the highest item-item similarity (cosine of co-purchase across
 *       members, see {@link RecommendSimilarity}) between the offering and something the member bought;
 *   <li>popular at the site ({@link #POPULAR_WEIGHT}): paid orders of the offering at the member's site in the 90
 *       days to the last nightly run against the site's most ordered offering;
 *   <li>booking habit ({@link #BOOKING_WEIGHT}): the member books a resource type in most recent weeks and the offering
 *       is a bookable resource type or belongs to an office category.
 * </ul>
 *
 * Affinity leads because it is the member's own, longest-running signal; similarity refines it within and across
 * categories; popularity breaks ties and serves members with little history. The reason shown is the source that
 * contributed most. Offerings that are not on sale or not offered at the member's site are never candidates; an
 * offering bought within {@link #REPEAT_WINDOW} is left out unless it is a repeat-purchase kind (one that members buy
 * again: see {@link RecommendSimilarity#REPEAT_SHARE}). Ties go to the more popular offering, then the lower id.
 */
public final class Recommender {

    static final double AFFINITY_WEIGHT = 0.40;
    static final double SIMILAR_WEIGHT = 0.30;
    static final double POPULAR_WEIGHT = 0.20;
    static final double BOOKING_WEIGHT = 0.10;

    /** An offering bought this recently is not recommended again unless members buy it repeatedly. */
    static final Duration REPEAT_WINDOW = Duration.ofDays(30);

    private Recommender() {}

    /** Something the member could be offered: on sale and offered at the member's site. */
    public record Candidate(
            long offeringId,
            String name,
            long categoryId,
            String categoryName,
            boolean officeOrResource,
            boolean repeatPurchase) {}

    /** An offering the member bought: how often and when last (for the similar-members source and the exclusion). */
    public record Purchase(long offeringId, String name, long orders, Instant lastAt) {}

    /**
     * Everything the ranking reads about one member.
     *
     * @param interests category id to affinity score (any positive scale)
     * @param purchases what the member bought in the last twelve months
     * @param similarity offering id to (similar offering id to cosine 0..1), for the member's purchases
     * @param popularity offering id to paid orders at the member's site
     * @param siteName the member's site, named in the popular-at-site reason
     * @param weeklyResourceTypes resource types (enum names) the member books weekly
     */
    public record Inputs(
            List<Candidate> candidates,
            Map<Long, Double> interests,
            List<Purchase> purchases,
            Map<Long, Map<Long, Double>> similarity,
            Map<Long, Long> popularity,
            String siteName,
            Set<String> weeklyResourceTypes,
            Instant now) {}

    /** Why an offering is recommended: a kind and the arguments of its message. */
    public record Reason(Kind kind, List<String> args) {

        public Reason {
            args = List.copyOf(args);
        }

        /**
         * The sources; each renders as the message {@code recommend.reason.KIND}. Arguments: a category name, an
         * offering name, a site name, a resource type (an enum name of booking's resource types).
         */
        public enum Kind {
            CATEGORY_AFFINITY,
            SIMILAR_MEMBERS,
            POPULAR_AT_SITE,
            BOOKING_HABIT
        }
    }

    /** One ranked offering: its blended score (0..1) and the reason shown. */
    public record Ranked(
            long offeringId, String name, long categoryId, String categoryName, double score, Reason reason) {}

    /** The best {@code limit} offerings for the member, best first; offerings with no signal at all are left out. */
    public static List<Ranked> rank(Inputs in, int limit) {
        double strongestInterest = in.interests().values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        long mostPopular = in.popularity().values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        Map<Long, Purchase> bought = new java.util.HashMap<>();
        for (Purchase purchase : in.purchases()) {
            bought.put(purchase.offeringId(), purchase);
        }
        Instant recent = in.now().minus(REPEAT_WINDOW);
        record Scored(Ranked ranked, long popularity) {}
        List<Scored> scored = new ArrayList<>();
        for (Candidate candidate : in.candidates()) {
            Purchase own = bought.get(candidate.offeringId());
            if (own != null && !candidate.repeatPurchase() && own.lastAt().isAfter(recent)) {
                continue;
            }
            double affinity = strongestInterest <= 0
                    ? 0
                    : in.interests().getOrDefault(candidate.categoryId(), 0.0) / strongestInterest;
            double similar = 0;
            String similarTo = null;
            for (Purchase purchase : in.purchases()) {
                if (purchase.offeringId() == candidate.offeringId()) {
                    continue;
                }
                double cosine = in.similarity()
                        .getOrDefault(purchase.offeringId(), Map.of())
                        .getOrDefault(candidate.offeringId(), 0.0);
                if (cosine > similar) {
                    similar = cosine;
                    similarTo = purchase.name();
                }
            }
            long orders = in.popularity().getOrDefault(candidate.offeringId(), 0L);
            double popular = mostPopular == 0 ? 0 : (double) orders / mostPopular;
            String habit = candidate.officeOrResource()
                    ? in.weeklyResourceTypes().stream().sorted().findFirst().orElse(null)
                    : null;
            double booking = habit == null ? 0 : 1;

            double[] parts = {
                AFFINITY_WEIGHT * affinity, SIMILAR_WEIGHT * similar, BOOKING_WEIGHT * booking, POPULAR_WEIGHT * popular
            };
            double score = parts[0] + parts[1] + parts[2] + parts[3];
            if (score <= 0) {
                continue;
            }
            // The largest part names the reason; on a tie the earlier (more personal) source wins.
            int best = 0;
            for (int part = 1; part < parts.length; part++) {
                if (parts[part] > parts[best]) {
                    best = part;
                }
            }
            Reason reason = switch (best) {
                case 0 -> new Reason(Reason.Kind.CATEGORY_AFFINITY, List.of(candidate.categoryName()));
                case 1 -> new Reason(Reason.Kind.SIMILAR_MEMBERS, List.of(similarTo));
                case 2 -> new Reason(Reason.Kind.BOOKING_HABIT, List.of(habit));
                default -> new Reason(Reason.Kind.POPULAR_AT_SITE, List.of(in.siteName()));
            };
            scored.add(new Scored(
                    new Ranked(
                            candidate.offeringId(),
                            candidate.name(),
                            candidate.categoryId(),
                            candidate.categoryName(),
                            score,
                            reason),
                    orders));
        }
        return scored.stream()
                .sorted(Comparator.comparingDouble((Scored s) -> s.ranked().score())
                        .reversed()
                        .thenComparing(
                                Comparator.comparingLong(Scored::popularity).reversed())
                        .thenComparingLong(s -> s.ranked().offeringId()))
                .limit(Math.max(0, limit))
                .map(Scored::ranked)
                .toList();
    }

    /**
     * The popularity baseline of the evaluation: the {@code limit} offerings most ordered at the site, ties to the
     * lower id.
     */
    static List<Long> popular(List<Candidate> candidates, Map<Long, Long> popularity, int limit) {
        return candidates.stream()
                .filter(candidate -> popularity.getOrDefault(candidate.offeringId(), 0L) > 0)
                .sorted(Comparator.comparingLong(
                                (Candidate candidate) -> popularity.getOrDefault(candidate.offeringId(), 0L))
                        .reversed()
                        .thenComparingLong(Candidate::offeringId))
                .limit(limit)
                .map(Candidate::offeringId)
                .toList();
    }
}
