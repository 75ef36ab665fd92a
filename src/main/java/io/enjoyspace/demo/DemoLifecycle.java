package io.enjoyspace.demo;

import io.enjoyspace.engagement.LifecyclePlans;
import io.enjoyspace.engagement.LifecycleSettings;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lifecycle automation for the demo operator: the default thresholds, a welcome message for new members, and 200
 * points with a message for dormant ones. Runs when the application is ready (after every demo runner), and does
 * nothing once the demo operator has lifecycle settings.
 */
@Component
@Profile("demo")
class DemoLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DemoLifecycle.class);
    static final int WAKE_UP_POINTS = 200;

    private final Operators operators;
    private final LifecyclePlans plans;
    private final TransactionTemplate transaction;

    DemoLifecycle(Operators operators, LifecyclePlans plans, TransactionTemplate transaction) {
        this.operators = operators;
        this.plans = plans;
        this.transaction = transaction;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        Optional<Operator> demo = operators.findByCode("demo");
        if (demo.isEmpty() || plans.configured(demo.get().id())) {
            return;
        }
        long operatorId = demo.get().id();
        transaction.executeWithoutResult(status -> {
            plans.save(operatorId, LifecycleSettings.DEFAULTS);
            plans.add(
                    operatorId,
                    new LifecyclePlans.NewAction(LifecyclePlans.Trigger.NEW, LifecyclePlans.Kind.MESSAGE, null, null));
            plans.add(
                    operatorId,
                    new LifecyclePlans.NewAction(
                            LifecyclePlans.Trigger.DORMANT, LifecyclePlans.Kind.POINTS, WAKE_UP_POINTS, null));
            plans.add(
                    operatorId,
                    new LifecyclePlans.NewAction(
                            LifecyclePlans.Trigger.DORMANT, LifecyclePlans.Kind.MESSAGE, null, null));
        });
        log.info(
                "Demo lifecycle automation configured: welcome message, {} points to wake dormant members",
                WAKE_UP_POINTS);
    }
}
