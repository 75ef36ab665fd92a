package io.enjoyspace.shared;

import java.util.List;

/** Input that passed the format checks but breaks a business rule; names the offending fields (400). */
public class InvalidInputException extends RuntimeException {

    /** One invalid field: its JSON path, a message bundle key and the message's arguments. */
    public record FieldError(String field, String code, List<Object> args) {

        public FieldError {
            args = args == null ? List.of() : List.copyOf(args);
        }

        public FieldError(String field, String code) {
            this(field, code, List.of());
        }

        public Object[] arguments() {
            return args.toArray();
        }
    }

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
