package io.enjoyspace.rules;

import io.enjoyspace.rules.EventIntake.EventCommand;
import io.enjoyspace.rules.EventIntake.EventResult;
import io.enjoyspace.rules.EventIntake.Outcome;
import io.enjoyspace.shared.GroupCommit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit for events. Requests that arrive together are taken in together: a writer takes whatever is waiting (up
 * to {@value #MAX_BATCH} events) and ingests it in one database transaction per operator, then answers every request.
 * A request waits for at most one batch before its own, and gets exactly the answer it would have got alone. If a
 * batch fails as a whole (a deadlock between two batches, say), its events are ingested again one by one, each in its
 * own transaction, so one event never fails another.
 */
@Component
class EventBatcher implements SmartLifecycle {

    static final int MAX_BATCH = 250;
    private static final Logger log = LoggerFactory.getLogger(EventBatcher.class);

    private record Request(long operatorId, EventCommand command) {}

    private final EventIntake intake;
    private final GroupCommit<Request, EventResult> group;

    EventBatcher(EventIntake intake, @Value("${enjoyspace.events.writers:1}") int writers) {
        this.intake = intake;
        this.group = new GroupCommit<>("event-writer", writers, MAX_BATCH, this::ingestWaiting);
    }

    /** Ingests one event together with whatever else is arriving; its result, or its error thrown. */
    EventResult ingest(long operatorId, EventCommand command) {
        return group.submit(new Request(operatorId, command), () -> intake.ingest(operatorId, command));
    }

    /** Ingests {@code commands} in transactions of up to {@value #MAX_BATCH}, one by one where a batch fails. */
    List<Outcome> ingestAll(long operatorId, List<EventCommand> commands) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int from = 0; from < commands.size(); from += MAX_BATCH) {
            List<EventCommand> chunk = commands.subList(from, Math.min(commands.size(), from + MAX_BATCH));
            try {
                outcomes.addAll(intake.ingestAll(operatorId, chunk, false));
            } catch (RuntimeException e) {
                log.info(
                        "A batch of {} events failed as a whole ({}); ingesting them one by one",
                        chunk.size(),
                        e.toString());
                for (EventCommand command : chunk) {
                    try {
                        outcomes.add(new Outcome(intake.ingest(operatorId, command), null));
                    } catch (RuntimeException single) {
                        outcomes.add(new Outcome(null, single));
                    }
                }
            }
        }
        return outcomes;
    }

    private List<GroupCommit.Answer<EventResult>> ingestWaiting(List<Request> requests) {
        return GroupCommit.byKey(
                requests,
                Request::operatorId,
                (operatorId, mine) -> ingestAll(
                                operatorId, mine.stream().map(Request::command).toList())
                        .stream()
                        .map(outcome -> outcome.error() != null
                                ? GroupCommit.Answer.<EventResult>failed(outcome.error())
                                : GroupCommit.Answer.of(outcome.result()))
                        .toList());
    }

    @Override
    public void start() {
        group.start();
    }

    @Override
    public void stop() {
        group.stop();
    }

    @Override
    public boolean isRunning() {
        return group.isRunning();
    }
}
