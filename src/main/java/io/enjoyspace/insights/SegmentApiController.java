package io.enjoyspace.insights;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Csv;
import io.enjoyspace.shared.IdempotencyKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Segments and tags")
@RestController
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class SegmentApiController {

    private final Segments segments;
    private final Tags tags;
    private final TagRules rules;
    private final RfmScores scores;
    private final TagComputation computation;
    private final SegmentMessages messages;

    SegmentApiController(
            Segments segments,
            Tags tags,
            TagRules rules,
            RfmScores scores,
            TagComputation computation,
            SegmentMessages messages) {
        this.messages = messages;
        this.segments = segments;
        this.tags = tags;
        this.rules = rules;
        this.scores = scores;
        this.computation = computation;
    }

    /** A segment as the API shows it: ids as strings. */
    record SegmentView(
            String id,
            String name,
            String match,
            List<SegmentCondition> conditions,
            long memberCount,
            Instant countedAt,
            Instant createdAt,
            Instant updatedAt) {

        static SegmentView of(Segments.Segment segment) {
            return new SegmentView(
                    Long.toString(segment.id()),
                    segment.name(),
                    segment.definition().match(),
                    segment.definition().conditions(),
                    segment.memberCount(),
                    segment.countedAt(),
                    segment.createdAt(),
                    segment.updatedAt());
        }
    }

    record SegmentRequest(String name, String match, List<SegmentCondition> conditions) {

        SegmentDefinition definition() {
            return new SegmentDefinition(match, conditions);
        }
    }

    record MemberView(
            String memberId,
            String name,
            String mobile,
            String siteId,
            String enterpriseId,
            long orders12Months,
            long spend12MonthsMinor,
            String rfmSegment,
            String activityLevel) {

        static MemberView of(Segments.SegmentMember member) {
            return new MemberView(
                    Long.toString(member.memberId()),
                    member.name(),
                    member.mobile(),
                    Long.toString(member.siteId()),
                    member.enterpriseId() == null ? null : member.enterpriseId().toString(),
                    member.orders12Months(),
                    member.spend12MonthsMinor(),
                    member.rfmSegment(),
                    member.activityLevel());
        }
    }

    @Operation(summary = "The operator's segments, with their sizes as last counted (staff)")
    @GetMapping("/api/v1/segments")
    List<SegmentView> list(Actor actor) {
        return segments.list(actor.requireOperator()).stream()
                .map(SegmentView::of)
                .toList();
    }

    @Operation(
            summary = "Saves a segment: match ALL or ANY over conditions, each a predicate {field, operator, value} or"
                    + " a nested group {match, conditions}. Fields: tag (has, hasNot), site, enterprise, industry,"
                    + " tier, sizeBand (eq, ne), registered (before, after), orders12m, spend12m (currency units),"
                    + " pointsBalance, activeDays30, daysSinceActivity (eq, ne, gt, gte, lt, lte).")
    @PostMapping("/api/v1/segments")
    @ResponseStatus(HttpStatus.CREATED)
    SegmentView create(Actor actor, @RequestBody SegmentRequest request) {
        return SegmentView.of(segments.create(actor.requireOperator(), request.name(), request.definition()));
    }

    @GetMapping("/api/v1/segments/{id}")
    SegmentView get(Actor actor, @PathVariable long id) {
        return SegmentView.of(segments.get(actor.requireOperator(), id));
    }

    @PutMapping("/api/v1/segments/{id}")
    SegmentView update(Actor actor, @PathVariable long id, @RequestBody SegmentRequest request) {
        return SegmentView.of(segments.update(actor.requireOperator(), id, request.name(), request.definition()));
    }

    @DeleteMapping("/api/v1/segments/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Actor actor, @PathVariable long id) {
        segments.delete(actor.requireOperator(), id);
    }

    @Operation(summary = "How many members the conditions select now, and the first ten of them (nothing is saved)")
    @PostMapping("/api/v1/segments/preview")
    Map<String, Object> preview(Actor actor, @RequestBody SegmentRequest request) {
        Segments.Preview preview = segments.preview(actor.requireOperator(), request.definition());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", preview.size());
        body.put("sample", preview.sample().stream().map(MemberView::of).toList());
        return body;
    }

    @Operation(summary = "A page of the segment's members, by member id (page from 0; size at most 200)")
    @GetMapping("/api/v1/segments/{id}/members")
    Map<String, Object> members(
            Actor actor,
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        long operatorId = actor.requireOperator();
        List<MemberView> members = segments.members(operatorId, id, page, size).stream()
                .map(MemberView::of)
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", segments.size(operatorId, id));
        body.put("page", Math.max(0, page));
        body.put("items", members);
        return body;
    }

    @Operation(summary = "The segment's members as CSV")
    @GetMapping("/api/v1/segments/{id}/members.csv")
    ResponseEntity<String> csv(Actor actor, @PathVariable long id) {
        long operatorId = actor.requireOperator();
        return Csv.download("segment-" + id + ".csv", Segments.CSV_HEADER, segments.csvRows(operatorId, id));
    }

    record MessageRequest(String title, String body) {}

    @Operation(
            summary = "Sends an inbox message to the segment's members (Idempotency-Key: a retry notifies nobody"
                    + " twice)")
    @PostMapping("/api/v1/segments/{id}/messages")
    SegmentMessages.Sent message(
            Actor actor,
            @PathVariable long id,
            @org.springframework.web.bind.annotation.RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @RequestBody MessageRequest request) {
        return messages.send(
                actor.requireOperator(), id, request.title(), request.body(), new IdempotencyKey(idempotencyKey));
    }

    @Operation(summary = "A member's tags (system, rule and manual)")
    @GetMapping("/api/v1/members/{memberId}/tags")
    List<MemberTag> memberTags(Actor actor, @PathVariable long memberId) {
        long operatorId = actor.requireOperator();
        List<MemberTag> found = tags.of(operatorId, memberId);
        if (found.isEmpty() && scores.of(operatorId, memberId).isEmpty()) {
            requireMember(operatorId, memberId);
        }
        return found;
    }

    record ManualTagRequest(String label) {}

    @Operation(summary = "Adds a manual tag (manual:label) to a member")
    @PostMapping("/api/v1/members/{memberId}/tags")
    @ResponseStatus(HttpStatus.CREATED)
    MemberTag addTag(Actor actor, @PathVariable long memberId, @RequestBody ManualTagRequest request) {
        return tags.addManual(actor.requireOperator(), memberId, request.label());
    }

    @Operation(summary = "Removes a manual tag from a member (tag: the key, e.g. manual:VIP)")
    @DeleteMapping("/api/v1/members/{memberId}/tags")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeTag(Actor actor, @PathVariable long memberId, @RequestParam String tag) {
        tags.removeManual(actor.requireOperator(), memberId, tag);
    }

    @Operation(summary = "A member's RFM scores, activity level and spending power")
    @GetMapping("/api/v1/members/{memberId}/scores")
    RfmScore memberScores(Actor actor, @PathVariable long memberId) {
        return scores.of(actor.requireOperator(), memberId).orElseThrow(io.enjoyspace.shared.NotFoundException::new);
    }

    @Operation(summary = "Every tag of the operator with how many members carry it")
    @GetMapping("/api/v1/tags")
    List<Tags.TagCount> tagCounts(Actor actor) {
        return tags.counts(actor.requireOperator());
    }

    @Operation(summary = "Recomputes every member's scores and tags and every segment's size now (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/tags/recompute")
    TagComputation.Run recompute(Actor actor) {
        return computation.recomputeAll(actor.requireOperator());
    }

    record TagRuleRequest(String code, String name, String match, List<SegmentCondition> conditions) {}

    record TagRuleView(String id, String code, String tag, String name, SegmentDefinition definition) {

        static TagRuleView of(TagRules.TagRule rule) {
            return new TagRuleView(Long.toString(rule.id()), rule.code(), rule.tag(), rule.name(), rule.definition());
        }
    }

    @GetMapping("/api/v1/tag-rules")
    List<TagRuleView> tagRules(Actor actor) {
        return rules.list(actor.requireOperator()).stream().map(TagRuleView::of).toList();
    }

    @Operation(summary = "Saves a tag rule: its members carry rule:code (conditions as for segments, no rule: tags)")
    @PostMapping("/api/v1/tag-rules")
    @ResponseStatus(HttpStatus.CREATED)
    TagRuleView createRule(Actor actor, @RequestBody TagRuleRequest request) {
        long operatorId = actor.requireOperator();
        TagRules.TagRule rule = rules.create(
                operatorId,
                request.code(),
                request.name(),
                new SegmentDefinition(request.match(), request.conditions()));
        computation.applyRule(operatorId, rule);
        return TagRuleView.of(rule);
    }

    @DeleteMapping("/api/v1/tag-rules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteRule(Actor actor, @PathVariable long id) {
        rules.delete(actor.requireOperator(), id);
    }

    private void requireMember(long operatorId, long memberId) {
        tags.requireMember(operatorId, memberId);
    }
}
