package io.enjoyspace.identity;

import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.ZoneId;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The platform admin's API (the security chain admits no other role under {@code /api/v1/operators}). */
@Tag(name = "Platform")
@RestController
@RequestMapping("/api/v1/operators")
class PlatformApiController {

    private final Operators operators;
    private final OperatorOnboarding onboarding;

    PlatformApiController(Operators operators, OperatorOnboarding onboarding) {
        this.operators = operators;
        this.onboarding = onboarding;
    }

    record OperatorView(String id, String code, String name, String currency, String timeZone) {
        static OperatorView of(Operator operator) {
            return new OperatorView(
                    Long.toString(operator.id()),
                    operator.code(),
                    operator.name(),
                    operator.currency(),
                    operator.timeZone().getId());
        }
    }

    @Operation(summary = "Every operator (platform admin)")
    @GetMapping
    List<OperatorView> list() {
        return operators.all().stream().map(OperatorView::of).toList();
    }

    @Operation(summary = "Onboard an operator with its first site and admin (platform admin)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    OperatorView onboard(@Valid @RequestBody PlatformPages.OperatorForm form) {
        try {
            return OperatorView.of(onboarding.onboard(new OperatorOnboarding.Onboard(
                    form.code(),
                    form.name(),
                    ZoneId.of("Asia/Shanghai"),
                    form.siteName(),
                    form.siteKind(),
                    form.adminUsername(),
                    form.adminPassword())));
        } catch (DuplicateKeyException e) {
            throw new io.enjoyspace.shared.ConflictException("operator.codeTaken", "operator code taken");
        }
    }
}
