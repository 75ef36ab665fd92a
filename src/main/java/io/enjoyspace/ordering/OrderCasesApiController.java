package io.enjoyspace.ordering;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Orders")
@RestController
class OrderCasesApiController {

    private final OrderCases cases;
    private final CheckoutPolicies policies;

    OrderCasesApiController(OrderCases cases, CheckoutPolicies policies) {
        this.cases = cases;
        this.policies = policies;
    }

    @Operation(summary = "Return visits and complaints: staff see the operator's, a member their own")
    @PreAuthorize("hasAnyRole('MEMBER', 'OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/order-cases")
    List<OrderCases.Case> list(
            Actor actor,
            @RequestParam(required = false) String orderId,
            @RequestParam(defaultValue = "false") boolean includeClosed) {
        return cases.open(
                actor.requireOperator(),
                actor.isStaff() ? null : actor.requireMember(),
                orderId == null ? null : Ids.parse(orderId),
                includeClosed,
                200);
    }

    record CaseUpdate(
            @NotNull OrderCases.Status status,
            @NotBlank @Size(max = 2000) String note) {}

    @Operation(summary = "Move a case on with a note: OPEN → IN_PROGRESS → RESOLVED → CLOSED (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/order-cases/{id}")
    OrderCases.Case update(Actor actor, @PathVariable String id, @Valid @RequestBody CaseUpdate request) {
        return cases.update(actor.requireOperator(), Ids.parse(id), request.status(), request.note(), actor.userId());
    }

    @Operation(summary = "The operator's checkout policy: points rate, share and unit, payment timeout, ratings")
    @PreAuthorize("hasAnyRole('MEMBER', 'ENTERPRISE_ADMIN', 'OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/checkout-policy")
    CheckoutPolicy policy(Actor actor) {
        return policies.get(actor.requireOperator());
    }

    @Operation(summary = "Change the checkout policy (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/api/v1/checkout-policy")
    CheckoutPolicy save(Actor actor, @Valid @RequestBody CheckoutPolicy policy) {
        return policies.save(actor.requireOperator(), policy);
    }
}
