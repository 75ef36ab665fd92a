package io.enjoyspace.insights;

import io.enjoyspace.shared.TransactionLocks;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The nightly part of the recommender, set-based SQL per operator: which offerings the same members buy (item-item
 * cosine similarity over the last twelve months of paid orders), which offerings members buy again (buyers and repeat
 * buyers), and what sells at each site (paid orders in the last {@link #POPULAR_DAYS} days, from the offering rollup).
 * The tables are replaced in one transaction, so a reader sees the old or the new figures, never a
 * mix; an advisory lock makes two nodes take turns.
 */
@Component
class RecommendSimilarity {

    private static final Logger log = LoggerFactory.getLogger(RecommendSimilarity.class);

    /** How far back purchases count. */
    static final Duration WINDOW = Duration.ofDays(365);

    /** Members who must have bought both offerings before a similarity is kept (one shared buyer is chance). */
    static final int MIN_TOGETHER = 2;

    /** Days of paid orders at a site that make an offering popular there. */
    static final int POPULAR_DAYS = 90;

    /** Similar offerings kept per offering. */
    static final int KEEP = 20;

    /**
     * An offering is a repeat-purchase kind when at least this share of its buyers bought it more than once (and it has
     * {@link #MIN_BUYERS} buyers): cleaning, lunch, printing; a company registration is not.
     */
    static final double REPEAT_SHARE = 0.25;

    static final int MIN_BUYERS = 3;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Operators operators;
    private final Clock clock;

    RecommendSimilarity(JdbcClient jdbc, TransactionTemplate transaction, Operators operators, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.operators = operators;
        this.clock = clock;
    }

    /**
     * The scheduler's single thread also carries the rollups and the webhook courier, so the recomputing runs on a
     * thread of its own and the scheduled methods only hand it over.
     */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "recommend-similarity");
        thread.setDaemon(true);
        return thread;
    });

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    @Scheduled(cron = "${enjoyspace.insights.recommend-cron:0 40 2 * * *}", zone = "Asia/Shanghai")
    void scheduledNightly() {
        worker.execute(this::nightly);
    }

    void nightly() {
        for (Operator operator : operators.all()) {
            long started = System.nanoTime();
            long pairs = recompute(operator.id());
            log.info(
                    "Recommendations: {} similar pairs for operator {} in {} ms",
                    pairs,
                    operator.code(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * Catches up after start and then hourly: an operator whose figures are missing or older than a day (a node was down
     * at the nightly hour, a new installation) is recomputed, so recommendations never wait a day for their inputs.
     */
    @Scheduled(
            initialDelayString = "${enjoyspace.insights.recommend-catch-up-delay:PT1M}",
            fixedDelayString = "${enjoyspace.insights.recommend-catch-up-interval:PT1H}")
    void scheduledCatchUp() {
        worker.execute(this::catchUp);
    }

    void catchUp() {
        Instant stale = clock.instant().minus(Duration.ofHours(26));
        for (Operator operator : operators.all()) {
            Instant computed = jdbc.sql(
                            "select max(computed_at) from insight_offering_buyers where operator_id = :operatorId")
                    .param("operatorId", operator.id())
                    .query(Timestamp.class)
                    .optional()
                    .map(Timestamp::toInstant)
                    .orElse(null);
            if (computed == null || computed.isBefore(stale)) {
                recompute(operator.id());
            }
        }
    }

    /** Recomputes the operator's similarities and buyer counts from the paid orders; answers the pairs kept. */
    long recompute(long operatorId) {
        Instant until = clock.instant();
        Instant since = until.minus(WINDOW);
        Long kept = transaction.execute(status -> {
            TransactionLocks.lock(jdbc, "recommend-similarity:" + operatorId);
            jdbc.sql("set local work_mem = '64MB'").update();
            jdbc.sql("""
                            create temporary table recommend_used on commit drop as
                            select member_id, offering_id, count(*) as orders
                            from activity_fact
                            where operator_id = :operatorId and kind = 'ORDER_PAID'
                              and member_id is not null and offering_id is not null
                              and occurred_at >= :since and occurred_at < :until
                            group by member_id, offering_id
                            """)
                    .param("operatorId", operatorId)
                    .param("since", Timestamp.from(since))
                    .param("until", Timestamp.from(until))
                    .update();
            jdbc.sql("analyze recommend_used").update();
            jdbc.sql("delete from insight_offering_buyers where operator_id = :operatorId")
                    .param("operatorId", operatorId)
                    .update();
            jdbc.sql("""
                            insert into insight_offering_buyers (operator_id, offering_id, buyers, repeat_buyers, computed_at)
                            select :operatorId, offering_id, count(*), count(*) filter (where orders > 1), :until
                            from recommend_used group by offering_id
                            """)
                    .param("operatorId", operatorId)
                    .param("until", Timestamp.from(until))
                    .update();
            jdbc.sql("delete from insight_offering_similarity where operator_id = :operatorId")
                    .param("operatorId", operatorId)
                    .update();
            long pairs = jdbc.sql("""
                            insert into insight_offering_similarity (operator_id, offering_id, similar_id, together, score,
                                                                     computed_at)
                            select :operatorId, offering_id, similar_id, together, least(1.0, score), :until
                            from (select p.offering_id, p.similar_id, p.together,
                                         p.together / sqrt(cast(a.buyers as double precision) * b.buyers) as score,
                                         row_number() over (partition by p.offering_id
                                                            order by p.together / sqrt(cast(a.buyers as double precision)
                                                                                       * b.buyers) desc,
                                                                     p.similar_id) as position
                                  from (select x.offering_id, y.offering_id as similar_id, count(*) as together
                                        from recommend_used x
                                        join recommend_used y on y.member_id = x.member_id
                                                             and y.offering_id <> x.offering_id
                                        group by x.offering_id, y.offering_id) p
                                  join insight_offering_buyers a on a.operator_id = :operatorId
                                                                and a.offering_id = p.offering_id
                                  join insight_offering_buyers b on b.operator_id = :operatorId
                                                                and b.offering_id = p.similar_id
                                  where p.together >= :minTogether) ranked
                            where position <= :keep
                            """)
                    .param("operatorId", operatorId)
                    .param("until", Timestamp.from(until))
                    .param("minTogether", MIN_TOGETHER)
                    .param("keep", KEEP)
                    .update();
            LocalDate today =
                    LocalDate.ofInstant(until, operators.get(operatorId).timeZone());
            jdbc.sql("delete from insight_site_popularity where operator_id = :operatorId")
                    .param("operatorId", operatorId)
                    .update();
            jdbc.sql("""
                            insert into insight_site_popularity (operator_id, site_id, offering_id, orders, computed_at)
                            select :operatorId, site_id, offering_id, sum(facts), :until
                            from insight_offering_daily
                            where operator_id = :operatorId and kind = 'ORDER_PAID' and day > :since and day <= :today
                            group by site_id, offering_id
                            """)
                    .param("operatorId", operatorId)
                    .param("until", Timestamp.from(until))
                    .param("since", today.minusDays(POPULAR_DAYS))
                    .param("today", today)
                    .update();
            return pairs;
        });
        return kept == null ? 0 : kept;
    }
}
