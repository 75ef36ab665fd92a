package io.enjoyspace.rewards;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Points mall")
@RestController
class RewardSegmentApiController {

    private final RewardSegmentLimits limits;

    RewardSegmentApiController(RewardSegmentLimits limits) {
        this.limits = limits;
    }

    record SegmentLimit(String segmentId) {}

    @Operation(summary = "The segment a reward is limited to (segmentId null: none)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/rewards/{id}/eligible-segment")
    SegmentLimit get(Actor actor, @PathVariable String id) {
        return new SegmentLimit(limits.of(actor.requireOperator(), Ids.parse(id))
                .map(String::valueOf)
                .orElse(null));
    }

    @Operation(
            summary = "Limits a reward to the members of an insights segment, checked at each redemption, or lifts the"
                    + " limit with segmentId null (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/api/v1/rewards/{id}/eligible-segment")
    SegmentLimit put(Actor actor, @PathVariable String id, @RequestBody Map<String, String> body) {
        long operatorId = actor.requireOperator();
        String segmentId = body.get("segmentId");
        limits.limit(operatorId, Ids.parse(id), segmentId == null || segmentId.isBlank() ? null : Ids.parse(segmentId));
        return get(actor, id);
    }
}
