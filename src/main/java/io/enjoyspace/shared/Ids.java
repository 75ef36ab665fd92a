package io.enjoyspace.shared;

/** Ids travel as strings in URLs and JSON; anything that is not one of ours is simply not found. */
public final class Ids {

    private Ids() {}

    public static long parse(String id) {
        if (id == null || id.isEmpty() || id.length() > 18) {
            throw new NotFoundException();
        }
        for (int i = 0; i < id.length(); i++) {
            if (!Character.isDigit(id.charAt(i))) {
                throw new NotFoundException();
            }
        }
        return Long.parseLong(id);
    }
}
