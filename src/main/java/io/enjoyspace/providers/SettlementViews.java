package io.enjoyspace.providers;

import io.enjoyspace.shared.InvalidInputException;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Settlement statements as the API shows them, and the month parameter they take. */
final class SettlementViews {

    private SettlementViews() {}

    static YearMonth month(String value) {
        try {
            return YearMonth.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("month", "provider.settlement.month");
        }
    }

    record LineView(
            String orderId,
            String kind,
            String refundId,
            OffsetDateTime occurredAt,
            long grossMinor,
            int commissionBasisPoints,
            long commissionMinor,
            long netMinor) {}

    record StatementView(
            String providerId,
            String providerName,
            String month,
            String currency,
            long grossMinor,
            long commissionMinor,
            long netMinor,
            long ordersCompleted,
            long refunds,
            List<LineView> lines) {

        static StatementView of(ProviderSettlements.Statement statement) {
            return new StatementView(
                    Long.toString(statement.provider().id()),
                    statement.provider().name(),
                    statement.month().toString(),
                    statement.gross().currency(),
                    statement.gross().amountMinor(),
                    statement.commission().amountMinor(),
                    statement.net().amountMinor(),
                    statement.ordersCompleted(),
                    statement.refunds(),
                    statement.lines().stream()
                            .map(line -> new LineView(
                                    Long.toString(line.orderId()),
                                    line.kind(),
                                    line.refundId() == null
                                            ? null
                                            : line.refundId().toString(),
                                    line.occurredAt().atOffset(ZoneOffset.UTC),
                                    line.gross().amountMinor(),
                                    line.commissionBasisPoints(),
                                    line.commission().amountMinor(),
                                    line.net().amountMinor()))
                            .toList());
        }
    }
}
