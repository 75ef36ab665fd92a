package io.enjoyspace.insights;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a {@link SegmentDefinition} to one SQL condition over the member (alias m) and their score row (alias s),
 * with every value a bind parameter: user input never becomes SQL text. Validation names the offending field by its
 * JSON path, e.g. conditions[1].value.
 */
final class SegmentQuery {

    static final int MAX_DEPTH = 3;
    static final int MAX_PREDICATES = 50;

    /** The size bands of a company tag and condition, by headcount: up to 10, 11 to 50, more than 50. */
    static final String SIZE_BAND = """
            case when e.headcount <= 10 then '1-10' when e.headcount <= 50 then '11-50' else '51+' end""";

    static final Set<String> SIZE_BANDS = Set.of("1-10", "11-50", "51+");

    private static final Map<String, String> COMPARISONS =
            Map.of("eq", "=", "ne", "<>", "gt", ">", "gte", ">=", "lt", "<", "lte", "<=");

    private static final Map<String, String> AGGREGATES = Map.of(
            "orders12m",
            "coalesce(s.orders_12m, 0)",
            "spend12m",
            "coalesce(s.spend_12m_minor, 0)",
            "activeDays30",
            "coalesce(s.active_days_30, 0)",
            "pointsBalance",
            """
            coalesce((select pa.balance from points_account pa where pa.operator_id = m.operator_id
                      and pa.owner_type = 'MEMBER' and pa.owner_id = m.id), 0)""",
            "daysSinceActivity",
            """
            (cast(:today as date) - coalesce(cast(s.last_activity_at at time zone :zone as date), m.registered_on))""");

    private static final String ENTERPRISE = """
            exists (select 1 from enterprise e where e.operator_id = m.operator_id and e.id = m.enterprise_id and %s)""";

    private static final String TIER = """
            coalesce((select mt.code from tier_holder h
                      join membership_tier mt on mt.operator_id = h.operator_id and mt.id = h.tier_id
                      where h.operator_id = m.operator_id and h.owner_kind = 'MEMBER' and h.owner_id = m.id),
                     (select mt.code from membership_tier mt
                      where mt.operator_id = m.operator_id and mt.audience = 'MEMBER' and mt.rank = 0))""";

    /** The SQL condition and its parameters; the query also binds operatorId, today and zone. */
    record Compiled(String where, Map<String, Object> params) {}

    private final List<FieldError> errors = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final boolean forRule;
    private int predicates;

    private SegmentQuery(boolean forRule) {
        this.forRule = forRule;
    }

    /** Compiles a segment's definition, or throws naming every invalid field. */
    static Compiled compile(SegmentDefinition definition) {
        return compile(definition, false, "");
    }

    /** Compiles a tag rule's definition: like a segment's, but it may not test other rules' tags. */
    static Compiled compileRule(SegmentDefinition definition, String prefix) {
        return compile(definition, true, prefix);
    }

    private static Compiled compile(SegmentDefinition definition, boolean forRule, String prefix) {
        SegmentQuery query = new SegmentQuery(forRule);
        String where = null;
        if (definition == null) {
            query.errors.add(new FieldError(prefix + "conditions", "segments.conditions.required"));
        } else {
            where = query.group(prefix, definition.match(), definition.conditions(), 1);
        }
        if (!query.errors.isEmpty()) {
            throw new InvalidInputException(query.errors);
        }
        return new Compiled(where, Map.copyOf(query.params));
    }

    private String group(String path, String match, List<SegmentCondition> conditions, int depth) {
        String joiner;
        if (match == null || match.isBlank() || match.equalsIgnoreCase("ALL")) {
            joiner = " and ";
        } else if (match.equalsIgnoreCase("ANY")) {
            joiner = " or ";
        } else {
            errors.add(new FieldError(path + "match", "segments.match.invalid"));
            joiner = " and ";
        }
        if (conditions == null || conditions.isEmpty()) {
            errors.add(new FieldError(path + "conditions", "segments.conditions.required"));
            return "true";
        }
        if (depth > MAX_DEPTH) {
            errors.add(new FieldError(path + "conditions", "segments.conditions.tooDeep"));
            return "true";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            String at = path + "conditions[" + i + "].";
            SegmentCondition condition = conditions.get(i);
            if (condition == null) {
                errors.add(new FieldError(at + "field", "segments.field.invalid"));
            } else if (condition.isGroup()) {
                parts.add("(" + group(at, condition.match(), condition.conditions(), depth + 1) + ")");
            } else {
                parts.add(predicate(at, condition));
            }
        }
        return "(" + String.join(joiner, parts) + ")";
    }

