package io.enjoyspace.engagement;

import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells a member something: a notice in their inbox (unless they switched the category off there) and, when they
 * opted in, an e-mail queued in the same transaction. Notices are stored as a message key with arguments and rendered
 * in the reader's language when read; the e-mail is rendered in the member's language when queued.
 */
@Service
public class Notifications {

    private final JdbcClient jdbc;
    private final NotificationPreferences preferences;
    private final EmailCourier email;
    private final Members members;
    private final Operators operators;
    private final Clock clock;

    Notifications(
            JdbcClient jdbc,
            NotificationPreferences preferences,
            EmailCourier email,
            Members members,
            Operators operators,
            Clock clock) {
        this.jdbc = jdbc;
        this.preferences = preferences;
        this.email = email;
        this.members = members;
        this.operators = operators;
        this.clock = clock;
    }

    /**
     * Notifies the member once per {@code dedupeKey} (unique per operator): a second call with the same key does
     * nothing. Joins the caller's transaction, so a change that rolls back notifies nobody.
     *
     * @param messageKey a key of the message bundles, rendered with {@code args} ({0}, {1} …)
     * @return the notice's id, or empty when the key had been used already
     * @throws NotFoundException when the member does not belong to the operator
     */
    @Transactional
    public Optional<Long> notify(
            long operatorId,
            long memberId,
            NoticeCategory category,
            String messageKey,
            List<String> args,
            String dedupeKey) {
        requireNotice(category, messageKey, dedupeKey);
        List<String> arguments = args == null ? List.of() : List.copyOf(args);
        Member member = members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        boolean shown = preferences.enabled(operatorId, memberId, category, NotificationChannel.INBOX);
        Optional<Long> id = jdbc.sql("""
                        insert into inbox_message (operator_id, member_id, category, code, args, dedupe_key, created_at, shown)
                        values (:o, :m, :category, :code, cast(:args as text[]), :dedupeKey, :now, :shown)
                        on conflict (operator_id, dedupe_key) do nothing
                        returning id
                        """)
                .param("o", operatorId)
                .param("m", memberId)
                .param("category", category.name())
                .param("code", messageKey)
                .param("args", Inbox.arrayLiteral(arguments))
                .param("dedupeKey", dedupeKey)
                .param("now", Timestamp.from(clock.instant()))
                .param("shown", shown)
                .query(Long.class)
                .optional();
        if (id.isPresent() && preferences.enabled(operatorId, memberId, category, NotificationChannel.EMAIL)) {
            String language =
                    preferences.language(operatorId, memberId).orElse(NotificationPreferences.DEFAULT_LANGUAGE);
            email.enqueue(
                    operatorId,
                    memberId,
                    id.get(),
                    member.email(),
                    operators.get(operatorId).name(),
                    NotificationPreferences.locale(language),
                    category,
                    messageKey,
                    arguments);
        }
        return id;
    }

    /** A member's notice made by {@link #notifyAll}: its id, and the address to e-mail when the member opted in. */
    private record Made(long noticeId, long memberId, String email) {}

    /**
     * Notifies many members at once, as {@link #notify} would each of them, in a few statements whatever their number:
     * their notices are inserted together (the dedupe key of each is {@code dedupePrefix} plus the member's id, so a
     * replay notifies nobody twice) and the e-mails of those who opted in are queued. Members of other operators are
     * skipped. Answers how many members were notified now.
     */
    @Transactional
    public int notifyAll(
            long operatorId,
            List<Long> memberIds,
            NoticeCategory category,
            String messageKey,
            List<String> args,
            String dedupePrefix) {
        requireNotice(category, messageKey, dedupePrefix);
        if (memberIds.isEmpty()) {
            return 0;
        }
        List<String> arguments = args == null ? List.of() : List.copyOf(args);
        List<Made> made = jdbc.sql("""
                        with chosen as (
                            select m.id as member_id, m.email,
                                   not :switchable or coalesce(inbox.enabled, :inboxDefault) as shown,
                                   coalesce(mail.enabled, :emailDefault) as emailed
                            from unnest(cast(:members as bigint[])) as i (member_id)
                            join member m on m.operator_id = :o and m.id = i.member_id
                            left join notification_preference inbox
                                   on inbox.operator_id = m.operator_id and inbox.member_id = m.id
                                  and inbox.category = :category and inbox.channel = 'INBOX'
                            left join notification_preference mail
                                   on mail.operator_id = m.operator_id and mail.member_id = m.id
                                  and mail.category = :category and mail.channel = 'EMAIL'
                        ), made as (
                            insert into inbox_message (operator_id, member_id, category, code, args, dedupe_key,
                                                       created_at, shown)
                            select :o, member_id, :category, :code, cast(:args as text[]), :prefix || member_id, :now,
                                   shown
                            from chosen
                            order by member_id
                            on conflict (operator_id, dedupe_key) do nothing
                            returning id, member_id
                        )
                        select made.id, made.member_id, case when c.emailed then c.email end as email
                        from made join chosen c on c.member_id = made.member_id
                        """)
                .param("o", operatorId)
                .param("members", memberIds.toArray(Long[]::new))
                .param("switchable", category.inboxSwitchable())
                .param("inboxDefault", NotificationPreferences.byDefault(NotificationChannel.INBOX))
                .param("emailDefault", NotificationPreferences.byDefault(NotificationChannel.EMAIL))
                .param("category", category.name())
                .param("code", messageKey)
                .param("args", Inbox.arrayLiteral(arguments))
                .param("prefix", dedupePrefix)
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, row) -> new Made(rs.getLong("id"), rs.getLong("member_id"), rs.getString("email")))
                .list();
        String operatorName = null;
        for (Made notice : made) {
            if (notice.email() == null || notice.email().isBlank()) {
                continue;
            }
            if (operatorName == null) {
                operatorName = operators.get(operatorId).name();
            }
            String language = preferences
                    .language(operatorId, notice.memberId())
                    .orElse(NotificationPreferences.DEFAULT_LANGUAGE);
            email.enqueue(
                    operatorId,
                    notice.memberId(),
                    notice.noticeId(),
                    notice.email(),
                    operatorName,
                    NotificationPreferences.locale(language),
                    category,
                    messageKey,
                    arguments);
        }
        return made.size();
    }

    private static void requireNotice(NoticeCategory category, String messageKey, String dedupeKey) {
        Objects.requireNonNull(category, "category");
        if (messageKey == null || messageKey.isBlank() || dedupeKey == null || dedupeKey.isBlank()) {
            throw new IllegalArgumentException("a notice needs a message key and a dedupe key");
        }
    }
}
