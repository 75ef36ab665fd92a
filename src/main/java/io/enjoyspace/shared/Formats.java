package io.enjoyspace.shared;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Formatting for pages ({@code ${@formats.money(...)}}): amounts with their currency sign, times in local time. */
@Component("formats")
public class Formats {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;

    Formats(@Value("${enjoyspace.display-time-zone:Asia/Shanghai}") String zone) {
        this.zone = ZoneId.of(zone);
    }

    /** {@code ¥13,618.00}: the currency's sign, thousands grouped, two decimals. */
    public String money(Money money) {
        if (money == null) {
            return "";
        }
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return sign(money.currency()) + format.format(BigDecimal.valueOf(money.amountMinor(), 2));
    }

    public String money(long amountMinor, String currency) {
        return money(Money.of(amountMinor, currency));
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(zone));
    }

    public String date(LocalDate date) {
        return date == null ? "" : date.toString();
    }

    /** The last day something is valid on, for a moment that ends a validity (midnight that starts the next day). */
    public String date(Instant endsAt) {
        return endsAt == null
                ? ""
                : LocalDate.ofInstant(endsAt.minusNanos(1), zone).toString();
    }

    public String points(long points) {
        return points > 0 ? "+" + points : Long.toString(points);
    }

    private static String sign(String currency) {
        return switch (currency) {
            case "CNY" -> "¥";
            case "USD" -> "$";
            case "EUR" -> "€";
            default -> currency + " ";
        };
    }
}
