package io.enjoyspace.identity;

import io.enjoyspace.shared.Actor;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The security principal: an {@link Actor} plus, until authentication completes, the password hash. */
final class SignedInUser implements UserDetails, CredentialsContainer, Actor.Holder {

    private final Actor actor;
    private final boolean enabled;
    private String passwordHash;

    SignedInUser(UserAccount account) {
        this.actor = account.actor();
        this.enabled = account.enabled();
        this.passwordHash = account.passwordHash();
    }

    @Override
    public Actor actor() {
        return actor;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(actor.role().authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return actor.username();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
