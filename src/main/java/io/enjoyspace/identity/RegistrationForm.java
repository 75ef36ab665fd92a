package io.enjoyspace.identity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What a person fills in to register, on the page or through the API. */
record RegistrationForm(
        @NotBlank @Size(max = 20) String invitationCode,
        @NotBlank @Size(max = 100) String name,

        @NotBlank @Pattern(regexp = "\\+?[0-9]{6,20}") String mobile,

        @Email @Size(max = 200) String email,
        @NotBlank @Size(min = 8, max = 200) String password,
        @Size(max = 20) String referralCode) {

    Registrations.Register command() {
        return new Registrations.Register(invitationCode, name, mobile, email, password, referralCode);
    }
}
