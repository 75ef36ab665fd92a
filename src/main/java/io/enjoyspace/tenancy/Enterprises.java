package io.enjoyspace.tenancy;

import io.enjoyspace.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Enterprises {

    private final JdbcClient jdbc;

    Enterprises(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new tenant company. {@code invitationCode} may be null for a generated one. */
    public record NewEnterprise(
            long siteId, String name, String industry, int headcount, Enterprise.Lease lease, String invitationCode) {}

    public Enterprise create(long operatorId, NewEnterprise enterprise) {
        String code = enterprise.invitationCode() == null
                ? InvitationCodes.next()
                : InvitationCodes.normalise(enterprise.invitationCode());
        long id = jdbc.sql("""
                        insert into enterprise (operator_id, site_id, name, industry, size_band, headcount,
                                                lease_monthly_rent_minor, lease_starts_on, lease_ends_on, invitation_code)
                        values (:operatorId, :siteId, :name, :industry, :sizeBand, :headcount,
                                :rent, :startsOn, :endsOn, :code)
                        returning id
                        """)
                .param("operatorId", operatorId)
                .param("siteId", enterprise.siteId())
                .param("name", enterprise.name())
                .param("industry", enterprise.industry())
                .param("sizeBand", SizeBand.forHeadcount(enterprise.headcount()).name())
                .param("headcount", enterprise.headcount())
                .param("rent", enterprise.lease().monthlyRentMinor())
                .param("startsOn", enterprise.lease().startsOn())
                .param("endsOn", enterprise.lease().endsOn())
                .param("code", code)
                .query(Long.class)
                .single();
        return get(operatorId, id);
    }

    public Enterprise get(long operatorId, long id) {
        return find(operatorId, id).orElseThrow(NotFoundException::new);
    }

    public Optional<Enterprise> find(long operatorId, long id) {
        return jdbc.sql("select * from enterprise where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", id)
                .query(Enterprises::map)
                .optional();
    }

    public List<Enterprise> list(long operatorId) {
        return jdbc.sql("select * from enterprise where operator_id = :operatorId order by name")
                .param("operatorId", operatorId)
                .query(Enterprises::map)
                .list();
    }

    Optional<Enterprise> findByInvitationCode(String code) {
        return jdbc.sql("select * from enterprise where invitation_code = :code")
                .param("code", InvitationCodes.normalise(code))
                .query(Enterprises::map)
                .optional();
    }

    static Enterprise map(ResultSet rs, int row) throws SQLException {
        return new Enterprise(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getLong("site_id"),
                rs.getString("name"),
                rs.getString("industry"),
                SizeBand.valueOf(rs.getString("size_band")),
                rs.getInt("headcount"),
                new Enterprise.Lease(
                        rs.getLong("lease_monthly_rent_minor"),
                        rs.getDate("lease_starts_on").toLocalDate(),
                        rs.getDate("lease_ends_on").toLocalDate()),
                rs.getString("invitation_code"));
    }
}
