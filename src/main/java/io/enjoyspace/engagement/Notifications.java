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
        Objects.requireNonNull(category, "category");
        if (messageKey == null || messageKey.isBlank() || dedupeKey == null || dedupeKey.isBlank()) {
            throw new IllegalArgumentException("a notice needs a message key and a dedupe key");
        }
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
}
