package io.enjoyspace.tenancy;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Tenancy")
@RestController
@RequestMapping("/api/v1")
class TenancyApiController {

    private final Sites sites;
    private final Enterprises enterprises;
    private final Members members;

    TenancyApiController(Sites sites, Enterprises enterprises, Members members) {
        this.sites = sites;
        this.enterprises = enterprises;
        this.members = members;
    }

    record SiteView(String id, String name, SiteKind kind, String address, String invitationCode) {
        static SiteView of(Site site) {
            return new SiteView(
                    Long.toString(site.id()), site.name(), site.kind(), site.address(), site.invitationCode());
        }
    }

    record EnterpriseView(
            String id,
            String siteId,
            String name,
            String industry,
            SizeBand sizeBand,
            int headcount,
            long leaseMonthlyRentMinor,
            LocalDate leaseStartsOn,
            LocalDate leaseEndsOn,
            String invitationCode) {
        static EnterpriseView of(Enterprise enterprise) {
            return new EnterpriseView(
                    Long.toString(enterprise.id()),
                    Long.toString(enterprise.siteId()),
                    enterprise.name(),
                    enterprise.industry(),
                    enterprise.sizeBand(),
                    enterprise.headcount(),
                    enterprise.lease().monthlyRentMinor(),
                    enterprise.lease().startsOn(),
                    enterprise.lease().endsOn(),
                    enterprise.invitationCode());
        }
    }

    record MemberView(
            String id,
            String siteId,
            String enterpriseId,
            String name,
            String mobile,
            String email,
            LocalDate registeredOn) {
        static MemberView of(Member member) {
            return new MemberView(
                    Long.toString(member.id()),
                    Long.toString(member.siteId()),
                    member.enterpriseId() == null ? null : member.enterpriseId().toString(),
                    member.name(),
                    member.mobile(),
                    member.email(),
                    member.registeredOn());
        }
    }

    record NewEnterpriseRequest(
            @NotBlank String siteId,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 100) String industry,
            @NotNull @Min(0) @Max(1_000_000) Integer headcount,
            @NotNull @Min(0) @Max(100_000_000_000L) Long leaseMonthlyRentMinor,
            @NotNull LocalDate leaseStartsOn,
            @NotNull LocalDate leaseEndsOn) {}

    @Operation(summary = "The operator's sites (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/sites")
    List<SiteView> sites(Actor actor) {
        return sites.list(actor.requireOperator()).stream().map(SiteView::of).toList();
    }

    @Operation(summary = "Enterprises: all of the operator's for staff, one's own for an enterprise admin")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF', 'ENTERPRISE_ADMIN')")
    @GetMapping("/enterprises")
    List<EnterpriseView> enterprises(Actor actor) {
        long operatorId = actor.requireOperator();
        if (actor.isEnterpriseAdmin()) {
            return List.of(EnterpriseView.of(enterprises.get(operatorId, actor.enterpriseId())));
        }
        return enterprises.list(operatorId).stream().map(EnterpriseView::of).toList();
    }

    @Operation(summary = "One enterprise")
    @GetMapping("/enterprises/{id}")
    EnterpriseView enterprise(Actor actor, @PathVariable String id) {
        long enterpriseId = Ids.parse(id);
        if (!actor.isStaff() && !Long.valueOf(enterpriseId).equals(actor.enterpriseId())) {
            throw new NotFoundException();
        }
        return EnterpriseView.of(enterprises.get(actor.requireOperator(), enterpriseId));
    }

    @Operation(summary = "Add a tenant company with its lease (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PostMapping("/enterprises")
    @ResponseStatus(HttpStatus.CREATED)
    EnterpriseView createEnterprise(Actor actor, @Valid @RequestBody NewEnterpriseRequest request) {
        if (request.leaseEndsOn().isBefore(request.leaseStartsOn())) {
            throw new InvalidInputException("leaseEndsOn", "enterprise.leaseEndsBeforeStart");
        }
        long operatorId = actor.requireOperator();
        long siteId;
        try {
            siteId = sites.get(operatorId, Ids.parse(request.siteId())).id();
        } catch (NotFoundException e) {
            throw new InvalidInputException("siteId", "enterprise.unknownSite");
        }
        try {
            return EnterpriseView.of(enterprises.create(
                    operatorId,
                    new Enterprises.NewEnterprise(
                            siteId,
                            request.name().strip(),
                            request.industry().strip(),
                            request.headcount(),
                            new Enterprise.Lease(
                                    request.leaseMonthlyRentMinor(), request.leaseStartsOn(), request.leaseEndsOn()),
                            null)));
        } catch (DataIntegrityViolationException e) {
            throw new InvalidInputException("siteId", "enterprise.unknownSite");
        }
    }

    @Operation(summary = "Members: all of the operator's for staff, the company's for an enterprise admin")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF', 'ENTERPRISE_ADMIN')")
    @GetMapping("/members")
    List<MemberView> members(Actor actor) {
        Long enterpriseId = actor.isEnterpriseAdmin() ? actor.enterpriseId() : null;
        return members.list(actor.requireOperator(), enterpriseId, 500).stream()
                .map(MemberView::of)
                .toList();
    }

    @Operation(summary = "One member: staff see any of theirs, an enterprise admin the company's, a member themself")
    @GetMapping("/members/{id}")
    MemberView member(Actor actor, @PathVariable String id) {
        Member member = members.get(actor.requireOperator(), Ids.parse(id));
        boolean visible = actor.isStaff()
                || (actor.isEnterpriseAdmin() && actor.enterpriseId().equals(member.enterpriseId()))
                || (actor.isMember() && actor.memberId() == member.id());
        if (!visible) {
            throw new NotFoundException();
        }
        return MemberView.of(member);
    }
}
