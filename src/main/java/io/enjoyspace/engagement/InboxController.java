package io.enjoyspace.engagement;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The member's inbox, on the portal and through the API, in the reader's language. */
@Controller
class InboxController {

    static final int LIMIT = 100;

    private final Inbox inbox;
    private final MessageSource messages;

    InboxController(Inbox inbox, MessageSource messages) {
        this.inbox = inbox;
        this.messages = messages;
    }

    record Notice(String id, String text, String code, List<String> args, OffsetDateTime createdAt, boolean read) {}

    List<Notice> notices(Actor actor) {
        return inbox.messages(actor.requireOperator(), actor.requireMember(), LIMIT).stream()
                .map(message -> new Notice(
                        Long.toString(message.id()),
                        messages.getMessage(
                                message.code(),
                                message.args().toArray(),
                                message.code(),
                                LocaleContextHolder.getLocale()),
                        message.code(),
                        message.args(),
                        message.createdAt().atOffset(ZoneOffset.UTC),
                        message.readAt() != null))
                .toList();
    }

    /** Opening the inbox shows what is new, then counts it as read. */
    @GetMapping("/portal/inbox")
    String page(Actor actor, Model model) {
        List<Notice> notices = notices(actor);
        model.addAttribute("notices", notices);
        notices.stream()
                .filter(notice -> !notice.read())
                .forEach(notice ->
                        inbox.markRead(actor.requireOperator(), actor.requireMember(), Long.parseLong(notice.id())));
        return "engagement/portal-inbox";
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

        @Operation(summary = "The member's notices, newest first, in the request's language")
        @GetMapping("/api/v1/me/inbox")
        List<Notice> list(Actor actor) {
            return pages.notices(actor);
        }

        @Operation(summary = "Mark a notice read")
        @PostMapping("/api/v1/me/inbox/{id}/read")
        @ResponseStatus(HttpStatus.NO_CONTENT)
        void read(Actor actor, @PathVariable String id) {
            inbox.markRead(actor.requireOperator(), actor.requireMember(), Ids.parse(id));
        }
    }
}
