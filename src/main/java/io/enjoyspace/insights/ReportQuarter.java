package io.enjoyspace.insights;

import io.enjoyspace.shared.InvalidInputException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A calendar quarter, written {@code 2026-Q3}. */
public record ReportQuarter(int year, int quarter) {

    private static final Pattern TEXT = Pattern.compile("([0-9]{4})-Q([1-4])");

    public ReportQuarter {
        if (quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("quarter must be 1 to 4");
        }
    }

    /** Reads {@code 2026-Q3}; anything else is an invalid {@code quarter} field. */
    public static ReportQuarter parse(String text) {
        Matcher matcher = text == null ? null : TEXT.matcher(text.trim());
        if (matcher == null || !matcher.matches()) {
            throw new InvalidInputException("quarter", "report.quarterInvalid");
        }
        int year = Integer.parseInt(matcher.group(1));
        if (year < 2000 || year > 2999) {
            throw new InvalidInputException("quarter", "report.quarterInvalid");
        }
        return new ReportQuarter(year, Integer.parseInt(matcher.group(2)));
    }

    public static ReportQuarter of(LocalDate day) {
        return new ReportQuarter(day.getYear(), (day.getMonthValue() - 1) / 3 + 1);
    }

    public LocalDate firstDay() {
        return LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
    }

    public LocalDate lastDay() {
        return firstDay().plusMonths(3).minusDays(1);
    }

    public ReportQuarter previous() {
        return quarter == 1 ? new ReportQuarter(year - 1, 4) : new ReportQuarter(year, quarter - 1);
    }

    public ReportQuarter next() {
        return quarter == 4 ? new ReportQuarter(year + 1, 1) : new ReportQuarter(year, quarter + 1);
    }

    public List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            months.add(YearMonth.from(firstDay()).plusMonths(i));
        }
        return months;
    }

    @Override
    public String toString() {
        return year + "-Q" + quarter;
    }
}
