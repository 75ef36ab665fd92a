package io.enjoyspace.demo;

import io.enjoyspace.rewards.Delivery;
import io.enjoyspace.rewards.RewardKind;
import io.enjoyspace.rewards.Rewards;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo operator's points mall: a mug picked up at the service desk, a power bank delivered (points plus a little
 * wallet money), a cleaning voucher, and a 100-yuan rent deduction for 10,000 points. Loaded when the application is
 * ready, so after {@link DemoData}; does nothing once the mall has rewards.
 */
@Component
@Profile("demo")
class DemoRewards {

    private static final Logger log = LoggerFactory.getLogger(DemoRewards.class);

    private final Operators operators;
    private final Rewards rewards;

    DemoRewards(Operators operators, Rewards rewards) {
        this.operators = operators;
        this.rewards = rewards;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        Optional<Operator> demo = operators.findByCode("demo");
        if (demo.isEmpty()) {
            return;
        }
        long operatorId = demo.get().id();
        if (!rewards.categories(operatorId).isEmpty()) {
            return;
        }
        rewards.create(
                operatorId,
                draft(
                        "EnjoySpace mug",
                        "A ceramic mug with the EnjoySpace logo, 350 ml.",
                        "Gifts",
                        RewardKind.GIFT,
                        Delivery.PICKUP,
                        "Service desk, lobby of Tower A",
                        500,
                        0,
                        0,
                        null,
                        50,
                        2));
        rewards.create(
                operatorId,
                draft(
                        "Power bank 10,000 mAh",
                        "Delivered to your desk or home.",
                        "Gifts",
                        RewardKind.GIFT,
                        Delivery.DELIVERY,
                        null,
                        3_000,
                        2_000,
                        0,
                        null,
                        10,
                        1));
        rewards.create(
                operatorId,
                draft(
                        "One hour of office cleaning",
                        "A voucher for one hour of cleaning by the operator's cleaning team.",
                        "Vouchers",
                        RewardKind.VOUCHER,
                        null,
                        null,
                        2_000,
                        0,
                        0,
                        "CLEANING-1H",
                        100,
                        null));
        rewards.create(
                operatorId,
                draft(
                        "¥100 off your company's rent",
                        "A 100-yuan credit on your company's next monthly bill.",
                        "Rent",
                        RewardKind.RENT_CREDIT,
                        null,
                        null,
                        10_000,
                        0,
                        10_000,
                        null,
                        20,
                        null));
        log.info("Demo points mall loaded");
    }

    private static Rewards.RewardDraft draft(
            String name,
            String description,
            String category,
            RewardKind kind,
            Delivery delivery,
            String pickupLocation,
            long points,
            long cashMinor,
            long creditMinor,
            String fulfilmentCode,
            int stock,
            Integer perMemberLimit) {
        return new Rewards.RewardDraft(
                name,
                description,
                category,
                kind,
                delivery,
                pickupLocation,
                points,
                cashMinor,
                creditMinor,
                fulfilmentCode,
                stock,
                perMemberLimit,
                List.of(),
                null,
                null,
                null,
                true);
    }
}
