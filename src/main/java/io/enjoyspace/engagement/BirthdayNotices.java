package io.enjoyspace.engagement;

import io.enjoyspace.membership.BirthdayGiftGiven;
import java.util.List;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Wishes the member a happy birthday in the inbox when the tier's birthday gift is given, saying what it holds. */
@Component
class BirthdayNotices {

    private final Notifications notifications;

    BirthdayNotices(Notifications notifications) {
        this.notifications = notifications;
    }

    @ApplicationModuleListener
    void on(BirthdayGiftGiven gift) {
        String code = gift.points() > 0
                ? (gift.couponTemplateId() != null ? "gaps.birthday.pointsAndCoupon" : "gaps.birthday.points")
                : "gaps.birthday.coupon";
        notifications.notify(
                gift.operatorId(),
                gift.memberId(),
                NoticeCategory.TIER,
                code,
                List.of(gift.tierName(), Long.toString(gift.points())),
                "birthday-gift:" + gift.memberId() + ":" + gift.year());
    }
}
