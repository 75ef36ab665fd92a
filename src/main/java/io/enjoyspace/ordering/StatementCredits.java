package io.enjoyspace.ordering;

import io.enjoyspace.shared.Money;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * Credits that other modules put on a company's monthly billing statement (a rent deduction bought with points, say).
 * Implemented by the module that grants them; the statement lists every implementation's credits beside the charges.
 */
public interface StatementCredits {

    /**
     * One credit line. {@code amount} is negative (it lowers the bill); {@code reference} names the source for
     * finance, e.g. a redemption id.
     */
    record Credit(String reference, Instant at, long memberId, String memberName, String description, Money amount) {}

    List<Credit> credits(long operatorId, long enterpriseId, YearMonth month);
}
