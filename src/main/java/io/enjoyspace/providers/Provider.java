package io.enjoyspace.providers;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A provider as the operator sees it.
 *
 * @param certification the effective status on the operator's today: CERTIFIED turns EXPIRED once certifiedUntil
 *     has passed
 * @param certifiedUntil the last day the certificate is valid, if any
 * @param certificationDaysLeft days from today to certifiedUntil while CERTIFIED, otherwise null
 */
public record Provider(
        long id,
        long operatorId,
        String name,
        String legalName,
        String creditCode,
        List<Contact> contacts,
        List<Long> categoryIds,
        List<Long> siteIds,
        int commissionBasisPoints,
        CertificationStatus certification,
        LocalDate certifiedUntil,
        Long certificationDaysLeft,
        ProviderStatus status,
        String suspendedReason,
        Instant suspendedAt,
        Instant createdAt) {

    /** A certificate that ends within this many days is flagged in the console. */
    public static final int EXPIRING_SOON_DAYS = 30;

    /** A person to call at the provider. */
    public record Contact(String name, String phone, String email) {}

    public boolean active() {
        return status == ProviderStatus.ACTIVE;
    }

    public boolean certified() {
        return certification == CertificationStatus.CERTIFIED;
    }

    public boolean certificationExpiringSoon() {
        return certificationDaysLeft != null && certificationDaysLeft <= EXPIRING_SOON_DAYS;
    }

    /** The commission as a percentage for display, e.g. 12.5 for 1250 basis points. */
    public java.math.BigDecimal commissionPercent() {
        return java.math.BigDecimal.valueOf(commissionBasisPoints, 2).stripTrailingZeros();
    }
}
