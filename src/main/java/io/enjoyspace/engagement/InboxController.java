package io.enjoyspace.engagement;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.tenancy.Members;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The member's inbox and notification preferences, on the portal and through the API, in the reader's language. */
@Controller
class InboxController {

    static final int PAGE_SIZE = 20;
    static final int SIZE_MAX = 100;

    private final Inbox inbox;
    private final NotificationPreferences preferences;
    private final EmailCourier email;
    private final Members members;
    private final MessageSource messages;

    InboxController(
            Inbox inbox,
            NotificationPreferences preferences,
            EmailCourier email,
            Members members,
            MessageSource messages) {
        this.inbox = inbox;
        this.preferences = preferences;
        this.email = email;
        this.members = members;
        this.messages = messages;
    }

    record Notice(
            String id,
            String category,
            String text,
            String code,
            List<String> args,
            OffsetDateTime createdAt,
            boolean read) {}

    record NoticePage(List<Notice> items, int page, int size, long total, long unread) {}

    record Preference(String category, boolean inbox, boolean email, boolean inboxSwitchable) {}

    record Preferences(String language, boolean emailAvailable, List<Preference> preferences) {}

    record PreferenceChange(String category, Boolean inbox, Boolean email) {}

    record PreferencesUpdate(String language, List<PreferenceChange> preferences) {}

    NoticePage notices(Actor actor, String category, int page, int size) {
        if (page < 0) {
            throw new InvalidInputException("page", "engagement.inbox.page");
        }
        if (size < 1 || size > SIZE_MAX) {
            throw new InvalidInputException("size", "engagement.inbox.size");
        }
        Locale locale = LocaleContextHolder.getLocale();
        Inbox.Page found =
                inbox.page(actor.requireOperator(), actor.requireMember(), category(category), page * size, size);
        List<Notice> notices = found.messages().stream()
                .map(message -> new Notice(
                        Long.toString(message.id()),
                        message.category().name(),
                        messages.getMessage(message.code(), message.args().toArray(), message.code(), locale),
                        message.code(),
                        message.args(),
                        message.createdAt().atOffset(ZoneOffset.UTC),
                        message.readAt() != null))
                .toList();
        return new NoticePage(notices, page, size, found.total(), found.unread());
    }

