package io.enjoyspace.identity;

import io.enjoyspace.rules.Referrals;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Invitation;
import io.enjoyspace.tenancy.Invitations;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * “Register for points”: a person joins with the invitation code of their company or of their building and signs in
 * with their mobile number from then on.
 */
@Service
public class Registrations {

    private final Invitations invitations;
    private final Members members;
    private final Users users;
    private final Referrals referrals;

    Registrations(Invitations invitations, Members members, Users users, Referrals referrals) {
        this.invitations = invitations;
        this.members = members;
        this.users = users;
        this.referrals = referrals;
    }

    /** {@code referralCode} is optional: the code of the member who invited this person. */
    public record Register(
            String invitationCode, String name, String mobile, String email, String password, String referralCode) {}

    public record Registered(long operatorId, long memberId, long userId, String username) {}

    @Transactional
    public Registered register(Register command) {
        Invitation invitation = invitations
                .resolve(command.invitationCode())
                .orElseThrow(() -> new InvalidInputException("invitationCode", "registration.unknownCode"));
        if (users.exists(command.mobile())) {
            throw new InvalidInputException("mobile", "registration.mobileTaken");
        }
        String email = command.email() == null || command.email().isBlank()
                ? null
                : command.email().strip();
        Member member;
        try {
            member = members.register(
                    invitation.operatorId(),
                    new Members.NewMember(
                            invitation.siteId(),
                            invitation.enterpriseId(),
                            command.name().strip(),
                            command.mobile().strip(),
                            email));
        } catch (ConflictException e) {
            // Staff may have recorded this person before they registered themselves.
            throw new InvalidInputException("mobile", "registration.mobileTaken");
        }
        if (command.referralCode() != null && !command.referralCode().isBlank()) {
            referrals.claim(invitation.operatorId(), member.id(), command.referralCode());
        }
        long userId = users.create(new Users.NewUser(
                invitation.operatorId(),
                command.mobile(),
                command.password(),
                member.name(),
                Role.MEMBER,
                member.id(),
                member.enterpriseId()));
        return new Registered(invitation.operatorId(), member.id(), userId, Users.normalise(command.mobile()));
    }
}
