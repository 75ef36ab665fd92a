package io.enjoyspace.tenancy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a member tells about themself.
 *
 * @param gender null when not given
 * @param completedAt the first time the profile was complete; stays set when a field is cleared later
 */
record MemberProfile(
        long memberId,
        String name,
        String mobile,
        String email,
        String jobTitle,
        LocalDate birthday,
        Gender gender,
        List<Interest> interests,
        Instant completedAt) {

    /** The fields a complete profile has, by their API names, in the order the form shows them. */
    static final List<String> REQUIRED_FIELDS = List.of("name", "email", "jobTitle", "birthday", "interests");

    MemberProfile {
        interests = List.copyOf(interests);
    }

    /** The required fields still empty, in the order of {@link #REQUIRED_FIELDS}. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (isBlank(name)) {
            missing.add("name");
        }
        if (isBlank(email)) {
            missing.add("email");
        }
        if (isBlank(jobTitle)) {
            missing.add("jobTitle");
        }
        if (birthday == null) {
            missing.add("birthday");
        }
        if (interests.isEmpty()) {
            missing.add("interests");
        }
        return List.copyOf(missing);
    }

    public boolean complete() {
        return missing().isEmpty();
    }

    /** How many of the required fields are filled in, for a progress indicator. */
    public int done() {
        return REQUIRED_FIELDS.size() - missing().size();
    }

    public int required() {
        return REQUIRED_FIELDS.size();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
