package io.enjoyspace.identity;

import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Operator;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.tenancy.SiteKind;
import io.enjoyspace.tenancy.Sites;
import java.time.ZoneId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The platform admin signs up a new operator: its first site and its first admin, in one step. */
@Service
public class OperatorOnboarding {

    private final Operators operators;
    private final Sites sites;
    private final Users users;

    OperatorOnboarding(Operators operators, Sites sites, Users users) {
        this.operators = operators;
        this.sites = sites;
        this.users = users;
    }

    public record Onboard(
            String code,
            String name,
            ZoneId timeZone,
            String firstSiteName,
            SiteKind firstSiteKind,
            String adminUsername,
            String adminPassword) {}

    @Transactional
    public Operator onboard(Onboard command) {
        Operator operator = operators.create(command.code(), command.name(), command.timeZone());
        sites.create(operator.id(), command.firstSiteName(), command.firstSiteKind(), null, null);
        users.create(new Users.NewUser(
                operator.id(),
                command.adminUsername(),
                command.adminPassword(),
                command.name(),
                Role.OPERATOR_ADMIN,
                null,
                null));
        return operator;
    }
}
