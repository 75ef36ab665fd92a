package io.enjoyspace.engagement;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * E-mail for notices. {@link #enqueue} writes the message, rendered in the member's language, into the outbox in the
 * caller's transaction, so a change that rolls back sends nothing. The courier claims due rows with {@code FOR UPDATE
 * SKIP LOCKED} and a lease (safe on every node at once), sends them over SMTP outside any transaction, and records
 * every attempt; a failure is retried after 1 min × 2^(n-1), capped at 1 h, until the maximum number of attempts,
 * when the message is DEAD.
 *
 * <p>Without {@code spring.mail.host} there is no mail sender: nothing is queued and members are told e-mail is not
 * available.
 */
@Component
class EmailCourier {

    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 50;
    private static final Logger log = LoggerFactory.getLogger(EmailCourier.class);

    private final JdbcClient jdbc;
    private final ObjectProvider<JavaMailSender> senders;
    private final MessageSource messages;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String from;
    private final int attemptsMax;

    EmailCourier(
            JdbcClient jdbc,
            ObjectProvider<JavaMailSender> senders,
            MessageSource messages,
            TransactionTemplate transaction,
            Clock clock,
            @Value("${enjoyspace.mail.from:EnjoySpace <noreply@enjoyspace.local>}") String from,
            @Value("${enjoyspace.mail.max-attempts:6}") int attemptsMax) {
        this.jdbc = jdbc;
        this.senders = senders;
        this.messages = messages;
        this.transaction = transaction;
        this.clock = clock;
        this.from = from;
        this.attemptsMax = attemptsMax;
    }

    /** Whether e-mail can be sent at all (an SMTP server is configured). */
    boolean available() {
        return senders.getIfAvailable() != null;
    }

    /**
     * Queues the notice as an e-mail in the current transaction; does nothing when SMTP is not configured or the
     * member has no address.
     */
    void enqueue(
            long operatorId,
            long memberId,
            long noticeId,
            String recipient,
            String operatorName,
            Locale locale,
            NoticeCategory category,
            String messageKey,
            List<String> args) {
        if (!available() || recipient == null || recipient.isBlank()) {
            return;
        }
        String text = messages.getMessage(messageKey, args.toArray(), messageKey, locale);
        String subject = messages.getMessage(
                "engagement.email.subject",
                new Object[] {operatorName, messages.getMessage("engagement.category." + category, null, locale)},
                locale);
        String body =
                text + "\n\n" + messages.getMessage("engagement.email.footer", new Object[] {operatorName}, locale);
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into email_outbox (operator_id, member_id, notice_id, recipient, subject, body,
                                                  next_attempt_at, created_at)
                        values (:o, :m, :notice, :recipient, :subject, :body, :now, :now)
                        """)
                .param("o", operatorId)
                .param("m", memberId)
                .param("notice", noticeId)
                .param("recipient", recipient.strip())
                .param("subject", subject)
                .param("body", body)
                .param("now", Timestamp.from(now))
                .update();
    }

    @Scheduled(
            fixedDelayString = "${enjoyspace.mail.delivery-interval:PT30S}",
            initialDelayString = "${enjoyspace.mail.delivery-initial-delay:PT20S}")
    void scheduled() {
        int attempts = deliverDue();
        if (attempts > 0) {
            log.debug("Made {} e-mail delivery attempts", attempts);
        }
    }

    /** The wait before the next attempt after {@code failedAttempts} failures in a row. */
    static Duration backoff(int failedAttempts) {
        int exponent = Math.max(0, Math.min(failedAttempts - 1, 20));
        Duration wait = FIRST_RETRY.multipliedBy(1L << exponent);
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    /** Makes one attempt at every e-mail due now, by the application clock; returns how many attempts it made. */
    int deliverDue() {
        JavaMailSender sender = senders.getIfAvailable();
        if (sender == null) {
            return 0;
        }
        int attempts = 0;
        List<Claimed> batch;
        do {
            batch = claim(BATCH);
            for (Claimed claimed : batch) {
                record(claimed, send(sender, claimed));
                attempts++;
            }
        } while (batch.size() == BATCH);
        return attempts;
    }

    private record Claimed(
            long id, long operatorId, String recipient, String subject, String body, int attempts, UUID claim) {}

    private List<Claimed> claim(int limit) {
        Instant now = clock.instant();
        UUID claim = UUID.randomUUID();
        return jdbc.sql("""
                        with due as (
                            select id from email_outbox
                            where status = 'PENDING' and next_attempt_at <= :now
                            order by next_attempt_at, id
                            limit :limit
                            for update skip locked)
                        update email_outbox e set claim = :claim, next_attempt_at = :leaseEnds
                        from due where e.id = due.id
                        returning e.id, e.operator_id, e.recipient, e.subject, e.body, e.attempts
                        """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .param("claim", claim)
                .param("leaseEnds", Timestamp.from(now.plus(LEASE)))
                .query((rs, row) -> new Claimed(
                        rs.getLong("id"),
                        rs.getLong("operator_id"),
                        rs.getString("recipient"),
                        rs.getString("subject"),
                        rs.getString("body"),
                        rs.getInt("attempts"),
                        claim))
                .list();
    }

    /** Null when the server took the message, else what went wrong. */
    private String send(JavaMailSender sender, Claimed mail) {
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(from);
            helper.setTo(mail.recipient());
            helper.setSubject(mail.subject());
            helper.setText(mail.body(), false);
            message.setHeader("X-EnjoySpace-Notice", Long.toString(mail.id()));
            sender.send(message);
            return null;
        } catch (MailException | MessagingException e) {
            String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return text.length() > 500 ? text.substring(0, 500) : text;
        }
    }

    private void record(Claimed mail, String error) {
        transaction.executeWithoutResult(status -> {
            Instant now = clock.instant();
            jdbc.sql("""
                            insert into email_attempt (operator_id, outbox_id, attempted_at, succeeded, error)
                            values (:o, :id, :now, :succeeded, :error)
                            """)
                    .param("o", mail.operatorId())
                    .param("id", mail.id())
                    .param("now", Timestamp.from(now))
                    .param("succeeded", error == null)
                    .param("error", error)
                    .update();
            int attempts = mail.attempts() + 1;
            jdbc.sql("""
                            update email_outbox
                            set attempts = :attempts, claim = null,
                                status = case when :sent then 'SENT' when :attempts >= :max then 'DEAD' else 'PENDING' end,
                                sent_at = case when :sent then cast(:now as timestamptz) end,
                                next_attempt_at = :next
                            where id = :id and claim = :claim
                            """)
                    .param("attempts", attempts)
                    .param("sent", error == null)
                    .param("max", attemptsMax)
                    .param("now", Timestamp.from(now))
                    .param("next", Timestamp.from(error == null ? now : now.plus(backoff(attempts))))
                    .param("id", mail.id())
                    .param("claim", mail.claim())
                    .update();
        });
    }
}
