package io.enjoyspace.rules;

import io.enjoyspace.rules.EventIntake.EventCommand;
import io.enjoyspace.rules.EventIntake.EventResult;
import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Event intake for integrators and the operator's own systems. An event is identified by its {@code id} or the
 * request's {@code Idempotency-Key}: sending it again answers with the first result and awards nothing more.
 */
@Tag(name = "Events")
@RestController
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class EventApiController {

    static final int MAX_BATCH = 1000;

    private final EventBatcher batcher;
    private final MessageSource messages;

    EventApiController(EventBatcher batcher, MessageSource messages) {
        this.batcher = batcher;
        this.messages = messages;
    }

    record EventRequest(
            @Size(max = 100) String id,
            @Size(max = 100) String type,
            @Size(max = 20) String memberId,
            OffsetDateTime occurredAt,
            JsonNode attributes) {}

    record AwardView(
            String ruleId, int ruleVersion, String ruleName, long points, boolean pending, String campaignId) {}

    record EventView(
            String eventId,
            String id,
            String type,
            String memberId,
            OffsetDateTime occurredAt,
            long points,
            List<AwardView> awards,
            boolean replayed) {

        static EventView of(String id, EventResult result) {
            return new EventView(
                    Long.toString(result.eventId()),
                    id,
                    result.type(),
                    Long.toString(result.memberId()),
                    RulesApiController.utc(result.occurredAt()),
                    result.points(),
                    result.awards().stream()
                            .map(award -> new AwardView(
                                    Long.toString(award.ruleId()),
                                    award.ruleVersion(),
                                    award.ruleName(),
                                    award.points(),
                                    award.pending(),
                                    award.campaignId() == null
                                            ? null
                                            : award.campaignId().toString()))
                            .toList(),
                    result.replayed());
        }
    }

    @Operation(
            summary = "Report one event; answers what it earned and under which rule version",
            description = "201 the first time, 200 with the first answer when the id or Idempotency-Key was seen"
                    + " before, 409 when that key was used for a different event.")
    @PostMapping("/api/v1/events")
    ResponseEntity<EventView> post(
            Actor actor,
            @RequestHeader(value = IdempotencyKey.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody EventRequest request) {
        String id = eventId(request.id(), idempotencyKey);
        EventResult result = batcher.ingest(actor.requireOperator(), command(id, request));
        return ResponseEntity.status(result.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(EventView.of(id, result));
    }

    private static String eventId(String bodyId, String header) {
        String id = bodyId != null && !bodyId.isBlank() ? bodyId : header;
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("id", "events.idRequired");
        }
        return new IdempotencyKey(id.strip()).value();
    }

    private EventCommand command(String id, EventRequest request) {
        if (request.type() == null || request.type().isBlank()) {
            throw new InvalidInputException("type", "events.typeUnknown");
        }
        if (request.memberId() == null || request.memberId().isBlank()) {
            throw new InvalidInputException("memberId", "events.memberRequired");
        }
        return new EventCommand(
                "api:" + id,
                request.type().strip(),
                Ids.parse(request.memberId()),
                request.occurredAt() == null ? null : request.occurredAt().toInstant(),
                request.attributes());
    }

    record BatchRequest(
            @NotNull @Size(min = 1, max = MAX_BATCH) List<EventRequest> events) {}

    /** One event's answer in a batch: its position, its status, and its result or its errors. */
    record BatchResult(int index, int status, EventView event, List<Map<String, String>> errors) {}

    record BatchView(int accepted, int replayed, int rejected, long points, List<BatchResult> results) {}

    @Operation(
            summary = "Report up to 1,000 events at once; each gets its own answer",
            description = "Each event needs an id. status per event: 201 new, 200 replayed, 400 invalid (errors name"
                    + " the field), 404 unknown member, 409 id reused for a different event. One event's failure never"
                    + " undoes another's awards.")
    @PostMapping("/api/v1/events/batch")
    BatchView batch(Actor actor, @Valid @RequestBody BatchRequest request) {
        long operatorId = actor.requireOperator();
        List<BatchResult> results = new ArrayList<>();
        int accepted = 0;
        int replayed = 0;
        int rejected = 0;
        long points = 0;
        // Events that cannot even be read are answered here; the rest go in together, in order.
        List<EventCommand> commands = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        BatchResult[] answers = new BatchResult[request.events().size()];
        for (int index = 0; index < request.events().size(); index++) {
            EventRequest event = request.events().get(index);
            try {
                if (event == null) {
                    throw new InvalidInputException("events[" + index + "]", "events.missing");
                }
                String id = eventId(event.id(), null);
                commands.add(command(id, event));
                ids.add(id);
                positions.add(index);
            } catch (InvalidInputException e) {
                answers[index] = new BatchResult(index, 400, null, errors(e));
            } catch (NotFoundException e) {
                answers[index] = new BatchResult(index, 404, null, List.of(error("memberId", "problem.notFound")));
            }
        }
        List<EventIntake.Outcome> outcomes = batcher.ingestAll(operatorId, commands);
        for (int k = 0; k < outcomes.size(); k++) {
            int index = positions.get(k);
            EventIntake.Outcome outcome = outcomes.get(k);
            RuntimeException error = outcome.error();
            if (error == null) {
                EventResult result = outcome.result();
                answers[index] = new BatchResult(
                        index, result.replayed() ? 200 : 201, EventView.of(ids.get(k), result), List.of());
            } else if (error instanceof InvalidInputException invalid) {
                answers[index] = new BatchResult(index, 400, null, errors(invalid));
            } else if (error instanceof NotFoundException) {
                answers[index] = new BatchResult(index, 404, null, List.of(error("memberId", "problem.notFound")));
            } else if (error instanceof ConflictException conflict) {
                answers[index] = new BatchResult(index, 409, null, List.of(error("id", conflict.code())));
            } else {
                throw error;
            }
        }
        for (BatchResult answer : answers) {
            results.add(answer);
            if (answer.status() == 201) {
                accepted++;
                points += answer.event().points();
            } else if (answer.status() == 200) {
                replayed++;
            } else {
                rejected++;
            }
        }
        return new BatchView(accepted, replayed, rejected, points, results);
    }

    private List<Map<String, String>> errors(InvalidInputException e) {
        return e.errors().stream()
                .map(error -> {
                    Map<String, String> map = new LinkedHashMap<>();
                    map.put("field", error.field());
                    map.put(
                            "message",
                            messages.getMessage(
                                    error.code(), error.arguments(), error.code(), LocaleContextHolder.getLocale()));
                    return map;
                })
                .toList();
    }

    private Map<String, String> error(String field, String code) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("field", field);
        map.put("message", messages.getMessage(code, null, code, LocaleContextHolder.getLocale()));
        return map;
    }
}
