package io.enjoyspace.shared;

/**
 * An id that is unknown, or that belongs to another operator or person: both answer 404 so that nobody
 * learns what exists elsewhere.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException() {
        super("not found", null, false, false);
    }
}
