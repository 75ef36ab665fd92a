package io.enjoyspace.engagement;

/** Where a notice reaches a member: the in-app inbox, or e-mail (opt-in, when the operator has SMTP configured). */
public enum NotificationChannel {
    INBOX,
    EMAIL
}
