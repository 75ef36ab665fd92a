package io.enjoyspace.tenancy;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Members' profiles: reading them, changing them, and announcing the first time one is complete. */
@Repository
class MemberProfiles {

    static final int MAX_INTERESTS = 8;
    static final LocalDate EARLIEST_BIRTHDAY = LocalDate.of(1900, 1, 1);

    private final JdbcClient jdbc;
    private final Operators operators;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MemberProfiles(JdbcClient jdbc, Operators operators, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.operators = operators;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A whole profile as the member submits it: a null or blank field clears it (the name excepted, which every member
     * has). Gender and interests are codes, checked here so that the page and the API refuse the same input.
     */
    record ChangeProfile(
            String name, String email, String jobTitle, LocalDate birthday, String gender, List<String> interests) {}

    /** A saved profile, and whether this save was the one that first made it complete. */
    record Saved(MemberProfile profile, boolean completedNow) {}

    MemberProfile get(long operatorId, long memberId) {
        return jdbc.sql("""
                        select id, name, mobile, email, job_title, birthday, gender, interests, profile_completed_at
                        from member
                        where operator_id = :operatorId and id = :memberId
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .query(MemberProfiles::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    /** The business rules a change breaks, by field: the page shows them beside the format errors. */
    List<InvalidInputException.FieldError> problems(long operatorId, ChangeProfile change) {
        return check(operatorId, change).errors();
    }

    /**
     * Replaces the profile. The first save that leaves it complete stamps {@code profile_completed_at} and publishes
     * {@link MemberProfileCompleted}; the stamp is set only where it is still null, so of two concurrent completing
     * saves exactly one publishes.
     */
    @Transactional
    Saved save(long operatorId, long memberId, ChangeProfile change) {
        Checked checked = check(operatorId, change);
        if (!checked.errors().isEmpty()) {
            throw new InvalidInputException(checked.errors());
        }

        Optional<String> nameBefore = jdbc.sql(
                        "select name from member where operator_id = :operatorId and id = :memberId for update")
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .query(String.class)
                .optional();
        if (nameBefore.isPresent() && !nameBefore.get().equals(checked.name())) {
            events.publishEvent(new MemberRenamed(operatorId, memberId, checked.name(), clock.instant()));
        }
        int updated = jdbc.sql("""
                        update member
                        set name = :name, email = :email, job_title = :jobTitle, birthday = :birthday,
                            gender = :gender, interests = cast(:interests as text[])
                        where operator_id = :operatorId and id = :memberId
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("name", checked.name())
                .param("email", stripped(change.email()))
                .param("jobTitle", stripped(change.jobTitle()))
                .param("birthday", change.birthday())
                .param(
                        "gender",
                        checked.gender() == null ? null : checked.gender().name())
                .param(
                        "interests",
                        checked.interests().stream().map(Enum::name).collect(Collectors.joining(",", "{", "}")))
                .update();
        if (updated == 0) {
            throw new NotFoundException();
        }

        MemberProfile profile = get(operatorId, memberId);
        if (!profile.complete() || profile.completedAt() != null) {
            return new Saved(profile, false);
        }
        // The update above holds the member's row lock until commit, and this one re-checks the stamp: a concurrent
        // save that completed the profile first leaves nothing to update here.
        Instant now = clock.instant();
        Optional<Instant> completedAt = jdbc.sql("""
                        update member set profile_completed_at = :now
                        where operator_id = :operatorId and id = :memberId and profile_completed_at is null
                        returning profile_completed_at
                        """)
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("now", Timestamp.from(now))
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .optional();
        if (completedAt.isEmpty()) {
            return new Saved(get(operatorId, memberId), false);
        }
        events.publishEvent(new MemberProfileCompleted(operatorId, memberId, completedAt.get()));
        return new Saved(get(operatorId, memberId), true);
    }

    /** A change read into its stored form, with the rules it breaks. */
    private record Checked(
            String name, Gender gender, List<Interest> interests, List<InvalidInputException.FieldError> errors) {}

    private Checked check(long operatorId, ChangeProfile change) {
        LocalDate today = LocalDate.now(clock.withZone(operators.get(operatorId).timeZone()));
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        String name = stripped(change.name());
        if (name == null) {
            errors.add(new InvalidInputException.FieldError("name", "NotBlank"));
        }
        LocalDate birthday = change.birthday();
        if (birthday != null && (birthday.isBefore(EARLIEST_BIRTHDAY) || birthday.isAfter(today))) {
            errors.add(new InvalidInputException.FieldError("birthday", "profile.birthdayRange"));
        }
        Gender gender = null;
        String genderCode = stripped(change.gender());
        if (genderCode != null) {
            gender = parse(Gender.class, genderCode).orElse(null);
            if (gender == null) {
                errors.add(new InvalidInputException.FieldError("gender", "profile.unknownGender"));
            }
        }
        List<String> codes = change.interests() == null ? List.of() : change.interests();
        Set<Interest> interests = new LinkedHashSet<>();
        for (String code : codes) {
            Optional<Interest> interest = parse(Interest.class, stripped(code));
            if (interest.isEmpty()) {
                errors.add(new InvalidInputException.FieldError("interests", "profile.unknownInterest"));
                break;
            }
            interests.add(interest.get());
        }
        if (codes.size() > MAX_INTERESTS) {
            errors.add(new InvalidInputException.FieldError("interests", "profile.tooManyInterests"));
        }
        return new Checked(name, gender, List.copyOf(interests), List.copyOf(errors));
    }

    private static <E extends Enum<E>> Optional<E> parse(Class<E> type, String code) {
        if (code == null) {
            return Optional.empty();
        }
        String upper = code.toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.name().equals(upper))
                .findFirst();
    }

    private static String stripped(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static MemberProfile map(ResultSet rs, int row) throws SQLException {
        Array interests = rs.getArray("interests");
        Timestamp completedAt = rs.getTimestamp("profile_completed_at");
        String gender = rs.getString("gender");
        return new MemberProfile(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("mobile"),
                rs.getString("email"),
                rs.getString("job_title"),
                rs.getObject("birthday", LocalDate.class),
                gender == null ? null : Gender.valueOf(gender),
                Arrays.stream((String[]) interests.getArray())
                        .map(Interest::valueOf)
                        .toList(),
                completedAt == null ? null : completedAt.toInstant());
    }
}
