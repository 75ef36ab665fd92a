package io.enjoyspace.insights;

import java.util.EnumSet;
import java.util.Set;

/**
 * What an activity fact records. The subject of a fact is the id of the thing it describes (an order, a refund, a
 * points transaction, a reservation); a fact is recorded once per kind and subject, however often its event arrives.
 */
public enum FactKind {
    MEMBER_REGISTERED,
    ORDER_PAID,
    ORDER_COMPLETED,
    ORDER_REFUNDED,
    ORDER_CANCELLED,
    ORDER_RATED,
    RESERVATION_BOOKED,
    RESERVATION_CHECKED_IN,
    RESERVATION_CANCELLED,
    POINTS_ISSUED,
    POINTS_REDEEMED,
    POINTS_EXPIRED,
    DAILY_CHECK_IN,
    REFERRAL_QUALIFIED,
    OFFERING_VIEW,
    CATEGORY_VIEW,
    OFFER_OPEN,
    /** A coupon reached a member (claimed, granted, pushed, awarded); amount: none. */
    COUPON_ISSUED,
    /** A coupon was used at checkout; amount: the discount it gave. */
    COUPON_USED,
    /** A reward of the points mall was redeemed. */
    REWARD_REDEEMED,
    /** A member rose to a higher tier. */
    TIER_UPGRADED,
    /** A member fell to a lower tier (or none). */
    TIER_DOWNGRADED;

    /** Touchpoints from the portal: counted, never keyed, so every view is one fact. */
    static final Set<FactKind> VIEWS = EnumSet.of(OFFERING_VIEW, CATEGORY_VIEW, OFFER_OPEN);

    /** Facts that do not show the member doing anything: registration, points granted to them or expiring. */
    static final Set<FactKind> PASSIVE = EnumSet.of(MEMBER_REGISTERED, POINTS_ISSUED, POINTS_EXPIRED);

    boolean isView() {
        return VIEWS.contains(this);
    }
}
