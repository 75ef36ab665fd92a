package io.enjoyspace.engagement;

import io.enjoyspace.shared.NotFoundException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Members' notices, stored as message codes with arguments so each reader sees them in their own language. Notices
 * are written through {@link Notifications}; notices of a category the member switched off are kept but not shown.
 */
@Service
public class Inbox {

    /** A notice as stored: the message code and its arguments. */
    public record Message(
            long id, NoticeCategory category, String code, List<String> args, Instant createdAt, Instant readAt) {}

    /** One page of notices, newest first, with the total that matched and the member's unread count. */
    public record Page(List<Message> messages, long total, long unread) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    Inbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<Message> messages(long operatorId, long memberId, int limit) {
        return page(operatorId, memberId, null, 0, limit).messages();
    }

    /** The member's shown notices of {@code category} (null: all), newest first. */
    public Page page(long operatorId, long memberId, NoticeCategory category, int offset, int limit) {
        List<Message> messages = jdbc.sql("""
                        select * from inbox_message
                        where operator_id = :operatorId and member_id = :memberId and shown
                          and (cast(:category as text) is null or category = :category)
                        order by created_at desc, id desc limit :limit offset :offset
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("category", category == null ? null : category.name())
                .param("limit", limit)
                .param("offset", offset)
                .query(Inbox::map)
                .list();
        long total = jdbc.sql("""
                        select count(*) from inbox_message
                        where operator_id = :operatorId and member_id = :memberId and shown
                          and (cast(:category as text) is null or category = :category)
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("category", category == null ? null : category.name())
                .query(Long.class)
                .single();
        return new Page(messages, total, unread(operatorId, memberId));
    }

    public long unread(long operatorId, long memberId) {
        return jdbc.sql("""
                        select count(*) from inbox_message
                        where operator_id = :operatorId and member_id = :memberId and read_at is null and shown
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .query(Long.class)
                .single();
    }

    public void markRead(long operatorId, long memberId, long messageId) {
        int found = jdbc.sql("""
                        update inbox_message set read_at = coalesce(read_at, :now)
                        where operator_id = :operatorId and member_id = :memberId and id = :id and shown
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("id", messageId)
                .update();
        if (found == 0) {
            throw new NotFoundException();
        }
    }

    /** Marks every unread notice of {@code category} (null: all) read; returns how many. */
    public int markAllRead(long operatorId, long memberId, NoticeCategory category) {
        return jdbc.sql("""
                        update inbox_message set read_at = :now
                        where operator_id = :operatorId and member_id = :memberId and read_at is null and shown
                          and (cast(:category as text) is null or category = :category)
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("category", category == null ? null : category.name())
                .update();
    }

    /** A PostgreSQL array literal of the arguments, each quoted. */
    static String arrayLiteral(List<String> args) {
        return "{" + String.join(",", args.stream().map(Inbox::quote).toList()) + "}";
    }

    private static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Message map(ResultSet rs, int row) throws SQLException {
        Array args = rs.getArray("args");
        Timestamp readAt = rs.getTimestamp("read_at");
        return new Message(
                rs.getLong("id"),
                NoticeCategory.valueOf(rs.getString("category")),
                rs.getString("code"),
                List.of((String[]) args.getArray()),
                rs.getTimestamp("created_at").toInstant(),
                readAt == null ? null : readAt.toInstant());
    }
}
