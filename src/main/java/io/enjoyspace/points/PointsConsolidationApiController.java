package io.enjoyspace.points;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Points")
@RestController
@PreAuthorize("hasRole('OPERATOR_ADMIN')")
class PointsConsolidationApiController {

    private final PointsConsolidations consolidations;

    PointsConsolidationApiController(PointsConsolidations consolidations) {
        this.consolidations = consolidations;
    }

    record ConsolidationRequest(
            @NotBlank @Size(max = 20) String fromMemberId,
            @NotBlank @Size(max = 20) String intoMemberId) {}

    record ConsolidationResponse(String fromMemberId, String intoMemberId, long movedPoints) {}

    @Operation(summary = "Merge a duplicate member's points, lots and all, into another member (operator admin)")
    @PostMapping("/api/v1/points/consolidations")
    ConsolidationResponse consolidate(Actor actor, @Valid @RequestBody ConsolidationRequest request) {
        long from = parse(request.fromMemberId(), "fromMemberId");
        long into = parse(request.intoMemberId(), "intoMemberId");
        long moved = consolidations.merge(actor.requireOperator(), from, into, actor.userId());
        return new ConsolidationResponse(request.fromMemberId(), request.intoMemberId(), moved);
    }

    private static long parse(String id, String field) {
        try {
            return Ids.parse(id);
        } catch (NotFoundException e) {
            throw new InvalidInputException(field, "points.unknownRecipient");
        }
    }
}
