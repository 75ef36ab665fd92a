package io.enjoyspace.insights;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The monthly partitions of the fact store (UTC months of occurred_at): created ahead by a daily job, and on demand
 * for a fact from a month that has none yet (a late event, generated history), in a short transaction of their own.
 */
@Component
class FactPartitions {

    static final int MONTHS_AHEAD = 2;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FactPartitions.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    FactPartitions(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Scheduled(initialDelayString = "PT5S", fixedDelayString = "${enjoyspace.insights.partition-interval:PT6H}")
    void createAhead() {
        YearMonth month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        for (int ahead = 0; ahead <= MONTHS_AHEAD; ahead++) {
            ensure(month.plusMonths(ahead));
        }
    }

    void ensure(Instant occurredAt) {
        ensure(YearMonth.from(occurredAt.atZone(ZoneOffset.UTC)));
    }

    void ensure(YearMonth month) {
        if (known.contains(month)) {
            return;
        }
        LocalDate first = month.atDay(1);
        try {
            create(first);
        } catch (RuntimeException failed) {
            try {
                // Two nodes creating the same partition at once: one wins, the other finds it on a second look.
                create(first);
            } catch (RuntimeException again) {
                // Busy (a transaction of this very thread may hold the table) or refused because the default
                // partition already holds rows of that month: the facts go to the default partition, still found.
                log.warn(
                        "No partition for {} yet; its facts go to the default partition: {}",
                        month,
                        again.getMessage());
            }
        }
        known.add(month);
    }

    private void create(LocalDate first) {
        ownTransaction.executeWithoutResult(status -> {
            jdbc.sql("set local lock_timeout = '2s'").update();
            jdbc.sql("select activity_fact_partition(:month)")
                    .param("month", first)
                    .query(String.class)
                    .single();
        });
    }
}
