package io.enjoyspace.identity;

import io.enjoyspace.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Identity")
@RestController
@RequestMapping("/api/v1")
class AuthApiController {

    private final AuthenticationManager authenticationManager;
    private final ApiTokens tokens;

    AuthApiController(AuthenticationManager authenticationManager, ApiTokens tokens) {
        this.authenticationManager = authenticationManager;
        this.tokens = tokens;
    }

    record TokenRequest(
            @NotBlank @Size(max = 64) String username,
            @NotBlank @Size(max = 200) String password) {}

    record TokenResponse(String accessToken, String tokenType, long expiresIn) {}

    @Operation(summary = "Exchange a username and password for a bearer token")
    @PostMapping("/auth/token")
    ResponseEntity<?> token(@Valid @RequestBody TokenRequest request) {
        try {
            var authentication = authenticationManager.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(request.username(), request.password()));
            SignedInUser user = (SignedInUser) authentication.getPrincipal();
            ApiTokens.IssuedToken token = tokens.issue(user.actor().userId());
            return ResponseEntity.ok()
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(new TokenResponse(
                            token.value(), "Bearer", token.lifetime().toSeconds()));
        } catch (LockedException e) {
            return refused(HttpStatus.TOO_MANY_REQUESTS, LoginThrottle.WINDOW.toSeconds());
        } catch (AuthenticationException e) {
            return refused(HttpStatus.UNAUTHORIZED, 0);
        }
    }

    private static ResponseEntity<ProblemDetail> refused(HttpStatus status, long retryAfterSeconds) {
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfterSeconds > 0) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        return response.body(ProblemDetail.forStatus(status));
    }

    record Me(
            String id,
            String username,
            String name,
            List<String> roles,
            String operatorId,
            String memberId,
            String enterpriseId) {}

    @Operation(summary = "The signed-in user")
    @GetMapping("/me")
    Me me(Actor actor) {
        return new Me(
                Long.toString(actor.userId()),
                actor.username(),
                actor.displayName(),
                List.of(actor.role().name()),
                string(actor.operatorId()),
                string(actor.memberId()),
                string(actor.enterpriseId()));
    }

    private static String string(Long id) {
        return id == null ? null : id.toString();
    }
}
