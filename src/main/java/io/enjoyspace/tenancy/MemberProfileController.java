package io.enjoyspace.tenancy;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A member's own profile, on the portal and through the API. */
@Controller
class MemberProfileController {

    private final MemberProfiles profiles;

    MemberProfileController(MemberProfiles profiles) {
        this.profiles = profiles;
    }

    /** The profile as the form posts it: the birthday from a date picker, interests from checkboxes. */
    record ProfileForm(
            @NotBlank @Size(max = 100) String name,
            @Email @Size(max = 200) String email,
            @Size(max = 100) String jobTitle,

            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate birthday,

            String gender,
            List<String> interests) {

        static ProfileForm of(MemberProfile profile) {
            return new ProfileForm(
                    profile.name(),
                    profile.email(),
                    profile.jobTitle(),
                    profile.birthday(),
                    profile.gender() == null ? "" : profile.gender().name(),
                    profile.interests().stream().map(Enum::name).toList());
        }

        public boolean hasInterest(Interest interest) {
            return interests != null && interests.contains(interest.name());
        }

        MemberProfiles.ChangeProfile command() {
            return new MemberProfiles.ChangeProfile(name, email, jobTitle, birthday, gender, interests);
        }
    }

    @GetMapping("/portal/profile")
    String page(Actor actor, Model model) {
        MemberProfile profile = profiles.get(actor.requireOperator(), actor.requireMember());
        model.addAttribute("form", ProfileForm.of(profile));
        return page(profile, model);
    }

    @PostMapping("/portal/profile")
    String save(
            Actor actor,
            @Valid @ModelAttribute("form") ProfileForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        long operatorId = actor.requireOperator();
        long memberId = actor.requireMember();
        // All at once: a wrong birthday shows beside a malformed email, not only after it is fixed.
        profiles.problems(operatorId, form.command()).stream()
                .filter(problem -> !errors.hasFieldErrors(problem.field()))
                .forEach(problem -> errors.rejectValue(problem.field(), problem.code()));
        if (!errors.hasErrors()) {
            try {
                MemberProfiles.Saved saved = profiles.save(operatorId, memberId, form.command());
                redirect.addFlashAttribute("saved", true);
                redirect.addFlashAttribute("completedNow", saved.completedNow());
                return "redirect:/portal/profile";
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.rejectValue(error.field(), error.code()));
            }
        }
        // The progress shown beside a refused form is that of the stored profile, which the refused input did not
        // change.
        return page(profiles.get(operatorId, memberId), model);
    }

    private static String page(MemberProfile profile, Model model) {
        model.addAttribute("profile", profile);
        model.addAttribute("interests", Interest.values());
        model.addAttribute("genders", Gender.values());
        return "tenancy/portal-profile";
    }

    @Tag(name = "Profile")
    @RestController
    static class MemberProfileApiController {

        private final MemberProfiles profiles;

        MemberProfileApiController(MemberProfiles profiles) {
            this.profiles = profiles;
        }

        /**
         * A member's profile, with what a complete one still needs.
         *
         * @param missing the required fields still empty, by their names here
         * @param completedAt when the profile was first complete; it stays set if a field is cleared later
         */
        record ProfileView(
                String memberId,
                String name,
                String mobile,
                String email,
                String jobTitle,
                LocalDate birthday,
                Gender gender,
                List<Interest> interests,
                boolean complete,
                List<String> missing,
                OffsetDateTime completedAt) {

            static ProfileView of(MemberProfile profile) {
                return new ProfileView(
                        Long.toString(profile.memberId()),
                        profile.name(),
                        profile.mobile(),
                        profile.email(),
                        profile.jobTitle(),
                        profile.birthday(),
                        profile.gender(),
                        profile.interests(),
                        profile.complete(),
                        profile.missing(),
                        profile.completedAt() == null
                                ? null
                                : profile.completedAt().atOffset(ZoneOffset.UTC));
            }
        }

        /**
         * The whole profile: a null or empty field clears it. Gender is FEMALE, MALE or UNDISCLOSED; interests are
         * codes of FITNESS, DINING, TRAVEL, PARENTING, TECH, ARTS, FINANCE and HEALTH, at most 8.
         */
        record ProfileRequest(
                @NotBlank @Size(max = 100) String name,
                @Email @Size(max = 200) String email,
                @Size(max = 100) String jobTitle,
                LocalDate birthday,
                String gender,
                List<String> interests) {}

        @Operation(summary = "My profile, whether it is complete and what it still needs (member)")
        @PreAuthorize("hasRole('MEMBER')")
        @GetMapping("/api/v1/me/profile")
        ProfileView profile(Actor actor) {
            return ProfileView.of(profiles.get(actor.requireOperator(), actor.requireMember()));
        }

        @Operation(
                summary = "Replace my profile (member)",
                description = "Name, email, job title, birthday and at least one interest make a profile complete; "
                        + "the first save that completes it publishes MemberProfileCompleted, once per member.")
        @PreAuthorize("hasRole('MEMBER')")
        @PutMapping("/api/v1/me/profile")
        ProfileView save(Actor actor, @Valid @RequestBody ProfileRequest request) {
            MemberProfiles.Saved saved = profiles.save(
                    actor.requireOperator(),
                    actor.requireMember(),
                    new MemberProfiles.ChangeProfile(
                            request.name(),
                            request.email(),
                            request.jobTitle(),
                            request.birthday(),
                            request.gender(),
                            request.interests()));
            return ProfileView.of(saved.profile());
        }
    }
}
