package io.enjoyspace.identity;

import io.enjoyspace.tenancy.MemberRenamed;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** A member's sign-in account shows the name on their profile: a rename there renames the account. */
@Component
class AccountNames {

    private final JdbcClient jdbc;

    AccountNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(MemberRenamed renamed) {
        jdbc.sql("""
                        update app_user set display_name = :name
                        where operator_id = :operatorId and member_id = :memberId and role = 'MEMBER'
                        """)
                .param("name", renamed.name())
                .param("operatorId", renamed.operatorId())
                .param("memberId", renamed.memberId())
                .update();
    }
}
