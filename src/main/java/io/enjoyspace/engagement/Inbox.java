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

/** Members' notices, stored as message codes with arguments so each reader sees them in their own language. */
@Service
public class Inbox {

    /** A notice as stored: the message code and its arguments. */
    public record Message(long id, String code, List<String> args, Instant createdAt, Instant readAt) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    Inbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Queues a notice once per dedupe key. */
    public void queue(long operatorId, long memberId, String code, List<String> args, String dedupeKey) {
        jdbc.sql("""
                        insert into inbox_message (operator_id, member_id, code, args, dedupe_key, created_at)
                        values (:operatorId, :memberId, :code, cast(:args as text[]), :dedupeKey, :now)
                        on conflict (operator_id, dedupe_key) do nothing
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("code", code)
                .param(
                        "args",
                        "{" + String.join(",", args.stream().map(Inbox::quote).toList()) + "}")
                .param("dedupeKey", dedupeKey)
                .param("now", Timestamp.from(clock.instant()))
                .update();
    }

    public List<Message> messages(long operatorId, long memberId, int limit) {
        return jdbc.sql("""
                        select * from inbox_message where operator_id = :operatorId and member_id = :memberId
                        order by created_at desc, id desc limit :limit
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("limit", limit)
                .query(Inbox::map)
                .list();
    }

    public long unread(long operatorId, long memberId) {
        return jdbc.sql("""
                        select count(*) from inbox_message
                        where operator_id = :operatorId and member_id = :memberId and read_at is null
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .query(Long.class)
                .single();
    }

    public void markRead(long operatorId, long memberId, long messageId) {
        int found = jdbc.sql("""
                        update inbox_message set read_at = coalesce(read_at, :now)
                        where operator_id = :operatorId and member_id = :memberId and id = :id
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

    private static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Message map(ResultSet rs, int row) throws SQLException {
        Array args = rs.getArray("args");
        Timestamp readAt = rs.getTimestamp("read_at");
        return new Message(
                rs.getLong("id"),
                rs.getString("code"),
                List.of((String[]) args.getArray()),
                rs.getTimestamp("created_at").toInstant(),
                readAt == null ? null : readAt.toInstant());
    }
}
