package io.enjoyspace.insights;

import io.enjoyspace.engagement.NoticeCategory;
import io.enjoyspace.engagement.Notifications;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Staff send a message to a segment's members: one inbox notice (category OFFER, so members who switched offers off
 * do not see it) per member, deduplicated by the idempotency key, so a retry notifies nobody twice. The notices are
 * written a few thousand per statement, so a segment of hundreds of thousands is messaged in one request.
 */
@Component
public class SegmentMessages {

    /** The largest segment one request messages: the notices are written set-based, 5,000 a statement. */
    static final int MAX_MEMBERS = 500_000;

    static final int CHUNK = 5_000;

    private final Segments segments;
    private final Notifications notifications;

    SegmentMessages(Segments segments, Notifications notifications) {
        this.segments = segments;
        this.notifications = notifications;
    }

    /** How many members got the message now (0 on a full replay), and the segment's size. */
    public record Sent(int notified, int members) {}

    public Sent send(long operatorId, long segmentId, String title, String body, IdempotencyKey key) {
        List<FieldError> errors = new ArrayList<>();
        String cleanTitle = title == null ? "" : title.strip();
        String cleanBody = body == null ? "" : body.strip();
        if (cleanTitle.isEmpty() || cleanTitle.length() > 100) {
            errors.add(new FieldError("title", "segments.message.title.invalid"));
        }
        if (cleanBody.isEmpty() || cleanBody.length() > 1000) {
            errors.add(new FieldError("body", "segments.message.body.invalid"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        List<Long> memberIds = segments.memberIds(operatorId, segmentId);
        if (memberIds.size() > MAX_MEMBERS) {
            throw new InvalidInputException("segmentId", "segments.message.tooMany");
        }
        int notified = 0;
        String dedupe = "segment-message|" + segmentId + "|" + IdempotencyKey.fingerprint(key.value()) + "|";
        for (int from = 0; from < memberIds.size(); from += CHUNK) {
            notified += notifications.notifyAll(
                    operatorId,
                    memberIds.subList(from, Math.min(memberIds.size(), from + CHUNK)),
                    NoticeCategory.OFFER,
                    "segments.message.notice",
                    List.of(cleanTitle, cleanBody),
                    dedupe);
        }
        return new Sent(notified, memberIds.size());
    }
}
