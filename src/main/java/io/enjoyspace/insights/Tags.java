package io.enjoyspace.insights;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Members;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Members' tags: read them, and let staff add and remove manual ones (manual:label). */
@Component
public class Tags {

    static final int LABEL_MAX = 40;

    private final JdbcClient jdbc;
    private final Members members;
    private final Clock clock;

    Tags(JdbcClient jdbc, Members members, Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.clock = clock;
    }

    /** The member's tags, by group and value; empty for a member of another operator. */
    public List<MemberTag> of(long operatorId, long memberId) {
        return jdbc.sql("""
                        select tag, source, label, tagged_at from member_tag
                        where operator_id = :operatorId and member_id = :memberId order by tag
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .query((rs, row) -> tag(
                        rs.getString("tag"),
                        rs.getString("label"),
                        TagSource.valueOf(rs.getString("source")),
                        rs.getTimestamp("tagged_at").toInstant()))
                .list();
    }

    /** A tag and how many members carry it. */
    public record TagCount(String tag, String group, String value, String label, TagSource source, long members) {}

    /** Every tag of the operator with its member count, by group and value. */
    public List<TagCount> counts(long operatorId) {
        return jdbc.sql("""
                        select tag, min(source) as source, max(label) as label, count(*) as members from member_tag
                        where operator_id = :operatorId group by tag order by tag
                        """)
                .param("operatorId", operatorId)
                .query((rs, row) -> {
                    MemberTag tag = tag(rs.getString("tag"), rs.getString("label"), TagSource.SYSTEM, null);
                    return new TagCount(
                            tag.tag(),
                            tag.group(),
                            tag.value(),
                            tag.label(),
                            TagSource.valueOf(rs.getString("source")),
                            rs.getLong("members"));
                })
                .list();
    }

    /** Adds the manual tag manual:label to a member (404 for a member of another operator); adding it twice is one tag. */
    public MemberTag addManual(long operatorId, long memberId, String label) {
        members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
        String text = label == null ? "" : label.strip();
        if (text.isEmpty() || text.length() > LABEL_MAX || text.contains(":")) {
            throw new InvalidInputException("label", "tags.label.invalid");
        }
        String key = "manual:" + text;
        jdbc.sql("""
                        insert into member_tag (operator_id, member_id, tag, source, label, tagged_at)
                        values (:operatorId, :memberId, :tag, 'MANUAL', :label, :now)
                        on conflict (operator_id, member_id, tag) do nothing
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("tag", key)
                .param("label", text)
                .param("now", java.sql.Timestamp.from(clock.instant()))
                .update();
        return of(operatorId, memberId).stream()
                .filter(tag -> tag.tag().equals(key))
                .findFirst()
                .orElseThrow();
    }

    /** Removes a manual tag (404 when the member has no such manual tag). */
    public void removeManual(long operatorId, long memberId, String tag) {
        int removed = jdbc.sql("""
                        delete from member_tag where operator_id = :operatorId and member_id = :memberId
                        and tag = :tag and source = 'MANUAL'
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("tag", tag)
                .update();
        if (removed == 0) {
            throw new NotFoundException();
        }
    }

    /** 404 unless the member belongs to the operator. */
    void requireMember(long operatorId, long memberId) {
        members.find(operatorId, memberId).orElseThrow(NotFoundException::new);
    }

    static MemberTag tag(String key, String label, TagSource source, java.time.Instant taggedAt) {
        int colon = key.indexOf(':');
        String group = colon < 0 ? key : key.substring(0, colon);
        String value = colon < 0 ? "" : key.substring(colon + 1);
        return new MemberTag(key, group, value, label, source, taggedAt);
    }
}
