package io.enjoyspace.rules;

import io.enjoyspace.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Points rules")
@RestController
class WelcomeApiController {

    private final WelcomeBonus welcome;

    WelcomeApiController(WelcomeBonus welcome) {
        this.welcome = welcome;
    }

    record WelcomeProgram(
            @NotNull Boolean enabled,
            @NotNull @Min(0) @Max(100_000) Integer registrationPoints) {}

    @Operation(summary = "The welcome bonus for registering")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/welcome-program")
    WelcomeProgram get(Actor actor) {
        int points = welcome.registrationPoints(actor.requireOperator());
        return new WelcomeProgram(points > 0, points);
    }

    @Operation(summary = "Set the welcome bonus (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/api/v1/welcome-program")
    WelcomeProgram put(Actor actor, @Valid @RequestBody WelcomeProgram program) {
        welcome.save(actor.requireOperator(), program.enabled(), program.registrationPoints());
        return get(actor);
    }
}
