package io.enjoyspace.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Identity")
@RestController
class RegistrationApiController {

    private final Registrations registrations;

    RegistrationApiController(Registrations registrations) {
        this.registrations = registrations;
    }

    record RegistrationResponse(String memberId, String username) {}

    @Operation(summary = "Register as a member with an enterprise's or a site's invitation code")
    @PostMapping("/api/v1/registrations")
    @ResponseStatus(HttpStatus.CREATED)
    RegistrationResponse register(@Valid @RequestBody RegistrationForm form) {
        Registrations.Registered registered = registrations.register(form.command());
        return new RegistrationResponse(Long.toString(registered.memberId()), registered.username());
    }
}
