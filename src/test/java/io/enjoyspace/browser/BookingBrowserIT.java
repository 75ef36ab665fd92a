package io.enjoyspace.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.booking.BookingFixtures;
import io.enjoyspace.booking.Resource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/** A member books a meeting room on the availability grid and cancels it, in headless Chromium. */
@EnjoySpaceTest
class BookingBrowserIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @Autowired
    BookingFixtures fixtures;

    @Test
    void aMemberBooksAMeetingRoomOnTheGridAndCancelsIt() {
        Resource room = fixtures.room("demo", "Browser room", 12_000);
        BookingFixtures.Person person = fixtures.person("demo", "Grid booker");
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(3);

        chromium.signIn(person.username(), BookingFixtures.PASSWORD);
        chromium.click(By.id("booking-link"));
        chromium.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("grid-date")));
        chromium.open("/portal/booking?date=" + day);
        WebElement row = chromium.browser.findElement(
                By.cssSelector("#availability-grid tr[data-resource-id='" + room.id() + "']"));
        List<WebElement> free = row.findElements(By.cssSelector("td.slot-free a"));
        assertThat(free).isNotEmpty();
        // The ten o'clock slot (02:00 UTC).
        WebElement ten = free.stream()
                .filter(cell -> cell.getAttribute("data-starts-at").endsWith("T02:00:00Z"))
                .findFirst()
                .orElseThrow();
        chromium.screenshot("portal-booking-grid");
        chromium.click(ten);

        chromium.visible("book-form");
        assertThat(chromium.text("book-resource")).isEqualTo("Browser room");
        assertThat(chromium.text("book-start")).isEqualTo(day + " 10:00");
        new Select(chromium.browser.findElement(By.id("length"))).selectByValue("90");
        chromium.click(By.id("book"));

        assertThat(chromium.visible("booked").getText()).startsWith("Booked: reservation #");
        String id = chromium.text("booked").replaceAll("\\D", "");
        WebElement reservation = chromium.browser.findElement(By.id("reservation-" + id));
        assertThat(reservation
                        .findElement(By.cssSelector(".reservation-resource"))
                        .getText())
                .isEqualTo("Browser room");
        assertThat(reservation.findElement(By.cssSelector(".reservation-time")).getText())
                .isEqualTo(day + " 10:00–11:30");
        assertThat(reservation.findElement(By.cssSelector(".reservation-price")).getText())
                .isEqualTo("¥180.00");
        assertThat(reservation
                        .findElement(By.cssSelector(".reservation-status"))
                        .getText())
                .isEqualTo("Confirmed");

        // The grid now shows the time as taken.
        chromium.open("/portal/booking?date=" + day);
        WebElement after = chromium.browser.findElement(
                By.cssSelector("#availability-grid tr[data-resource-id='" + room.id() + "']"));
        assertThat(after.findElements(By.cssSelector("td.slot-free a")).stream()
                        .map(cell -> cell.getAttribute("data-starts-at"))
                        .filter(at -> at.endsWith("T02:00:00Z") || at.endsWith("T03:00:00Z")))
                .isEmpty();
        assertThat(after.findElements(By.cssSelector("td.slot-busy"))).isNotEmpty();

        chromium.open("/portal/reservations");
        WebElement cancel = chromium.browser
                .findElement(By.id("reservation-" + id))
                .findElement(By.cssSelector(".cancel-reservation"));
        assertThat(cancel.getText()).isEqualTo("Cancel (refund ¥180.00)");
        chromium.click(cancel);
        assertThat(chromium.visible("cancelled").getText()).isEqualTo("Cancelled. Refund: ¥180.00 (100%).");
        assertThat(chromium.browser
                        .findElement(By.id("reservation-" + id))
                        .findElement(By.cssSelector(".reservation-status"))
                        .getText())
                .isEqualTo("Cancelled");
        chromium.screenshot("portal-reservations");
    }

    @Test
    void theConsoleListsTheDaysReservationsWithTheOverrideReason() {
        Resource room = fixtures.room("demo", "Console room", 5_000);
        BookingFixtures.Person person = fixtures.person("demo", "Front desk guest");
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2);

        chromium.signIn("staff", "demo");
        chromium.open("/console/reservations?date=" + day);
        chromium.browser.findElement(By.id("behalf-mobile")).sendKeys(person.username());
        new Select(chromium.browser.findElement(By.id("behalf-resource"))).selectByVisibleText("Console room");
        chromium.setValue(chromium.browser.findElement(By.id("behalf-date")), day.toString());
        chromium.setValue(chromium.browser.findElement(By.id("behalf-time")), "09:00");
        WebElement minutes = chromium.browser.findElement(By.id("behalf-minutes"));
        minutes.clear();
        minutes.sendKeys("300");
        chromium.click(By.id("book-on-behalf"));
        assertThat(chromium.visible("errors").getText()).contains("at most 240 minutes");

        chromium.open("/console/reservations?date=" + day);
        chromium.browser.findElement(By.id("behalf-mobile")).sendKeys(person.username());
        new Select(chromium.browser.findElement(By.id("behalf-resource"))).selectByVisibleText("Console room");
        chromium.setValue(chromium.browser.findElement(By.id("behalf-date")), day.toString());
        chromium.setValue(chromium.browser.findElement(By.id("behalf-time")), "09:00");
        WebElement again = chromium.browser.findElement(By.id("behalf-minutes"));
        again.clear();
        again.sendKeys("300");
        chromium.browser.findElement(By.id("behalf-override")).sendKeys("All-day workshop agreed by the manager");
        chromium.click(By.id("book-on-behalf"));
        chromium.visible("booked");
        assertThat(chromium.text("day-reservations"))
                .contains("Console room", "Front desk guest", "All-day workshop agreed by the manager");
        assertThat(room.id()).isPositive();
    }
}
