package io.enjoyspace.engagement;

import io.enjoyspace.points.PointsExpiringSoon;
import io.enjoyspace.tenancy.Operators;
import java.time.LocalDate;
import java.util.List;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Turns other modules' events into inbox notices. */
@Component
class Notices {

    private final Inbox inbox;
    private final Operators operators;

    Notices(Inbox inbox, Operators operators) {
        this.inbox = inbox;
        this.operators = operators;
    }

    @ApplicationModuleListener
    void on(PointsExpiringSoon expiring) {
        // The last day the points can be used, in the operator's time zone.
        LocalDate lastDay = LocalDate.ofInstant(
                expiring.expiresAt().minusNanos(1),
                operators.get(expiring.operatorId()).timeZone());
        inbox.queue(
                expiring.operatorId(),
                expiring.memberId(),
                "inbox.pointsExpiring",
                List.of(Long.toString(expiring.points()), lastDay.toString()),
                "points-expiring:" + expiring.memberId() + ":" + expiring.expiresAt());
    }
}
