package io.enjoyspace.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.TestMembers;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Category affinity from the member activity rollup: purchases weigh five, views one, a month back counts 0.8 of the
 * month after it, and nothing older than twelve months counts.
 */
@EnjoySpaceTest
class MemberInterestsIT {

    @Autowired
    MemberInterests interests;

    @Autowired
    FactRecorder recorder;

    @Autowired
    InsightRollups rollups;

    @Autowired
    TestMembers members;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Test
    void purchasesOutweighViewsAndOldMonthsFadeAway() {
        long operatorId = members.demoOperatorId();
        long memberId = members.newMember("Interest Tester");
        List<Long> categories = jdbc.sql("select id from service_category where operator_id = ? order by id limit 3")
                .param(operatorId)
                .query(Long.class)
                .list();
        ZoneId zone = ZoneId.of(jdbc.sql("select time_zone from operator where id = ?")
                .param(operatorId)
                .query(String.class)
                .single());
        ZonedDateTime midMonth = clock.instant()
                .atZone(zone)
                .withDayOfMonth(1)
                .plusDays(1)
                .withHour(12)
                .truncatedTo(ChronoUnit.HOURS);
        Instant thisMonth = midMonth.toInstant();
        Instant threeMonthsAgo = midMonth.minusMonths(3).toInstant();
        Instant thirteenMonthsAgo = midMonth.minusMonths(13).toInstant();
        String tag = memberId + "-";

        for (int i = 0; i < 2; i++) {
            recorder.record(Fact.of(operatorId, FactKind.ORDER_PAID, tag + "paid-" + i, thisMonth)
                    .member(memberId)
                    .category(categories.get(0))
                    .amount(5_000));
        }
        for (int i = 0; i < 5; i++) {
            recorder.record(Fact.of(operatorId, FactKind.CATEGORY_VIEW, categories.get(1), threeMonthsAgo)
                    .member(memberId)
                    .category(categories.get(1)));
        }
        recorder.record(Fact.of(operatorId, FactKind.ORDER_PAID, tag + "old", thirteenMonthsAgo)
                .member(memberId)
                .category(categories.get(2))
                .amount(9_000));
        rollups.catchUp();

        List<MemberInterests.Interest> found = interests.of(operatorId, memberId);
        assertThat(found)
                .extracting(MemberInterests.Interest::categoryId)
                .containsExactly(categories.get(0), categories.get(1));
        assertThat(found.get(0).score()).isCloseTo(10.0, within(1e-9));
        assertThat(found.get(0).orders()).isEqualTo(2);
        assertThat(found.get(1).score()).isCloseTo(5 * Math.pow(0.8, 3), within(1e-9));
        assertThat(found.get(1).views()).isEqualTo(5);
        assertThat(found.get(1).lastAt()).isEqualTo(threeMonthsAgo);
    }

    @Test
    void aMemberOfAnotherOperatorHasNoInterestsHere() {
        long operatorId = members.demoOperatorId();
        long memberId = members.newMember("Interest Elsewhere");
        long category = jdbc.sql("select id from service_category where operator_id = ? order by id limit 1")
                .param(operatorId)
                .query(Long.class)
                .single();
        recorder.record(Fact.of(operatorId, FactKind.ORDER_PAID, memberId + "-paid", clock.instant())
                .member(memberId)
                .category(category)
                .amount(1_000));
        rollups.catchUp();
        long otherOperator = jdbc.sql("select id from operator where id <> ? order by id limit 1")
                .param(operatorId)
                .query(Long.class)
                .single();

        assertThat(interests.of(operatorId, memberId)).hasSize(1);
        assertThat(interests.of(otherOperator, memberId)).isEmpty();
    }
}