    private String predicate(String at, SegmentCondition condition) {
        if (++predicates > MAX_PREDICATES) {
            errors.add(new FieldError(at + "field", "segments.conditions.tooMany"));
            return "true";
        }
        String field = condition.field() == null ? "" : condition.field().strip();
        String operator =
                condition.operator() == null ? "" : condition.operator().strip().toLowerCase(Locale.ROOT);
        String value = condition.value() == null ? "" : condition.value().strip();
        switch (field) {
            case "tag":
                return tag(at, operator, value);
            case "site":
            case "enterprise":
                return id(at, field, operator, value);
            case "industry":
                return text(at, operator, value, ENTERPRISE.formatted("e.industry = %s"));
            case "sizeBand":
                if (!SIZE_BANDS.contains(value)) {
                    return invalid(at + "value", "segments.value.sizeBand");
                }
                return text(at, operator, value, ENTERPRISE.formatted(SIZE_BAND + " = %s"));
            case "tier":
                return tier(at, operator, value);
            case "registered":
                return registered(at, operator, value);
            default:
                if (AGGREGATES.containsKey(field)) {
                    return aggregate(at, field, operator, value);
                }
                return invalid(at + "field", "segments.field.invalid");
        }
    }

    private String tag(String at, String operator, String value) {
        if (!operator.equals("has") && !operator.equals("hasnot")) {
            return invalid(at + "operator", "segments.operator.invalid");
        }
        if (value.isEmpty() || value.length() > 120 || !value.contains(":")) {
            return invalid(at + "value", "segments.value.tag");
        }
        if (forRule && value.startsWith("rule:")) {
            return invalid(at + "value", "tags.rule.nested");
        }
        String exists = """
                exists (select 1 from member_tag t where t.operator_id = m.operator_id and t.member_id = m.id
                        and t.tag = %s)""".formatted(bind(value));
        return operator.equals("has") ? exists : "not " + exists;
    }

    private String id(String at, String field, String operator, String value) {
        long id;
        try {
            id = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return invalid(at + "value", "segments.value.id");
        }
        String column = field.equals("site") ? "m.site_id" : "m.enterprise_id";
        return switch (operator) {
            case "eq" -> column + " = " + bind(id);
            case "ne" -> column + " is distinct from " + bind(id);
            default -> invalid(at + "operator", "segments.operator.invalid");
        };
    }

    private String text(String at, String operator, String value, String template) {
        if (value.isEmpty() || value.length() > 100) {
            return invalid(at + "value", "segments.value.text");
        }
        return switch (operator) {
            case "eq" -> template.formatted(bind(value));
            case "ne" -> "not " + template.formatted(bind(value));
            default -> invalid(at + "operator", "segments.operator.invalid");
        };
    }

    private String tier(String at, String operator, String value) {
        if (value.isEmpty() || value.length() > 40) {
            return invalid(at + "value", "segments.value.text");
        }
        return switch (operator) {
            case "eq" -> TIER + " = " + bind(value);
            case "ne" -> TIER + " is distinct from " + bind(value);
            default -> invalid(at + "operator", "segments.operator.invalid");
        };
    }

    private String registered(String at, String operator, String value) {
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return invalid(at + "value", "segments.value.date");
        }
        return switch (operator) {
            case "before" -> "m.registered_on < " + bind(date);
            case "after" -> "m.registered_on > " + bind(date);
            default -> invalid(at + "operator", "segments.operator.invalid");
        };
    }

    private String aggregate(String at, String field, String operator, String value) {
        String comparison = COMPARISONS.get(operator);
        if (comparison == null) {
            return invalid(at + "operator", "segments.operator.invalid");
        }
        long number;
        try {
            BigDecimal parsed = new BigDecimal(value);
            if (field.equals("spend12m")) {
                parsed = parsed.movePointRight(2);
            }
            number = parsed.longValueExact();
            if (number < 0 || number > 1_000_000_000_000L) {
                throw new ArithmeticException();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return invalid(at + "value", "segments.value.number");
        }
        return AGGREGATES.get(field) + " " + comparison + " " + bind(number);
    }

    private String bind(Object value) {
        String name = "c" + params.size();
        params.put(name, value);
        return ":" + name;
    }

    private String invalid(String field, String code) {
        errors.add(new FieldError(field, code));
        return "true";
    }
}
