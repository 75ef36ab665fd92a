package io.enjoyspace.identity;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Role;

/** A sign-in account. The password hash never leaves this module. */
record UserAccount(
        long id,
        Long operatorId,
        String username,
        String passwordHash,
        String displayName,
        Role role,
        Long memberId,
        Long enterpriseId,
        boolean enabled) {

    Actor actor() {
        return new Actor(id, operatorId, username, displayName, role, memberId, enterpriseId);
    }
}
