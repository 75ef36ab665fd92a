package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.enjoyspace.insights.Recommender.Candidate;
import io.enjoyspace.insights.Recommender.Inputs;
import io.enjoyspace.insights.Recommender.Purchase;
import io.enjoyspace.insights.Recommender.Ranked;
import io.enjoyspace.insights.Recommender.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ranking as a pure function: blended scores, the reason named after the largest part, ties and exclusions. */
class RecommenderTest {

    static final Instant NOW = Instant.parse("2026-06-15T04:00:00Z");
    static final long CLEANING = 1;
    static final long CATERING = 2;
    static final long LEGAL = 3;

    static Candidate cleaning(long id) {
        return new Candidate(id, "Cleaning " + id, CLEANING, "Cleaning", true, true);
    }

    static Candidate catering(long id) {
        return new Candidate(id, "Catering " + id, CATERING, "Catering", false, true);
    }

    static Candidate legal(long id, boolean repeat) {
        return new Candidate(id, "Legal " + id, LEGAL, "Legal", false, repeat);
    }

    static Inputs inputs(
            List<Candidate> candidates,
            Map<Long, Double> interests,
            List<Purchase> purchases,
            Map<Long, Map<Long, Double>> similarity,
            Map<Long, Long> popularity,
            Set<String> weekly) {
        return new Inputs(candidates, interests, purchases, similarity, popularity, "Tower 1", weekly, NOW);
    }

    @Test
    void theFavouriteCategoryLeadsAndItsReasonNamesTheCategory() {
        List<Ranked> ranked = Recommender.rank(
                inputs(
                        List.of(catering(20), cleaning(10)),
                        Map.of(CLEANING, 10.0, CATERING, 2.0),
                        List.of(),
                        Map.of(),
                        Map.of(),
                        Set.of()),
                5);

        assertThat(ranked).extracting(Ranked::offeringId).containsExactly(10L, 20L);
        assertThat(ranked.get(0).score()).isCloseTo(Recommender.AFFINITY_WEIGHT, within(1e-9));
        assertThat(ranked.get(1).score()).isCloseTo(Recommender.AFFINITY_WEIGHT * 0.2, within(1e-9));
        assertThat(ranked.get(0).reason()).isEqualTo(new Reason(Reason.Kind.CATEGORY_AFFINITY, List.of("Cleaning")));
    }

    @Test
    void whatSimilarMembersUseIsNamedAfterTheOfferingTheMemberBought() {
        Purchase lunch = new Purchase(20, "Healthy lunch", 3, NOW.minus(Duration.ofDays(3)));
        List<Ranked> ranked = Recommender.rank(
                inputs(
                        List.of(catering(20), legal(30, true)),
                        Map.of(),
                        List.of(lunch),
                        Map.of(20L, Map.of(30L, 0.9)),
                        Map.of(),
                        Set.of()),
                5);

        assertThat(ranked).extracting(Ranked::offeringId).containsExactly(30L);
        assertThat(ranked.get(0).score()).isCloseTo(Recommender.SIMILAR_WEIGHT * 0.9, within(1e-9));
        assertThat(ranked.get(0).reason()).isEqualTo(new Reason(Reason.Kind.SIMILAR_MEMBERS, List.of("Healthy lunch")));
    }

    @Test
    void aMemberWithNoHistoryGetsWhatIsPopularAtTheSite() {
        List<Ranked> ranked = Recommender.rank(
                inputs(
                        List.of(catering(20), catering(21), legal(30, true)),
                        Map.of(),
                        List.of(),
                        Map.of(),
                        Map.of(20L, 4L, 21L, 8L),
                        Set.of()),
                5);

        assertThat(ranked).extracting(Ranked::offeringId).containsExactly(21L, 20L);
        assertThat(ranked.get(0).score()).isCloseTo(Recommender.POPULAR_WEIGHT, within(1e-9));
        assertThat(ranked.get(1).score()).isCloseTo(Recommender.POPULAR_WEIGHT / 2, within(1e-9));
        assertThat(ranked)
                .extracting(Ranked::reason)
                .containsOnly(new Reason(Reason.Kind.POPULAR_AT_SITE, List.of("Tower 1")));
    }

