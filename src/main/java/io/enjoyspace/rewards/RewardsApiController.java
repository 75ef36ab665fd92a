package io.enjoyspace.rewards;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Csv;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Points mall")
@RestController
class RewardsApiController {

    private final Rewards rewards;
    private final Redemptions redemptions;
    private final RentCredits rentCredits;
    private final MessageSource messages;
    private final RewardSegmentLimits segmentLimits;

    RewardsApiController(
            Rewards rewards,
            Redemptions redemptions,
            RentCredits rentCredits,
            MessageSource messages,
            RewardSegmentLimits segmentLimits) {
        this.segmentLimits = segmentLimits;
        this.rewards = rewards;
        this.redemptions = redemptions;
        this.rentCredits = rentCredits;
        this.messages = messages;
    }

    record RewardView(
            String id,
            String name,
            String description,
            String category,
            RewardKind kind,
            Delivery delivery,
            String pickupLocation,
            long pointsPrice,
            long cashPriceMinor,
            String currency,
            long creditMinor,
            String fulfilmentCode,
            int stock,
            boolean inStock,
            Integer perMemberLimit,
            List<String> eligibleTiers,
            String imageUrl,
            OffsetDateTime publishedFrom,
            OffsetDateTime publishedUntil,
            boolean active) {

        static RewardView of(Reward reward) {
            return new RewardView(
                    Long.toString(reward.id()),
                    reward.name(),
                    reward.description(),
                    reward.category(),
                    reward.kind(),
                    reward.delivery(),
                    reward.pickupLocation(),
                    reward.pointsPrice(),
                    reward.cashPriceMinor(),
                    reward.currency(),
                    reward.creditMinor(),
                    reward.fulfilmentCode(),
                    reward.stock(),
                    reward.stock() > 0,
                    reward.perMemberLimit(),
                    reward.eligibleTiers(),
                    reward.imageUrl(),
                    offset(reward.publishedFrom()),
                    offset(reward.publishedUntil()),
                    reward.active());
        }
    }

    record RedemptionView(
            String id,
            String rewardId,
            String memberId,
            String enterpriseId,
            String rewardName,
            RewardKind kind,
            int quantity,
            long points,
            long cashMinor,
            long creditMinor,
            String currency,
            RedemptionStatus status,
            String pickupCode,
            DeliveryStatus deliveryStatus,
            String deliveryAddress,
            String carrier,
            String trackingNumber,
            OffsetDateTime reservedAt,
            OffsetDateTime expiresAt,
            OffsetDateTime confirmedAt,
            OffsetDateTime fulfilledAt,
            OffsetDateTime cancelledAt,
            String cancelReason) {

        static RedemptionView of(Redemption r) {
            return new RedemptionView(
                    Long.toString(r.id()),
                    Long.toString(r.rewardId()),
                    Long.toString(r.memberId()),
                    r.enterpriseId() == null ? null : r.enterpriseId().toString(),
                    r.rewardName(),
                    r.kind(),
                    r.quantity(),
                    r.points(),
                    r.cashMinor(),
                    r.creditMinor(),
                    r.currency(),
                    r.status(),
                    r.pickupCode(),
                    r.deliveryStatus(),
                    r.deliveryAddress(),
                    r.carrier(),
                    r.trackingNumber(),
                    offset(r.reservedAt()),
                    offset(r.expiresAt()),
                    offset(r.confirmedAt()),
                    offset(r.fulfilledAt()),
                    offset(r.cancelledAt()),
                    r.cancelReason());
        }
    }

    record RedeemRequest(@NotNull String rewardId, @NotNull Integer quantity, String deliveryAddress) {}

    record CancelRequest(String reason) {}

    record ShipRequest(String carrier, String trackingNumber) {}

    record PickupRequest(String code) {}

    record StockRequest(@NotNull Integer delta, String reason) {}