    static NoticeCategory category(String category) {
        if (category == null || category.isBlank()) {
            return null;
        }
        try {
            return NoticeCategory.valueOf(category.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("category", "engagement.inbox.category");
        }
    }

    Preferences preferences(Actor actor) {
        long operatorId = actor.requireOperator();
        long memberId = actor.requireMember();
        String address = members.get(operatorId, memberId).email();
        List<Preference> choices = preferences.choices(operatorId, memberId).stream()
                .map(choice -> new Preference(
                        choice.category().name(),
                        choice.inbox(),
                        choice.email(),
                        choice.category().inboxSwitchable()))
                .toList();
        return new Preferences(
                preferences
                        .language(operatorId, memberId)
                        .orElse(NotificationPreferences.languageOf(LocaleContextHolder.getLocale())),
                email.available() && address != null && !address.isBlank(),
                choices);
    }

    void save(Actor actor, PreferencesUpdate update) {
        List<NotificationPreferences.Choice> choices = new ArrayList<>();
        List<PreferenceChange> changes = update.preferences() == null ? List.of() : update.preferences();
        List<NotificationPreferences.Choice> current =
                preferences.choices(actor.requireOperator(), actor.requireMember());
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            PreferenceChange change = changes.get(i);
            NoticeCategory category;
            try {
                category = category(change == null ? null : change.category());
            } catch (InvalidInputException e) {
                category = null;
            }
            if (category == null) {
                errors.add(new InvalidInputException.FieldError(
                        "preferences[" + i + "].category", "engagement.preferences.category"));
                continue;
            }
            NotificationPreferences.Choice was = current.get(category.ordinal());
            choices.add(new NotificationPreferences.Choice(
                    category,
                    change.inbox() == null ? was.inbox() : change.inbox(),
                    change.email() == null ? was.email() : change.email()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String language = update.language() == null || update.language().isBlank()
                ? null
                : update.language().strip();
        preferences.save(actor.requireOperator(), actor.requireMember(), language, choices);
    }

    /** Opening the inbox shows what is new (in bold), then counts the notices of the category viewed as read. */
    @GetMapping("/portal/inbox")
    String page(
            Actor actor,
            @RequestParam(required = false) String category,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        NoticeCategory filter;
        try {
            filter = category(category);
        } catch (InvalidInputException e) {
            filter = null;
        }
        preferences.noticeLanguage(actor.requireOperator(), actor.requireMember(), LocaleContextHolder.getLocale());
        NoticePage notices = notices(actor, filter == null ? null : filter.name(), Math.max(0, page), PAGE_SIZE);
        model.addAttribute("notices", notices.items());
        model.addAttribute("page", notices);
        model.addAttribute("categories", Arrays.asList(NoticeCategory.values()));
        model.addAttribute("category", filter == null ? "" : filter.name());
        model.addAttribute("hasNext", (long) (notices.page() + 1) * notices.size() < notices.total());
        // What was new shows in bold this once; the badge then counts only other categories' unread notices.
        inbox.markAllRead(actor.requireOperator(), actor.requireMember(), filter);
        model.addAttribute("inboxUnread", inbox.unread(actor.requireOperator(), actor.requireMember()));
        return "engagement/portal-inbox";
    }

    @PostMapping("/portal/inbox/read-all")
    String readAll(Actor actor, RedirectAttributes redirect) {
        int marked = inbox.markAllRead(actor.requireOperator(), actor.requireMember(), null);
        redirect.addFlashAttribute("marked", marked);
        return "redirect:/portal/inbox";
    }

    @GetMapping("/portal/notification-preferences")
    String preferencesPage(Actor actor, Model model) {
        model.addAttribute("preferences", preferences(actor));
        model.addAttribute("languages", NotificationPreferences.LANGUAGES);
        return "engagement/portal-preferences";
    }

    @PostMapping("/portal/notification-preferences")
    String savePreferences(
            Actor actor, @RequestParam Map<String, String> form, RedirectAttributes redirect, Model model) {
        List<PreferenceChange> changes = new ArrayList<>();
        for (NoticeCategory category : NoticeCategory.values()) {
            changes.add(new PreferenceChange(
                    category.name(),
                    !category.inboxSwitchable() || form.containsKey("inbox_" + category.name()),
                    form.containsKey("email_" + category.name())));
        }
        try {
            save(actor, new PreferencesUpdate(form.get("language"), changes));
        } catch (InvalidInputException e) {
            model.addAttribute("preferences", preferences(actor));
            model.addAttribute("languages", NotificationPreferences.LANGUAGES);
            model.addAttribute("error", e.errors().get(0).code());
            return "engagement/portal-preferences";
        }
        redirect.addFlashAttribute("saved", true);
        return "redirect:/portal/notification-preferences";
    }

    @Tag(name = "Inbox")
    @RestController
    @PreAuthorize("hasRole('MEMBER')")
    static class InboxApiController {

        private final InboxController pages;
        private final Inbox inbox;

        InboxApiController(InboxController pages, Inbox inbox) {
            this.pages = pages;
            this.inbox = inbox;
        }

        @Operation(
                summary = "The member's notices, newest first, in the request's language",
                description = "Paged (page from 0, size up to 100), filtered by category when given; with the"
                        + " member's unread count across all categories.")
        @GetMapping("/api/v1/me/inbox")
        NoticePage list(
                Actor actor,
                @RequestParam(required = false) String category,
                @RequestParam(defaultValue = "0") int page,
                @RequestParam(defaultValue = "20") int size) {
            return pages.notices(actor, category, page, size);
        }

        @Operation(summary = "Mark a notice read")
        @PostMapping("/api/v1/me/inbox/{id}/read")
        @ResponseStatus(HttpStatus.NO_CONTENT)
        void read(Actor actor, @PathVariable String id) {
            inbox.markRead(actor.requireOperator(), actor.requireMember(), Ids.parse(id));
        }

        record Marked(int marked, long unread) {}

        @Operation(summary = "Mark every notice read, or those of one category")
        @PostMapping("/api/v1/me/inbox/read-all")
        Marked readAll(Actor actor, @RequestParam(required = false) String category) {
            int marked = inbox.markAllRead(actor.requireOperator(), actor.requireMember(), category(category));
            return new Marked(marked, inbox.unread(actor.requireOperator(), actor.requireMember()));
        }

        @Operation(summary = "The member's notification channels per category, and the language of their e-mail")
        @GetMapping("/api/v1/me/notification-preferences")
        Preferences preferences(Actor actor) {
            return pages.preferences(actor);
        }

        @Operation(
                summary = "Change notification channels",
                description = "Categories not listed keep their choices. The inbox cannot be switched off for ORDER,"
                        + " POINTS and GENERAL. language: en or zh-CN.")
        @PutMapping("/api/v1/me/notification-preferences")
        Preferences save(Actor actor, @RequestBody PreferencesUpdate update) {
            pages.save(actor, update);
            return pages.preferences(actor);
        }
    }
}
