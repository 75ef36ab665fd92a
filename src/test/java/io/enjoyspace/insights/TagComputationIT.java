package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Tag boundaries (activity days, company size, RFM quintiles) and the incremental run agreeing with the full one. */
@EnjoySpaceTest
class TagComputationIT {

    @Autowired
    TagWorld worlds;

    @Autowired
    TagComputation computation;

    @Autowired
    Tags tags;

    @Autowired
    RfmScores scores;

    @Autowired
    JdbcClient jdbc;

    private List<String> tagsOf(TagWorld.World world, long memberId, String group) {
        return tags.of(world.operatorId(), memberId).stream()
                .filter(tag -> tag.group().equals(group))
                .map(MemberTag::tag)
                .toList();
    }

    @Test
    void activityLevelCountsActiveDaysOfTheLastThirtyDays() {
        TagWorld.World world = worlds.create();
        Map<Integer, Long> byDays = new java.util.LinkedHashMap<>();
        for (int days : new int[] {0, 1, 2, 3, 7, 8}) {
            long member = worlds.member(world, null);
            for (int day = 0; day < days; day++) {
                worlds.checkIn(world, member, day);
            }
            byDays.put(days, member);
        }
        long outside = worlds.member(world, null);
        for (int day = 0; day < 7; day++) {
            worlds.checkIn(world, outside, day);
        }
        worlds.checkIn(world, outside, 30);
        worlds.rollUp();

        computation.recomputeAll(world.operatorId());

        assertThat(tagsOf(world, byDays.get(0), "activity")).containsExactly("activity:none");
        assertThat(tagsOf(world, byDays.get(1), "activity")).containsExactly("activity:low");
        assertThat(tagsOf(world, byDays.get(2), "activity")).containsExactly("activity:low");
        assertThat(tagsOf(world, byDays.get(3), "activity")).containsExactly("activity:medium");
        assertThat(tagsOf(world, byDays.get(7), "activity")).containsExactly("activity:medium");
        assertThat(tagsOf(world, byDays.get(8), "activity")).containsExactly("activity:high");
        assertThat(tagsOf(world, outside, "activity")).containsExactly("activity:medium");
        assertThat(scores.of(world.operatorId(), outside).orElseThrow().activeDays30())
                .isEqualTo(7);
    }

    @Test
    void companySizeBandsSplitAtTenAndFifty() {
        TagWorld.World world = worlds.create();
        Map<Integer, Long> byHeadcount = new java.util.LinkedHashMap<>();
        for (int headcount : new int[] {1, 10, 11, 50, 51}) {
            byHeadcount.put(headcount, worlds.member(world, worlds.enterprise(world, "Legal services", headcount)));
        }
        long alone = worlds.member(world, null);

        computation.recomputeAll(world.operatorId());

        assertThat(tagsOf(world, byHeadcount.get(1), "size")).containsExactly("size:1-10");
        assertThat(tagsOf(world, byHeadcount.get(10), "size")).containsExactly("size:1-10");
        assertThat(tagsOf(world, byHeadcount.get(11), "size")).containsExactly("size:11-50");
        assertThat(tagsOf(world, byHeadcount.get(50), "size")).containsExactly("size:11-50");
        assertThat(tagsOf(world, byHeadcount.get(51), "size")).containsExactly("size:51+");
        assertThat(tagsOf(world, byHeadcount.get(51), "industry")).containsExactly("industry:Legal services");
        assertThat(tagsOf(world, alone, "size")).isEmpty();
    }

    @Test
    void frequencyAndMonetaryScoresAreQuintilesOfTheBuyers() {
        TagWorld.World world = worlds.create();
        List<Long> buyers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            long member = worlds.member(world, null);
            for (int order = 0; order < i; order++) {
                worlds.paid(world, member, 10_000, 1);
            }
            buyers.add(member);
        }
        long lapsed = worlds.member(world, null);
        worlds.paid(world, lapsed, 10_000, 400);
        long browser = worlds.member(world, null);
        worlds.rollUp();

        computation.recomputeAll(world.operatorId());

