package io.enjoyspace.engagement;

import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final EmailCourier email;
    private final Members members;
    private final Operators operators;
    private final Clock clock;

    Notifications(JdbcClient jdbc, EmailCourier email, Members members, Operators operators, Clock clock) {
        this.jdbc = jdbc;
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
        Long id = notifyEach(operatorId, category, List.of(new Notice(memberId, messageKey, args, dedupeKey)))
                .get(dedupeKey);
        if (id == null) {
            // Nothing made: the key was used already, or there is no such member (which is worth saying).
            members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        }
        return Optional.ofNullable(id);
    }

    /**
     * Notifies many members at once with the same message, as {@link #notify} would each of them (see {@link
     * #notifyEach}); the dedupe key of each is {@code dedupePrefix} plus the member's id, so a replay notifies nobody
     * twice. Members of other operators are skipped. Answers how many members were notified now.
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
        return notifyEach(
                        operatorId,
                        category,
                        memberIds.stream()
                                .map(memberId -> new Notice(memberId, messageKey, args, dedupePrefix + memberId))
                                .toList())
                .size();
    }

    /** A notice for {@link #notifyEach}: to whom, its message key and arguments, and its dedupe key. */
    public record Notice(long memberId, String messageKey, List<String> args, String dedupeKey) {}

    /** A notice inserted now: its id, and the address and language of its e-mail when the member opted in. */
    private record Made(long noticeId, String dedupeKey, String email, String language) {}

    /**
     * Makes many notices of one category at once, each as {@link #notify} would make it (the inbox unless the member
     * switched the category off there, once per dedupe key, an e-mail queued for those who opted in), in one statement
     * whatever their number, plus one insert per e-mail. A dedupe key named twice counts its first notice only;
     * notices to members of other operators are skipped. Answers the notices made now, by dedupe key.
     */
    @Transactional
    public Map<String, Long> notifyEach(long operatorId, NoticeCategory category, List<Notice> notices) {
        Map<String, Notice> unique = new LinkedHashMap<>();
        for (Notice notice : notices) {
            requireNotice(category, notice.messageKey(), notice.dedupeKey());
            unique.putIfAbsent(notice.dedupeKey(), notice);
        }
        if (unique.isEmpty()) {
            return Map.of();
        }
        int size = unique.size();
        Long[] memberIds = new Long[size];
        String[] codes = new String[size];
        String[] args = new String[size];
        String[] keys = new String[size];
        int i = 0;
        for (Notice notice : unique.values()) {
            memberIds[i] = notice.memberId();
            codes[i] = notice.messageKey();
            args[i] = Inbox.arrayLiteral(arguments(notice));
            keys[i] = notice.dedupeKey();
            i++;
        }
        List<Made> made = jdbc.sql("""
                        with input (member_id, code, args, dedupe_key, position) as (
                            select * from unnest(cast(:members as bigint[]), cast(:codes as text[]),
                                                 cast(:args as text[]), cast(:keys as text[])) with ordinality
                        ), chosen as (
                            select i.position, i.member_id, i.code, cast(i.args as text[]) as args, i.dedupe_key,
                                   m.email,
                                   not :switchable or coalesce(inbox.enabled, :inboxDefault) as shown,
                                   coalesce(mail.enabled, :emailDefault) as emailed
                            from input i
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
                            select :o, member_id, :category, code, args, dedupe_key, :now, shown
                            from chosen
                            order by member_id, position
                            on conflict (operator_id, dedupe_key) do nothing
                            returning id, dedupe_key
                        )
                        select made.id, made.dedupe_key, case when c.emailed then c.email end as email, n.language
                        from made
                        join chosen c on c.dedupe_key = made.dedupe_key
                        left join notification_member n on n.operator_id = :o and n.member_id = c.member_id
                        order by c.position
                        """)
                .param("o", operatorId)
                .param("members", memberIds)
                .param("codes", codes)
                .param("args", args)
                .param("keys", keys)
                .param("switchable", category.inboxSwitchable())
                .param("inboxDefault", NotificationPreferences.byDefault(NotificationChannel.INBOX))
                .param("emailDefault", NotificationPreferences.byDefault(NotificationChannel.EMAIL))
                .param("category", category.name())
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, row) -> new Made(
                        rs.getLong("id"), rs.getString("dedupe_key"), rs.getString("email"), rs.getString("language")))
                .list();
        Map<String, Long> ids = new LinkedHashMap<>();
        String operatorName = null;
        for (Made notice : made) {
            ids.put(notice.dedupeKey(), notice.noticeId());
            if (notice.email() == null || notice.email().isBlank()) {
                continue;
            }
            if (operatorName == null) {
                operatorName = operators.get(operatorId).name();
            }
            Notice wanted = unique.get(notice.dedupeKey());
            String language = notice.language() == null ? NotificationPreferences.DEFAULT_LANGUAGE : notice.language();
            email.enqueue(
                    operatorId,
                    wanted.memberId(),
                    notice.noticeId(),
                    notice.email(),
                    operatorName,
                    NotificationPreferences.locale(language),
                    category,
                    wanted.messageKey(),
                    arguments(wanted));
        }
        return ids;
    }

    private static List<String> arguments(Notice notice) {
        return notice.args() == null ? List.of() : List.copyOf(notice.args());
    }

    private static void requireNotice(NoticeCategory category, String messageKey, String dedupeKey) {
        Objects.requireNonNull(category, "category");
        if (messageKey == null || messageKey.isBlank() || dedupeKey == null || dedupeKey.isBlank()) {
            throw new IllegalArgumentException("a notice needs a message key and a dedupe key");
        }
    }
}
