package io.enjoyspace.identity;

import io.enjoyspace.shared.Role;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new staff or enterprise admin account, from the console form or the API. */
record StaffForm(
        @NotBlank @Size(min = 2, max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*")
        String username,

        @NotBlank @Size(max = 100) String displayName,
        @NotBlank @Size(min = 8, max = 200) String password,
        @NotNull Role role,
        String enterpriseId) {

    StaffAccounts.NewStaff command() {
        Long enterprise = null;
        if (enterpriseId != null && !enterpriseId.isBlank()) {
            try {
                enterprise = Long.parseLong(enterpriseId.strip());
            } catch (NumberFormatException e) {
                enterprise = -1L;
            }
        }
        return new StaffAccounts.NewStaff(username, displayName, password, role, enterprise);
    }
}