        List<Integer> frequency = new ArrayList<>();
        List<Integer> monetary = new ArrayList<>();
        List<String> segments = new ArrayList<>();
        List<String> spending = new ArrayList<>();
        for (long buyer : buyers) {
            RfmScore score = scores.of(world.operatorId(), buyer).orElseThrow();
            frequency.add(score.frequencyScore());
            monetary.add(score.monetaryScore());
            assertThat(score.recencyScore()).isEqualTo(5);
            assertThat(score.recencyDays()).isEqualTo(1);
            segments.add(tagsOf(world, buyer, "rfm").get(0));
            spending.add(tagsOf(world, buyer, "spending").get(0));
        }
        assertThat(frequency).containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
        assertThat(monetary).containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
        assertThat(segments)
                .containsExactly(
                        "rfm:new",
                        "rfm:new",
                        "rfm:potential",
                        "rfm:potential",
                        "rfm:loyal",
                        "rfm:loyal",
                        "rfm:champions",
                        "rfm:champions",
                        "rfm:champions",
                        "rfm:champions");
        assertThat(spending)
                .containsExactly(
                        "spending:low",
                        "spending:low",
                        "spending:low",
                        "spending:low",
                        "spending:medium",
                        "spending:medium",
                        "spending:high",
                        "spending:high",
                        "spending:top",
                        "spending:top");
        assertThat(tagsOf(world, lapsed, "rfm")).containsExactly("rfm:lost");
        assertThat(scores.of(world.operatorId(), lapsed).orElseThrow().recencyScore())
                .isNull();
        assertThat(tagsOf(world, browser, "rfm")).isEmpty();
        assertThat(tagsOf(world, browser, "spending")).containsExactly("spending:none");
    }

    @Test
    void recencyScoresRankTheLastPaidOrder() {
        TagWorld.World world = worlds.create();
        List<Long> buyers = new ArrayList<>();
        for (int daysAgo : new int[] {0, 10, 20, 30, 40}) {
            long member = worlds.member(world, null);
            worlds.paid(world, member, 5_000, daysAgo);
            buyers.add(member);
        }
        worlds.rollUp();

        computation.recomputeAll(world.operatorId());

        assertThat(buyers.stream()
                        .map(buyer -> scores.of(world.operatorId(), buyer)
                                .orElseThrow()
                                .recencyScore())
                        .toList())
                .containsExactly(5, 4, 3, 2, 1);
        assertThat(buyers.stream()
                        .map(buyer -> tagsOf(world, buyer, "rfm").get(0))
                        .toList())
                .containsExactly("rfm:new", "rfm:new", "rfm:potential", "rfm:hibernating", "rfm:hibernating");
    }

    @Test
    void theIncrementalRunAgreesWithTheFullOne() {
        TagWorld.World world = worlds.create();
        List<Long> buyers = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            long member = worlds.member(world, null);
            for (int order = 0; order < i; order++) {
                worlds.paid(world, member, 10_000, 2);
            }
            buyers.add(member);
        }
        worlds.rollUp();
        computation.recomputeAll(world.operatorId());
        assertThat(tagsOf(world, buyers.get(2), "rfm")).containsExactly("rfm:potential");

        worlds.paid(world, buyers.get(2), 10_000, 0);
        worlds.view(world, buyers.get(3));
        worlds.checkIn(world, buyers.get(3), 0);
        long newcomer = worlds.member(world, null);
        worlds.rollUp();

        computation.recomputeChanged(world.operatorId());
        String incremental = snapshot(world);
        assertThat(tagsOf(world, buyers.get(2), "rfm")).containsExactly("rfm:potential");
        assertThat(scores.of(world.operatorId(), buyers.get(2)).orElseThrow().recencyDays())
                .isZero();
        assertThat(tagsOf(world, buyers.get(3), "activity")).containsExactly("activity:low");
        assertThat(tagsOf(world, newcomer, "spending")).containsExactly("spending:none");

        computation.recomputeAll(world.operatorId());
        assertThat(snapshot(world)).isEqualTo(incremental);
    }

    /** Every tag and score of the operator's members, as text to compare. */
    private String snapshot(TagWorld.World world) {
        String tagRows = jdbc.sql("""
                        select member_id || ' ' || tag || ' ' || source || ' ' || coalesce(label, '') from member_tag
                        where operator_id = ? order by member_id, tag
                        """).param(world.operatorId()).query(String.class).list().stream()
                .collect(Collectors.joining("\n"));
        String scoreRows = jdbc.sql("""
                        select concat_ws(' ', member_id, orders_12m, spend_12m_minor, last_paid_at, last_activity_at,
                                         recency_days, active_days_30, recency_score, frequency_score, monetary_score,
                                         rfm_segment, activity_level, spending_power)
                        from insight_member_score where operator_id = ? order by member_id
                        """).param(world.operatorId()).query(String.class).list().stream()
                .collect(Collectors.joining("\n"));
        return tagRows + "\n--\n" + scoreRows;
    }
}
