package io.enjoyspace.providers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;

/**
 * What the operator records about a provider, to create or replace it.
 *
 * @param creditCode the 18-character unified social credit code, optional
 * @param commissionBasisPoints the operator's commission on the provider's orders, 0 to 10000 (100 %)
 * @param certifiedUntil required when certification is CERTIFIED: the last day the certificate is valid
 */
public record ProviderDetails(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 200) String legalName,
        @Pattern(regexp = "^[0-9A-HJ-NPQRTUWXY]{18}$") String creditCode,
        @NotNull @Size(min = 1, max = 10) List<@Valid @NotNull ContactDetails> contacts,
        @NotNull @Size(max = 100) List<@NotNull Long> categoryIds,
        @NotNull @Size(max = 100) List<@NotNull Long> siteIds,
        @NotNull @Min(0) @Max(10000) Integer commissionBasisPoints,
        @NotNull CertificationStatus certification,
        LocalDate certifiedUntil) {

    /** A contact person; the phone takes digits, spaces, dashes and a leading plus. */
    public record ContactDetails(
            @NotBlank @Size(max = 100) String name,

            @NotBlank @Pattern(regexp = "^\\+?[0-9 -]{6,20}$")
            String phone,

            @Email @Size(max = 200) String email) {}
}
