package io.enjoyspace.engagement;

import java.util.EnumSet;
import java.util.Set;

/** What a notice is about; members choose per category which channels reach them. */
public enum NoticeCategory {
    ORDER,
    POINTS,
    TIER,
    COUPON,
    OFFER,
    GENERAL;

    /** Service notices a member cannot switch off in the inbox: what happened to their orders and points. */
    static final Set<NoticeCategory> INBOX_ALWAYS_ON = EnumSet.of(ORDER, POINTS, GENERAL);

    public boolean inboxSwitchable() {
        return !INBOX_ALWAYS_ON.contains(this);
    }
}
