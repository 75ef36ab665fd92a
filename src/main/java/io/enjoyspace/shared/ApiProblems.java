package io.enjoyspace.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Every API error as {@code application/problem+json}: 400 names each invalid field in {@code errors[]}, 401/403 say
 * nothing more, 404 covers unknown and foreign ids alike, 409 is a conflict. No stack trace or SQL ever leaves.
 */
@RestControllerAdvice(annotations = RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);
    private static final String TYPE_BASE = "https://enjoyspace.io/problems/";

    private final MessageSource messages;

    ApiProblems(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e, WebRequest request) {
        return problem(HttpStatus.NOT_FOUND, "not-found", message("problem.notFound"), null, request);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Object> conflict(ConflictException e, WebRequest request) {
        return problem(HttpStatus.CONFLICT, "conflict", message(e.code()), null, request);
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> invalid(InvalidInputException e, WebRequest request) {
        List<Map<String, String>> errors = e.errors().stream()
                .map(error -> fieldError(
                        error.field(), messages.getMessage(error.code(), error.arguments(), error.code(), locale())))
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", message("problem.invalid"), errors, request);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException e, WebRequest request) {
        log.info(
                "Request refused by a database constraint: {}",
                e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "conflict", message("problem.conflict"), null, request);
    }

    /** A deadlock or serialization failure broken by the database: nothing was saved, and a retry may succeed. */
    @ExceptionHandler(org.springframework.dao.PessimisticLockingFailureException.class)
    ResponseEntity<Object> contended(org.springframework.dao.PessimisticLockingFailureException e, WebRequest request) {
        log.warn(
                "Request lost a database lock race: {}",
                e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "conflict", message("problem.retry"), null, request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> denied(AccessDeniedException e, WebRequest request) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", null, null, request);
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationException e, WebRequest request) {
        return problem(HttpStatus.UNAUTHORIZED, "unauthorized", null, null, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        log.error("Unexpected error answering {}", request.getDescription(false), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", message("problem.internal"), null, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(fieldError(error.getField(), messages.getMessage(error, locale())));
        }
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(error -> errors.add(fieldError(error.getObjectName(), messages.getMessage(error, locale()))));
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", message("problem.invalid"), errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        e.getParameterValidationResults()
                .forEach(result -> result.getResolvableErrors()
                        .forEach(error -> errors.add(fieldError(
                                result.getMethodParameter().getParameterName(),
                                messages.getMessage(error, locale())))));
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", message("problem.invalid"), errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(
            ServletRequestBindingException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e instanceof MissingRequestHeaderException missing ? missing.getHeaderName() : "request";
        return problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                message("problem.invalid"),
                List.of(fieldError(field, message("validation.headerRequired"))),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                message("problem.invalid"),
                List.of(fieldError(e.getParameterName(), message("NotNull"))),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field =
                e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        return problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                message("problem.invalid"),
                List.of(fieldError(field == null ? "request" : field, message("validation.type"))),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        Throwable cause = e.getCause();
        if (cause instanceof InputCoercionException coercion
                && !coercion.getPath().isEmpty()) {
            errors.add(fieldError(path(coercion), message("validation.range")));
        } else if (cause instanceof StreamReadException || !(cause instanceof JacksonException jackson)) {
            // Not JSON at all, or cut short: the body as a whole is at fault.
            errors.add(fieldError("body", message("validation.malformed")));
        } else {
            errors.add(fieldError(path(jackson), message("validation.type")));
        }
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", message("problem.malformed"), errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Spring's own handlers (405, 406, 415 …) keep their status but speak our problem format.
        if (status.is5xxServerError()) {
            log.error("Unexpected error answering {}", request.getDescription(false), e);
        }
        HttpStatus resolved = HttpStatus.valueOf(status.value());
        return problem(resolved, "http-" + status.value(), resolved.getReasonPhrase(), null, request);
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private ResponseEntity<Object> problem(
            HttpStatus status, String type, String detail, List<Map<String, String>> errors, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(status.getReasonPhrase());
        if (detail != null) {
            problem.setDetail(detail);
        }
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        Object nativeRequest = request.resolveReference(WebRequest.REFERENCE_REQUEST);
        if (nativeRequest instanceof HttpServletRequest servletRequest) {
            problem.setInstance(URI.create(servletRequest.getRequestURI()));
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static Map<String, String> fieldError(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private String message(String code) {
        return messages.getMessage(code, null, code, locale());
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
