package io.enjoyspace.shared;

/** The request cannot be applied to the current state (409). {@code code} is a message bundle key. */
public class ConflictException extends RuntimeException {

    private final String code;

    public ConflictException(String code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
