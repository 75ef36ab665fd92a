package io.enjoyspace.providers;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The console's provider form: one contact (further contacts, set through the API, are kept) and the commission typed
 * as a percentage, as people think of it, stored in basis points.
 */
record ProviderForm(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 200) String legalName,
        @Pattern(regexp = "^$|^[0-9A-HJ-NPQRTUWXY]{18}$") String creditCode,
        @NotBlank @Size(max = 100) String contactName,
        @NotBlank @Pattern(regexp = "^\\+?[0-9 -]{6,20}$") String contactPhone,
        @Email @Size(max = 200) String contactEmail,
        List<Long> categoryIds,
        List<Long> siteIds,

        @NotNull @DecimalMin("0.00") @DecimalMax("100.00") @Digits(integer = 3, fraction = 2)
        BigDecimal commissionPercent,

        @NotNull CertificationStatus certification,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate certifiedUntil) {

    /** Where the service's field names land on this form. */
    static final Map<String, String> FIELDS = Map.of(
            "commissionBasisPoints", "commissionPercent",
            "contacts", "contactName",
            "name", "name",
            "certifiedUntil", "certifiedUntil",
            "categoryIds", "categoryIds",
            "siteIds", "siteIds");

    static ProviderForm empty() {
        return new ProviderForm(
                "", "", "", "", "", "", List.of(), List.of(), BigDecimal.TEN, CertificationStatus.PENDING, null);
    }

    static ProviderForm of(Provider provider) {
        Provider.Contact contact = provider.contacts().isEmpty()
                ? new Provider.Contact("", "", "")
                : provider.contacts().get(0);
        return new ProviderForm(
                provider.name(),
                provider.legalName(),
                provider.creditCode(),
                contact.name(),
                contact.phone(),
                contact.email(),
                provider.categoryIds(),
                provider.siteIds(),
                provider.commissionPercent(),
                provider.certification() == CertificationStatus.EXPIRED && provider.certifiedUntil() != null
                        ? CertificationStatus.CERTIFIED
                        : provider.certification(),
                provider.certifiedUntil());
    }

    ProviderDetails details(List<Provider.Contact> keptContacts) {
        List<ProviderDetails.ContactDetails> contacts = new ArrayList<>();
        contacts.add(new ProviderDetails.ContactDetails(contactName, contactPhone, contactEmail));
        keptContacts.stream()
                .skip(1)
                .forEach(contact -> contacts.add(
                        new ProviderDetails.ContactDetails(contact.name(), contact.phone(), contact.email())));
        return new ProviderDetails(
                name,
                legalName,
                creditCode == null || creditCode.isBlank() ? null : creditCode.strip(),
                contacts,
                categoryIds == null ? List.of() : categoryIds,
                siteIds == null ? List.of() : siteIds,
                commissionPercent.movePointRight(2).intValueExact(),
                certification,
                certifiedUntil);
    }
}
