package io.enjoyspace.rewards;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Role;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operator's mall in the console: rewards and their stock, and the fulfilment queue. */
@Controller
@PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
class MallConsolePages {

    private final Rewards rewards;
    private final Redemptions redemptions;
    private final RentCredits rentCredits;
    private final Clock clock;
    private final ZoneId zone;
    private final io.enjoyspace.tenancy.Members members;
    private final RewardSegmentLimits segmentLimits;

    MallConsolePages(
            io.enjoyspace.tenancy.Members members,
            RewardSegmentLimits segmentLimits,
            Rewards rewards,
            Redemptions redemptions,
            RentCredits rentCredits,
            Clock clock,
            @Value("${enjoyspace.display-time-zone:Asia/Shanghai}") String zone) {
        this.members = members;
        this.segmentLimits = segmentLimits;
        this.rewards = rewards;
        this.redemptions = redemptions;
        this.rentCredits = rentCredits;
        this.clock = clock;
        this.zone = ZoneId.of(zone);
    }

    @GetMapping("/console/mall")
    String mall(Actor actor, @RequestParam(required = false) String edit, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("rewards", rewards.list(operatorId, new Rewards.Filter(null, null, null, null, false)));
        model.addAttribute("kinds", RewardKind.values());
        model.addAttribute("deliveries", Delivery.values());
        model.addAttribute("isAdmin", actor.role() == Role.OPERATOR_ADMIN);
        model.addAttribute("month", YearMonth.now(clock.withZone(zone)).toString());
        java.util.Map<Long, String> segments = segmentLimits.choices(operatorId);
        java.util.Map<Long, String> limitNames = new java.util.HashMap<>();
        segmentLimits
                .limited(operatorId)
                .forEach((rewardId, segmentId) ->
                        limitNames.put(rewardId, segments.getOrDefault(segmentId, "#" + segmentId)));
        model.addAttribute("segments", segments);
        model.addAttribute("segmentOf", limitNames);
        if (!model.containsAttribute("form")) {
            Reward editing = edit == null ? null : rewards.get(operatorId, Ids.parse(edit));
            model.addAttribute(
                    "form",
                    editing == null
                            ? RewardForm.empty()
                            : RewardForm.of(
                                    editing,
                                    zone,
                                    segmentLimits
                                            .of(operatorId, editing.id())
                                            .map(String::valueOf)
                                            .orElse("")));
        }
        return "rewards/console-mall";
    }

