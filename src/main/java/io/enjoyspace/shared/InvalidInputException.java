package io.enjoyspace.shared;

import java.util.List;

/** Input that passed the format checks but breaks a business rule; names the offending fields (400). */
public class InvalidInputException extends RuntimeException {

    /** One invalid field: its JSON path and a message bundle key. */
    public record FieldError(String field, String code) {}

    private final List<FieldError> errors;

    public InvalidInputException(String field, String code) {
        this(List.of(new FieldError(field, code)));
    }

    public InvalidInputException(List<FieldError> errors) {
        super(errors.toString(), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
