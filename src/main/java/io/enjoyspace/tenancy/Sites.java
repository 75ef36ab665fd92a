package io.enjoyspace.tenancy;

import io.enjoyspace.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Sites {

    private final JdbcClient jdbc;

    Sites(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Site create(long operatorId, String name, SiteKind kind, String address, String invitationCode) {
        String code = invitationCode == null ? InvitationCodes.next() : InvitationCodes.normalise(invitationCode);
        long id = jdbc.sql("""
                        insert into site (operator_id, name, kind, address, invitation_code)
                        values (:operatorId, :name, :kind, :address, :code) returning id
                        """)
                .param("operatorId", operatorId)
                .param("name", name)
                .param("kind", kind.name())
                .param("address", address)
                .param("code", code)
                .query(Long.class)
                .single();
        return get(operatorId, id);
    }

    public Site get(long operatorId, long id) {
        return jdbc.sql("select * from site where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Sites::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    public List<Site> list(long operatorId) {
        return jdbc.sql("select * from site where operator_id = :operatorId order by id")
                .param("operatorId", operatorId)
                .query(Sites::map)
                .list();
    }

    Optional<Site> findByInvitationCode(String code) {
        return jdbc.sql("select * from site where invitation_code = :code")
                .param("code", InvitationCodes.normalise(code))
                .query(Sites::map)
                .optional();
    }

    static Site map(ResultSet rs, int row) throws SQLException {
        return new Site(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getString("name"),
                SiteKind.valueOf(rs.getString("kind")),
                rs.getString("address"),
                rs.getString("invitation_code"));
    }
}
