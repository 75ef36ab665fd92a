package io.enjoyspace.rules;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.ConflictException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Daily check-in on the portal and through the API, and the operator's check-in program. */
@Controller
class CheckInController {

    private final CheckIns checkIns;

    CheckInController(CheckIns checkIns) {
        this.checkIns = checkIns;
    }

    @GetMapping("/portal/checkin")
    String page(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        model.addAttribute("program", checkIns.program(operatorId));
        model.addAttribute(
                "today", checkIns.today(operatorId, actor.requireMember()).orElse(null));
        return "rules/portal-checkin";
    }

    @PostMapping("/portal/checkin")
    String checkIn(Actor actor, RedirectAttributes redirect) {
        try {
            CheckIns.CheckIn checkIn = checkIns.checkIn(actor.requireOperator(), actor.requireMember());
            redirect.addFlashAttribute("earned", checkIn.first() ? checkIn.points() : null);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", e.code());
        }
        return "redirect:/portal/checkin";
    }

    @Tag(name = "Check-in")
    @RestController
    static class CheckInApiController {

        private final CheckIns checkIns;

        CheckInApiController(CheckIns checkIns) {
            this.checkIns = checkIns;
        }

        record CheckInView(LocalDate day, int streak, int points) {}

        record BonusDayRequest(
                @NotNull @Min(1) @Max(366) Integer streakDay,
                @NotNull @Min(0) @Max(100_000) Integer bonusPoints) {}

        record ProgramRequest(
                @NotNull Boolean enabled,
                @NotNull @Min(0) @Max(10_000) Integer pointsPerDay,
                @NotNull @Size(max = 20) List<@Valid @NotNull BonusDayRequest> ladder) {}

        @Operation(summary = "Check in for today: 201 the first time, 200 with the same check-in after that")
        @PreAuthorize("hasRole('MEMBER')")
        @PostMapping("/api/v1/me/checkins")
        ResponseEntity<CheckInView> checkIn(Actor actor) {
            CheckIns.CheckIn checkIn = checkIns.checkIn(actor.requireOperator(), actor.requireMember());
            return ResponseEntity.status(checkIn.first() ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(new CheckInView(checkIn.day(), checkIn.streak(), checkIn.points()));
        }

        @Operation(summary = "The operator's check-in program")
        @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
        @GetMapping("/api/v1/checkin-program")
        CheckIns.Program program(Actor actor) {
            return checkIns.program(actor.requireOperator());
        }

        @Operation(summary = "Set the check-in program: points per day and a bonus ladder (operator admin)")
        @PreAuthorize("hasRole('OPERATOR_ADMIN')")
        @PutMapping("/api/v1/checkin-program")
        CheckIns.Program save(Actor actor, @Valid @RequestBody ProgramRequest request) {
            return checkIns.saveProgram(
                    actor.requireOperator(),
                    new CheckIns.Program(
                            request.enabled(),
                            request.pointsPerDay(),
                            request.ladder().stream()
                                    .map(day -> new CheckIns.Program.BonusDay(day.streakDay(), day.bonusPoints()))
                                    .toList()));
        }
    }
}
