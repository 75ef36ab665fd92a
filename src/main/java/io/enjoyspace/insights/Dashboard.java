package io.enjoyspace.insights;

import io.enjoyspace.shared.Money;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The numbers on the console's home page for one day in the operator's time zone, read from the rollups. */
@Service
@Transactional(readOnly = true)
public class Dashboard {

    private final OperationsDashboard operations;
    private final Operators operators;
    private final Clock clock;

    Dashboard(OperationsDashboard operations, Operators operators, Clock clock) {
        this.operations = operations;
        this.operators = operators;
        this.clock = clock;
    }

    /** One day's figures: orders paid, their value (GMV), points issued, and members who did anything. */
    public record DayFigures(LocalDate day, long orders, Money gmv, long pointsIssued, long activeMembers) {}

    public DayFigures today(long operatorId) {
        Operator operator = operators.get(operatorId);
        return day(operatorId, LocalDate.now(clock.withZone(operator.timeZone())));
    }

    /** The last {@code days} days up to today, oldest first, with zeros for quiet days. */
    public List<DayFigures> trend(long operatorId, int days) {
        Operator operator = operators.get(operatorId);
        LocalDate today = LocalDate.now(clock.withZone(operator.timeZone()));
        List<DayFigures> trend = new ArrayList<>();
        for (LocalDate day = today.minusDays(days - 1L); !day.isAfter(today); day = day.plusDays(1)) {
            trend.add(day(operatorId, day));
        }
        return trend;
    }

    public DayFigures day(long operatorId, LocalDate day) {
        Operator operator = operators.get(operatorId);
        InsightFilter filter = new InsightFilter(null, null, day, day);
        Map<String, OperationsDashboard.Counter> counters = operations.counters(operator, filter, day, day);
        OperationsDashboard.Counter paid =
                counters.getOrDefault(FactKind.ORDER_PAID.name(), OperationsDashboard.Counter.NONE);
        OperationsDashboard.Counter issued =
                counters.getOrDefault(FactKind.POINTS_ISSUED.name(), OperationsDashboard.Counter.NONE);
        return new DayFigures(
                day,
                paid.facts(),
                Money.of(paid.amountMinor(), operator.currency()),
                issued.points(),
                operations.activity(operator, filter).members());
    }
}
