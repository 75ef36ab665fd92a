package io.enjoyspace.identity;

import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Role;
import io.enjoyspace.tenancy.Enterprises;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An operator admin's people: more admins, front-desk staff, and the admin accounts of tenant companies. Members sign
 * up themselves with invitation codes, so they are not created here.
 */
@Service
class StaffAccounts {

    static final List<Role> GRANTABLE = List.of(Role.OPERATOR_ADMIN, Role.OPERATOR_STAFF, Role.ENTERPRISE_ADMIN);

    private final Users users;
    private final Enterprises enterprises;

    StaffAccounts(Users users, Enterprises enterprises) {
        this.users = users;
        this.enterprises = enterprises;
    }

    record NewStaff(String username, String displayName, String password, Role role, Long enterpriseId) {}

    @Transactional
    UserAccount create(long operatorId, NewStaff staff) {
        if (!GRANTABLE.contains(staff.role())) {
            throw new InvalidInputException("role", "staff.roleNotGrantable");
        }
        Long enterpriseId = null;
        if (staff.role() == Role.ENTERPRISE_ADMIN) {
            if (staff.enterpriseId() == null
                    || enterprises.find(operatorId, staff.enterpriseId()).isEmpty()) {
                throw new InvalidInputException("enterpriseId", "staff.enterpriseRequired");
            }
            enterpriseId = staff.enterpriseId();
        }
        long id = users.create(new Users.NewUser(
                operatorId,
                staff.username(),
                staff.password(),
                staff.displayName().strip(),
                staff.role(),
                null,
                enterpriseId));
        return users.find(id).orElseThrow();
    }

    List<UserAccount> list(long operatorId) {
        return users.staffOf(operatorId);
    }
}
