package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Csv;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's segments: a condition builder with a live size preview, the member list, CSV, tags of a member. */
@Controller
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class SegmentPages {

    static final int PAGE = 50;

    /** The fields of the builder and the operators each takes, in the order the form offers them. */
    static final Map<String, List<String>> FIELDS = fields();

    private static Map<String, List<String>> fields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<String> numeric = List.of("gte", "gt", "eq", "ne", "lte", "lt");
        List<String> equality = List.of("eq", "ne");
        fields.put("tag", List.of("has", "hasNot"));
        fields.put("orders12m", numeric);
        fields.put("spend12m", numeric);
        fields.put("activeDays30", numeric);
        fields.put("daysSinceActivity", numeric);
        fields.put("pointsBalance", numeric);
        fields.put("site", equality);
        fields.put("enterprise", equality);
        fields.put("industry", equality);
        fields.put("sizeBand", equality);
        fields.put("tier", equality);
        fields.put("registered", List.of("before", "after"));
        return fields;
    }

    private final Segments segments;
    private final Tags tags;
    private final TagRules rules;
    private final RfmScores scores;
    private final TagComputation computation;
    private final SegmentMessages messages;
    private final Members members;
    private final Operators operators;

    SegmentPages(
            Segments segments,
            Tags tags,
            TagRules rules,
            RfmScores scores,
            TagComputation computation,
            SegmentMessages messages,
            Members members,
            Operators operators) {
        this.segments = segments;
        this.tags = tags;
        this.rules = rules;
        this.scores = scores;
        this.computation = computation;
        this.messages = messages;
        this.members = members;
        this.operators = operators;
    }

    /** One row of the builder as the form holds it. */
    record Row(String field, String operator, String value) {}

    @GetMapping("/console/segments")
    String list(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        builder(operatorId, model, "", "ALL", List.of(new Row("tag", "has", "")), Map.of());
        return "insights/console-segments";
    }

    @PostMapping("/console/segments/preview")
    String preview(Actor actor, @RequestParam MultiValueMap<String, String> form, Model model) {
        long operatorId = actor.requireOperator();
        List<Row> rows = rows(form);
        try {
            model.addAttribute("preview", segments.preview(operatorId, definition(form.getFirst("match"), rows)));
        } catch (InvalidInputException e) {
            model.addAttribute("errors", errors(e));
        }
        return "insights/console-segments :: preview";
    }

    @PostMapping("/console/segments")
    String create(Actor actor, @RequestParam MultiValueMap<String, String> form, Model model) {
        long operatorId = actor.requireOperator();
        List<Row> rows = rows(form);
        String match = form.getFirst("match");
        try {
            Segments.Segment segment = segments.create(operatorId, form.getFirst("name"), definition(match, rows));
            return "redirect:/console/segments/" + segment.id();
        } catch (InvalidInputException e) {
            builder(operatorId, model, form.getFirst("name"), match, rows, errors(e));
            return "insights/console-segments";
        }
    }

    @GetMapping("/console/segments/{id}")
    String segment(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "0") int page, Model model) {
        long operatorId = actor.requireOperator();
        Segments.Segment segment = segments.get(operatorId, id);
        long size = segments.size(operatorId, id);
        model.addAttribute("active", "segments");
        model.addAttribute("segment", segment);
        model.addAttribute("size", size);
        model.addAttribute("page", Math.max(0, page));
        model.addAttribute("pages", Math.max(1, (size + PAGE - 1) / PAGE));
        model.addAttribute("members", segments.members(operatorId, id, page, PAGE));
        model.addAttribute("messageKey", UUID.randomUUID().toString());
        model.addAttribute("currency", operators.get(operatorId).currency());
        return "insights/console-segment";
    }

    @GetMapping("/console/segments/{id}/members.csv")
    ResponseEntity<String> csv(Actor actor, @PathVariable long id) {
        long operatorId = actor.requireOperator();
        return Csv.download("segment-" + id + ".csv", Segments.CSV_HEADER, segments.csvRows(operatorId, id));
    }

    @PostMapping("/console/segments/{id}/delete")
    String delete(Actor actor, @PathVariable long id) {
        segments.delete(actor.requireOperator(), id);
        return "redirect:/console/segments";
    }

    @PostMapping("/console/segments/{id}/messages")
    String message(
            Actor actor,
            @PathVariable long id,
            @RequestParam(required = false) String title,
            @RequestParam(required = false) String body,
            @RequestParam String key,
            RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute(
                    "sent", messages.send(actor.requireOperator(), id, title, body, new IdempotencyKey(key)));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("messageError", e.errors().get(0).code());
        }
        return "redirect:/console/segments/" + id;
    }

    /**
     * Saves the builder's conditions as a tag rule: its members carry {@code rule:<code>} from now on, kept current as
     * facts arrive and recomputed nightly like the system tags. The segment's name field names the rule.
     */
    @PostMapping("/console/segments/tag-rules")
    String createRule(
            Actor actor, @RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        List<Row> rows = rows(form);
        String match = form.getFirst("match");
        try {
            TagRules.TagRule rule =
                    rules.create(operatorId, form.getFirst("tagCode"), form.getFirst("name"), definition(match, rows));
            computation.applyRule(operatorId, rule);
            redirect.addFlashAttribute("ruleSaved", rule.tag());
            return "redirect:/console/segments";
        } catch (InvalidInputException e) {
            builder(operatorId, model, form.getFirst("name"), match, rows, errors(e));
            model.addAttribute("tagCode", form.getFirst("tagCode"));
            return "insights/console-segments";
        }
    }

    /** Deletes a tag rule and the tags it gave. */
    @PostMapping("/console/segments/tag-rules/{id}/delete")
    String deleteRule(Actor actor, @PathVariable long id, RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        redirect.addFlashAttribute("ruleDeleted", rules.get(operatorId, id).tag());
        rules.delete(operatorId, id);
        return "redirect:/console/segments";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/segments/recompute")
    String recompute(Actor actor, RedirectAttributes redirect) {
        redirect.addFlashAttribute("recomputed", computation.recomputeAll(actor.requireOperator()));
        return "redirect:/console/segments";
    }

    @GetMapping("/console/segments/members/{memberId}")
    String member(Actor actor, @PathVariable long memberId, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("active", "segments");
        model.addAttribute("member", members.find(operatorId, memberId).orElseThrow(NotFoundException::new));
        model.addAttribute("score", scores.of(operatorId, memberId).orElse(null));
        model.addAttribute("tags", tags.of(operatorId, memberId));
        model.addAttribute("currency", operators.get(operatorId).currency());
        return "insights/console-member-tags";
    }

    @PostMapping("/console/segments/members/{memberId}/tags")
    String addTag(
            Actor actor,
            @PathVariable long memberId,
            @RequestParam(required = false) String label,
            RedirectAttributes redirect) {
        try {
            tags.addManual(actor.requireOperator(), memberId, label);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("tagError", e.errors().get(0).code());
        }
        return "redirect:/console/segments/members/" + memberId;
    }

    @PostMapping("/console/segments/members/{memberId}/tags/remove")
    String removeTag(Actor actor, @PathVariable long memberId, @RequestParam String tag) {
        tags.removeManual(actor.requireOperator(), memberId, tag);
        return "redirect:/console/segments/members/" + memberId;
    }

    private void builder(
            long operatorId, Model model, String name, String match, List<Row> rows, Map<String, String> errors) {
        model.addAttribute("active", "segments");
        model.addAttribute("segments", segments.list(operatorId));
        model.addAttribute("tagCounts", tags.counts(operatorId));
        model.addAttribute("tagRules", rules.list(operatorId));
        model.addAttribute("fields", FIELDS);
        model.addAttribute("name", name);
        model.addAttribute("match", match == null ? "ALL" : match);
        model.addAttribute("rows", rows.isEmpty() ? List.of(new Row("tag", "has", "")) : rows);
        model.addAttribute("errors", errors);
    }

    private static List<Row> rows(MultiValueMap<String, String> form) {
        List<String> fields = form.getOrDefault("field", List.of());
        List<String> operators = form.getOrDefault("operator", List.of());
        List<String> values = form.getOrDefault("value", List.of());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            rows.add(new Row(
                    fields.get(i),
                    i < operators.size() ? operators.get(i) : null,
                    i < values.size() ? values.get(i) : null));
        }
        return rows;
    }

    private static SegmentDefinition definition(String match, List<Row> rows) {
        List<SegmentCondition> conditions = new ArrayList<>();
        for (Row row : rows) {
            conditions.add(SegmentCondition.of(row.field(), row.operator(), row.value()));
        }
        return new SegmentDefinition(match, conditions);
    }

    private static Map<String, String> errors(InvalidInputException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (InvalidInputException.FieldError error : e.errors()) {
            errors.putIfAbsent(error.field(), error.code());
        }
        return errors;
    }
}