    static OffsetDateTime offset(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    @Operation(
            summary =
                    "Rewards of the mall; members see published ones, those limited to a segment only when in it (filters:"
                            + " category, kind, maxPoints, inStock)")
    @GetMapping("/api/v1/rewards")
    List<RewardView> list(
            Actor actor,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) RewardKind kind,
            @RequestParam(required = false) Long maxPoints,
            @RequestParam(required = false) Boolean inStock) {
        long operatorId = actor.requireOperator();
        List<Reward> listed =
                rewards.list(operatorId, new Rewards.Filter(category, kind, maxPoints, inStock, !actor.isStaff()));
        if (!actor.isStaff() && actor.memberId() != null) {
            // A reward meant for a segment is listed to its members only.
            listed = segmentLimits.visibleTo(operatorId, actor.memberId(), listed);
        }
        return listed.stream().map(RewardView::of).toList();
    }

    @Operation(summary = "One reward")
    @GetMapping("/api/v1/rewards/{id}")
    RewardView get(Actor actor, @PathVariable String id) {
        long operatorId = actor.requireOperator();
        Reward reward =
                actor.isStaff() ? rewards.get(operatorId, Ids.parse(id)) : rewards.published(operatorId, Ids.parse(id));
        return RewardView.of(reward);
    }

    @Operation(summary = "Create a reward (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/rewards")
    ResponseEntity<RewardView> create(Actor actor, @RequestBody Rewards.RewardDraft draft) {
        Reward reward = rewards.create(actor.requireOperator(), draft);
        return ResponseEntity.created(URI.create("/api/v1/rewards/" + reward.id()))
                .body(RewardView.of(reward));
    }

    @Operation(summary = "Change a reward (operator admin); the stock is changed through stock adjustments")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/api/v1/rewards/{id}")
    RewardView update(Actor actor, @PathVariable String id, @RequestBody Rewards.RewardDraft draft) {
        return RewardView.of(rewards.update(actor.requireOperator(), Ids.parse(id), draft));
    }

    @Operation(summary = "Add (positive delta) or remove stock, with a reason (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/api/v1/rewards/{id}/stock-adjustments")
    RewardView adjustStock(Actor actor, @PathVariable String id, @Valid @RequestBody StockRequest request) {
        return RewardView.of(rewards.adjustStock(
                actor.requireOperator(), Ids.parse(id), request.delta(), request.reason(), actor.userId()));
    }

    @Operation(summary = "A reward's stock history (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/rewards/{id}/stock-adjustments")
    List<Rewards.StockAdjustment> stockHistory(Actor actor, @PathVariable String id) {
        return rewards.stockHistory(actor.requireOperator(), Ids.parse(id));
    }

    @Operation(
            summary = "Redeem a reward: points held and stock reserved until staff confirm (member; Idempotency-Key)")
    @PreAuthorize("hasRole('MEMBER')")
    @PostMapping("/api/v1/me/redemptions")
    ResponseEntity<RedemptionView> redeem(
            Actor actor,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody RedeemRequest request) {
        Redemptions.Redeemed redeemed = redemptions.redeem(new Redemptions.Redeem(
                actor.requireOperator(),
                actor.requireMember(),
                Ids.parse(request.rewardId()),
                request.quantity(),
                request.deliveryAddress(),
                new IdempotencyKey(idempotencyKey)));
        RedemptionView view = RedemptionView.of(redeemed.redemption());
        return redeemed.replayed()
                ? ResponseEntity.ok(view)
                : ResponseEntity.created(URI.create("/api/v1/me/redemptions/" + view.id()))
                        .body(view);
    }

    @Operation(summary = "The member's redemptions, newest first")
    @PreAuthorize("hasRole('MEMBER')")
    @GetMapping("/api/v1/me/redemptions")
    List<RedemptionView> mine(Actor actor) {
        return redemptions.ofMember(actor.requireOperator(), actor.requireMember(), 100).stream()
                .map(RedemptionView::of)
                .toList();
    }

    @Operation(summary = "One of the member's redemptions")
    @PreAuthorize("hasRole('MEMBER')")
    @GetMapping("/api/v1/me/redemptions/{id}")
    RedemptionView mine(Actor actor, @PathVariable String id) {
        return RedemptionView.of(
                redemptions.getForMember(actor.requireOperator(), actor.requireMember(), Ids.parse(id)));
    }

