package io.enjoyspace.tenancy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Records every committed {@link MemberProfileCompleted}, so tests can count what a member's saves published. */
@Component
@Profile("test")
class ProfileCompletions {

    private final List<MemberProfileCompleted> published = new CopyOnWriteArrayList<>();

    @TransactionalEventListener
    void on(MemberProfileCompleted completed) {
        published.add(completed);
    }

    List<MemberProfileCompleted> of(long memberId) {
        return published.stream()
                .filter(completed -> completed.memberId() == memberId)
                .toList();
    }
}