    /** The reward form as typed, so a refused form comes back with what was entered. */
    record RewardForm(
            String id,
            String name,
            String description,
            String category,
            String kind,
            String delivery,
            String pickupLocation,
            String pointsPrice,
            String cashPrice,
            String credit,
            String fulfilmentCode,
            String stock,
            String perMemberLimit,
            String eligibleTiers,
            String imageUrl,
            String publishedFrom,
            String publishedUntil,
            boolean active,
            String eligibleSegment) {

        static RewardForm empty() {
            return new RewardForm(
                    "", "", "", "", "GIFT", "PICKUP", "", "", "0", "", "", "", "", "", "", "", "", true, "");
        }

        static RewardForm of(Reward r, ZoneId zone, String eligibleSegment) {
            return new RewardForm(
                    Long.toString(r.id()),
                    r.name(),
                    r.description(),
                    r.category(),
                    r.kind().name(),
                    r.delivery() == null ? "" : r.delivery().name(),
                    r.pickupLocation() == null ? "" : r.pickupLocation(),
                    Long.toString(r.pointsPrice()),
                    java.math.BigDecimal.valueOf(r.cashPriceMinor(), 2).toPlainString(),
                    r.creditMinor() == 0
                            ? ""
                            : java.math.BigDecimal.valueOf(r.creditMinor(), 2).toPlainString(),
                    r.fulfilmentCode() == null ? "" : r.fulfilmentCode(),
                    Integer.toString(r.stock()),
                    r.perMemberLimit() == null ? "" : r.perMemberLimit().toString(),
                    String.join(",", r.eligibleTiers()),
                    r.imageUrl() == null ? "" : r.imageUrl(),
                    r.publishedFrom() == null
                            ? ""
                            : LocalDateTime.ofInstant(r.publishedFrom(), zone).toString(),
                    r.publishedUntil() == null
                            ? ""
                            : LocalDateTime.ofInstant(r.publishedUntil(), zone).toString(),
                    r.active(),
                    eligibleSegment);
        }
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/mall/rewards")
    String save(Actor actor, RewardForm form, RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        RewardKind kind = Arrays.stream(RewardKind.values())
                .filter(k -> k.name().equals(form.kind()))
                .findFirst()
                .orElse(null);
        Delivery delivery = Arrays.stream(Delivery.values())
                .filter(d -> d.name().equals(form.delivery()))
                .findFirst()
                .orElse(null);
        Rewards.RewardDraft draft = new Rewards.RewardDraft(
                form.name() == null ? "" : form.name(),
                form.description(),
                form.category() == null ? "" : form.category(),
                kind,
                kind == RewardKind.GIFT ? delivery : null,
                form.pickupLocation(),
                whole(form.pointsPrice(), "pointsPrice", "rewards.pointsPrice.invalid", errors),
                fen(form.cashPrice(), "cashPriceMinor", "rewards.cashPrice.invalid", errors),
                kind == RewardKind.RENT_CREDIT
                        ? fen(form.credit(), "creditMinor", "rewards.credit.invalid", errors)
                        : null,
                form.fulfilmentCode(),
                form.id() == null || form.id().isBlank()
                        ? toInt(whole(form.stock(), "stock", "rewards.stock.invalid", errors))
                        : null,
                form.perMemberLimit() == null || form.perMemberLimit().isBlank()
                        ? null
                        : toInt(whole(
                                form.perMemberLimit(), "perMemberLimit", "rewards.perMemberLimit.invalid", errors)),
                form.eligibleTiers() == null || form.eligibleTiers().isBlank()
                        ? List.of()
                        : Arrays.stream(form.eligibleTiers().split(","))
                                .map(String::trim)
                                .toList(),
                form.imageUrl(),
                at(form.publishedFrom(), "publishedFrom", errors),
                at(form.publishedUntil(), "publishedUntil", errors),
                form.active());
        Long segmentId = null;
        if (form.eligibleSegment() != null && !form.eligibleSegment().isBlank()) {
            try {
                segmentId = Ids.parse(form.eligibleSegment());
            } catch (RuntimeException e) {
                segmentId = null;
            }
            if (segmentId == null || !segmentLimits.choices(operatorId).containsKey(segmentId)) {
                errors.add(new InvalidInputException.FieldError("eligibleSegment", "rewards.segment.unknown"));
            }
        }
        try {
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            Reward saved = form.id() == null || form.id().isBlank()
                    ? rewards.create(operatorId, draft)
                    : rewards.update(operatorId, Ids.parse(form.id()), draft);
            segmentLimits.limit(operatorId, saved.id(), segmentId);
            redirect.addFlashAttribute("saved", saved.name());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("errors", e.errors());
            redirect.addFlashAttribute("form", form);
        }
        return "redirect:/console/mall";
    }

    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/console/mall/rewards/{id}/stock")
    String adjustStock(
            Actor actor,
            @PathVariable String id,
            @RequestParam(defaultValue = "") String delta,
            @RequestParam(defaultValue = "") String reason,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        Long parsed = whole(delta.replace("+", ""), "delta", "rewards.stock.delta", errors);
        if (delta.trim().startsWith("-") && parsed == null) {
            try {
                parsed = Long.parseLong(delta.trim());
                errors.clear();
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        try {
            if (!errors.isEmpty() || parsed == null || Math.abs(parsed) > Rewards.MAX_STOCK) {
                throw new InvalidInputException("delta", "rewards.stock.delta");
            }
            Reward reward = rewards.adjustStock(operatorId, Ids.parse(id), parsed.intValue(), reason, actor.userId());
            redirect.addFlashAttribute("saved", reward.name());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("stockError", e.errors().get(0));
            redirect.addFlashAttribute("stockRewardId", id);
        }
        return "redirect:/console/mall";
    }

    @GetMapping("/console/mall/fulfilment")
    String fulfilment(Actor actor, @RequestParam(required = false) String status, Model model) {
        long operatorId = actor.requireOperator();
        RedemptionStatus parsed = Arrays.stream(RedemptionStatus.values())
                .filter(s -> s.name().equals(status))
                .findFirst()
                .orElse(null);
        var queue = redemptions.queue(operatorId, parsed, 200);
        model.addAttribute("redemptions", queue);
        // Staff hand over and ship to people: the queue shows who they are and how to reach them, not member ids.
        model.addAttribute(
                "members",
                members.byIds(
                        operatorId,
                        queue.stream().map(Redemption::memberId).distinct().toList()));
        model.addAttribute("statuses", RedemptionStatus.values());
        model.addAttribute("status", parsed == null ? "" : parsed.name());
        return "rewards/console-fulfilment";
    }

    @PostMapping("/console/mall/fulfilment/{id}/{action}")
    String act(
            Actor actor,
            @PathVariable String id,
            @PathVariable String action,
            @RequestParam(required = false) String code,
            @RequestParam(required = false) String carrier,
            @RequestParam(required = false) String trackingNumber,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        long redemptionId = Ids.parse(id);
        try {
            switch (action) {
                case "confirm" -> redemptions.confirm(operatorId, redemptionId);
                case "pickup" -> redemptions.pickup(operatorId, redemptionId, code);
                case "ship" -> redemptions.ship(operatorId, redemptionId, carrier, trackingNumber);
                case "deliver" -> redemptions.deliver(operatorId, redemptionId);
                case "cancel" -> redemptions.cancel(operatorId, redemptionId, null, null);
                default -> throw new io.enjoyspace.shared.NotFoundException();
            }
            redirect.addFlashAttribute("done", "rewards.console.done." + action);
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("actionError", e.errors().get(0).code());
            redirect.addFlashAttribute("actionRedemptionId", id);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("actionError", e.code());
            redirect.addFlashAttribute("actionRedemptionId", id);
        } catch (RewardUnavailableException e) {
            redirect.addFlashAttribute("actionError", e.code());
            redirect.addFlashAttribute("actionRedemptionId", id);
        }
        return "redirect:/console/mall/fulfilment";
    }

    @GetMapping("/console/mall/rent-credits.csv")
    ResponseEntity<String> rentCredits(Actor actor, @RequestParam String month) {
        YearMonth parsed = RewardsApiController.month(month);
        return io.enjoyspace.shared.Csv.attachment(
                "rent-credits-" + parsed + ".csv", rentCredits.csv(actor.requireOperator(), parsed));
    }

    private static Long whole(String text, String field, String code, List<InvalidInputException.FieldError> errors) {
        try {
            return Long.parseLong(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            errors.add(new InvalidInputException.FieldError(field, code));
            return null;
        }
    }

    private static Integer toInt(Long value) {
        return value == null || Math.abs(value) > Integer.MAX_VALUE ? null : value.intValue();
    }

    private static Long fen(String yuan, String field, String code, List<InvalidInputException.FieldError> errors) {
        if (yuan == null || yuan.isBlank()) {
            return 0L;
        }
        try {
            java.math.BigDecimal amount = new java.math.BigDecimal(yuan.trim());
            if (amount.scale() > 2) {
                throw new NumberFormatException();
            }
            return amount.movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add(new InvalidInputException.FieldError(field, code));
            return null;
        }
    }

    private java.time.Instant at(String text, String field, List<InvalidInputException.FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim()).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new InvalidInputException.FieldError(field, "rewards.window.invalid"));
            return null;
        }
    }
}