    @Operation(summary = "Cancel a reserved redemption: points, stock and wallet money go back (member)")
    @PreAuthorize("hasRole('MEMBER')")
    @PostMapping("/api/v1/me/redemptions/{id}/cancel")
    RedemptionView cancelMine(Actor actor, @PathVariable String id) {
        return RedemptionView.of(
                redemptions.cancel(actor.requireOperator(), Ids.parse(id), actor.requireMember(), null));
    }

    @Operation(summary = "The fulfilment queue (reserved and confirmed, oldest first) or one status (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/redemptions")
    List<RedemptionView> queue(Actor actor, @RequestParam(required = false) RedemptionStatus status) {
        return redemptions.queue(actor.requireOperator(), status, 200).stream()
                .map(RedemptionView::of)
                .toList();
    }

    @Operation(summary = "One redemption (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/redemptions/{id}")
    RedemptionView one(Actor actor, @PathVariable String id) {
        return RedemptionView.of(redemptions.get(actor.requireOperator(), Ids.parse(id)));
    }

    @Operation(summary = "Confirm: points spent; digital rewards and rent credits fulfilled at once (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/redemptions/{id}/confirm")
    RedemptionView confirm(Actor actor, @PathVariable String id) {
        return RedemptionView.of(redemptions.confirm(actor.requireOperator(), Ids.parse(id)));
    }

    @Operation(summary = "Hand a pickup gift over against the member's code (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/redemptions/{id}/pickup")
    RedemptionView pickup(Actor actor, @PathVariable String id, @RequestBody PickupRequest request) {
        return RedemptionView.of(redemptions.pickup(actor.requireOperator(), Ids.parse(id), request.code()));
    }

    @Operation(summary = "Ship a confirmed delivery gift (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/redemptions/{id}/ship")
    RedemptionView ship(Actor actor, @PathVariable String id, @RequestBody ShipRequest request) {
        return RedemptionView.of(
                redemptions.ship(actor.requireOperator(), Ids.parse(id), request.carrier(), request.trackingNumber()));
    }

    @Operation(summary = "Mark a shipped gift delivered (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/redemptions/{id}/deliver")
    RedemptionView deliver(Actor actor, @PathVariable String id) {
        return RedemptionView.of(redemptions.deliver(actor.requireOperator(), Ids.parse(id)));
    }

    @Operation(summary = "Cancel a reserved redemption (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/redemptions/{id}/cancel")
    RedemptionView cancel(Actor actor, @PathVariable String id, @RequestBody(required = false) CancelRequest request) {
        return RedemptionView.of(redemptions.cancel(
                actor.requireOperator(), Ids.parse(id), null, request == null ? null : request.reason()));
    }

    @Operation(summary = "The month's rent-deduction credits of every company, JSON or ?format=csv (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/rent-credits/{month}")
    ResponseEntity<?> rentCredits(
            Actor actor, @PathVariable String month, @RequestParam(required = false) String format) {
        long operatorId = actor.requireOperator();
        YearMonth parsed = month(month);
        if ("csv".equals(format)) {
            return Csv.attachment("rent-credits-" + parsed + ".csv", rentCredits.csv(operatorId, parsed));
        }
        return ResponseEntity.ok(rentCredits.list(operatorId, null, parsed));
    }

    static YearMonth month(String value) {
        try {
            return YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("month", "rewards.month.invalid");
        }
    }

    @ExceptionHandler(RewardUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(RewardUnavailableException e, HttpServletRequest request) {
        String message = messages.getMessage(e.code(), null, e.code(), LocaleContextHolder.getLocale());
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        problem.setType(URI.create("https://enjoyspace.io/problems/unprocessable"));
        problem.setTitle(HttpStatus.UNPROCESSABLE_CONTENT.getReasonPhrase());
        problem.setDetail(message);
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", message)));
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
