package io.enjoyspace.insights;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Operator-defined tags: a rule names a condition (the same model as segments, but it may not test other rules' tags)
 * and its members carry the tag rule:code, computed with the other tags.
 */
@Component
public class TagRules {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    TagRules(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An operator's tag rule. */
    public record TagRule(long id, String code, String name, SegmentDefinition definition) {

        public String tag() {
            return "rule:" + code;
        }
    }

    public List<TagRule> list(long operatorId) {
        return jdbc.sql("select id, code, name, definition from tag_rule where operator_id = ? order by code")
                .param(operatorId)
                .query((rs, row) -> new TagRule(
                        rs.getLong("id"),
                        rs.getString("code"),
                        rs.getString("name"),
                        JSON.readValue(rs.getString("definition"), SegmentDefinition.class)))
                .list();
    }

    public TagRule get(long operatorId, long id) {
        return list(operatorId).stream()
                .filter(rule -> rule.id() == id)
                .findFirst()
                .orElseThrow(NotFoundException::new);
    }

    /** Saves a new rule, or throws naming the invalid fields (code, name, conditions[i]...). */
    public TagRule create(long operatorId, String code, String name, SegmentDefinition definition) {
        List<FieldError> errors = new ArrayList<>();
        String cleanCode = code == null ? "" : code.strip();
        String cleanName = name == null ? "" : name.strip();
        if (!cleanCode.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            errors.add(new FieldError("code", "tags.rule.code.invalid"));
        } else if (list(operatorId).stream().anyMatch(rule -> rule.code().equals(cleanCode))) {
            errors.add(new FieldError("code", "tags.rule.code.taken"));
        }
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            errors.add(new FieldError("name", "tags.rule.name.invalid"));
        }
        try {
            SegmentQuery.compileRule(definition, "");
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        long id = jdbc.sql("""
                        insert into tag_rule (operator_id, code, name, definition, created_at)
                        values (:operatorId, :code, :name, cast(:definition as jsonb), :now) returning id
                        """)
                .param("operatorId", operatorId)
                .param("code", cleanCode)
                .param("name", cleanName)
                .param("definition", JSON.writeValueAsString(definition))
                .param("now", java.sql.Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        return get(operatorId, id);
    }

    /** Deletes a rule and the tags it gave. */
    public void delete(long operatorId, long id) {
        TagRule rule = get(operatorId, id);
        jdbc.sql("delete from member_tag where operator_id = ? and tag = ? and source = 'RULE'")
                .params(operatorId, rule.tag())
                .update();
        jdbc.sql("delete from tag_rule where operator_id = ? and id = ?")
                .params(operatorId, id)
                .update();
    }
}
