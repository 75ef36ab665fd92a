package io.enjoyspace.points;

import io.enjoyspace.shared.ConflictException;

/** A posting would take a member or enterprise account below zero. Nothing was posted. */
public class InsufficientPointsException extends ConflictException {

    public InsufficientPointsException() {
        super("points.insufficient", "not enough points");
    }
}