    @Test
    void aWeeklyBookingHabitRecommendsOfficeOfferingsOnly() {
        List<Ranked> ranked = Recommender.rank(
                inputs(
                        List.of(cleaning(10), catering(20)),
                        Map.of(),
                        List.of(),
                        Map.of(),
                        Map.of(),
                        Set.of("MEETING_ROOM")),
                5);

        assertThat(ranked).extracting(Ranked::offeringId).containsExactly(10L);
        assertThat(ranked.get(0).reason()).isEqualTo(new Reason(Reason.Kind.BOOKING_HABIT, List.of("MEETING_ROOM")));
    }

    @Test
    void aOneOffPurchaseIsNotRecommendedAgainWithinThirtyDaysButARepeatKindIs() {
        Candidate oneOffRecent = legal(30, false);
        Candidate oneOffLongAgo = legal(31, false);
        Candidate repeatRecent = legal(32, true);
        List<Purchase> purchases = List.of(
                new Purchase(30, "Legal 30", 1, NOW.minus(Duration.ofDays(29))),
                new Purchase(31, "Legal 31", 1, NOW.minus(Duration.ofDays(31))),
                new Purchase(32, "Legal 32", 1, NOW.minus(Duration.ofDays(1))));

        List<Ranked> ranked = Recommender.rank(
                inputs(
                        List.of(oneOffRecent, oneOffLongAgo, repeatRecent),
                        Map.of(LEGAL, 5.0),
                        purchases,
                        Map.of(),
                        Map.of(),
                        Set.of()),
                5);

        assertThat(ranked).extracting(Ranked::offeringId).containsExactly(31L, 32L);
    }

    @Test
    void tiesGoToTheMorePopularOfferingThenTheLowerId() {
        // Equal affinity; 12 and 11 are equally popular at the site, 13 less: the popular part breaks the tie first.
        List<Ranked> ranked = Recommender.rank(
                inputs(
                        List.of(cleaning(13), cleaning(12), cleaning(11), cleaning(14)),
                        Map.of(CLEANING, 1.0),
                        List.of(),
                        Map.of(),
                        Map.of(11L, 5L, 12L, 5L, 13L, 2L),
                        Set.of()),
                5);

        assertThat(ranked).extracting(Ranked::offeringId).containsExactly(11L, 12L, 13L, 14L);
        assertThat(ranked.get(0).score()).isEqualTo(ranked.get(1).score());
        assertThat(ranked.get(3).score()).isCloseTo(Recommender.AFFINITY_WEIGHT, within(1e-9));
        assertThat(ranked.get(3).reason().kind()).isEqualTo(Reason.Kind.CATEGORY_AFFINITY);
    }

    @Test
    void theLimitCutsTheListAndOfferingsWithoutAnySignalAreLeftOut() {
        Inputs in = inputs(
                List.of(cleaning(10), cleaning(11), cleaning(12), catering(20)),
                Map.of(CLEANING, 1.0),
                List.of(),
                Map.of(),
                Map.of(),
                Set.of());

        assertThat(Recommender.rank(in, 2)).extracting(Ranked::offeringId).containsExactly(10L, 11L);
        assertThat(Recommender.rank(in, 10)).extracting(Ranked::offeringId).containsExactly(10L, 11L, 12L);
        assertThat(Recommender.rank(in, 0)).isEmpty();
    }

    @Test
    void blendedSourcesAddUpAndTheLargestPartNamesTheReason() {
        // Affinity 0.40 * 0.5 = 0.20, similarity 0.30 * 0.8 = 0.24, popularity 0.20 * 1 = 0.20: similarity is largest.
        Purchase bought = new Purchase(10, "Cleaning 10", 2, NOW.minus(Duration.ofDays(60)));
        List<Ranked> ranked = Recommender.rank(
                inputs(
                        List.of(cleaning(11)),
                        Map.of(CLEANING, 1.0, CATERING, 2.0),
                        List.of(bought),
                        Map.of(10L, Map.of(11L, 0.8)),
                        Map.of(11L, 3L),
                        Set.of()),
                5);

        assertThat(ranked.get(0).score()).isCloseTo(0.20 + 0.24 + 0.20, within(1e-9));
        assertThat(ranked.get(0).reason()).isEqualTo(new Reason(Reason.Kind.SIMILAR_MEMBERS, List.of("Cleaning 10")));
    }

    @Test
    void theBaselineIsTheSitesTopSellers() {
        assertThat(Recommender.popular(
                        List.of(cleaning(10), cleaning(11), catering(20), catering(21)),
                        Map.of(10L, 1L, 11L, 7L, 20L, 7L),
                        2))
                .containsExactly(11L, 20L);
    }
}
