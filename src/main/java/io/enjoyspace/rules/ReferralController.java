package io.enjoyspace.rules;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import io.enjoyspace.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** A member's referral code, link and QR code, the people they referred, and the operator's referral program. */
@Controller
class ReferralController {

    private final Referrals referrals;

    ReferralController(Referrals referrals) {
        this.referrals = referrals;
    }

    static String link(String code) {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/register")
                .queryParam("ref", code)
                .toUriString();
    }

    /** The link as a QR code, drawn as SVG so it stays sharp on any screen and needs no image library. */
    static String qrSvg(String text) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0);
            int size = matrix.getWidth();
            StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                    .append(size)
                    .append(' ')
                    .append(size)
                    .append(
                            "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"");
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (matrix.get(x, y)) {
                        svg.append('M').append(x).append(',').append(y).append("h1v1h-1z");
                    }
                }
            }
            return svg.append("\" fill=\"#000\"/></svg>").toString();
        } catch (WriterException e) {
            throw new IllegalStateException("cannot draw a QR code for " + text, e);
        }
    }

    @GetMapping("/portal/referral")
    String page(Actor actor, Model model) {
        long operatorId = actor.requireOperator();
        String code = referrals.codeOf(operatorId, actor.requireMember());
        model.addAttribute("code", code);
        model.addAttribute("link", link(code));
        model.addAttribute("program", referrals.program(operatorId));
        model.addAttribute("referred", referrals.referredBy(operatorId, actor.requireMember()));
        return "rules/portal-referral";
    }

    @GetMapping(path = "/portal/referral/qr.svg", produces = "image/svg+xml")
    @ResponseBody
    String qr(Actor actor) {
        return qrSvg(link(referrals.codeOf(actor.requireOperator(), actor.requireMember())));
    }

    @Tag(name = "Referrals")
    @RestController
    static class ReferralApiController {

        private final Referrals referrals;

        ReferralApiController(Referrals referrals) {
            this.referrals = referrals;
        }

        record Referred(String memberId, String name, String status) {}

        record MyReferral(String code, String link, String qrSvgUrl, List<Referred> referred) {}

        record ProgramRequest(
                @NotNull Boolean enabled,
                @NotNull @Min(0) @Max(100_000) Integer referrerPoints,
                @NotNull @Min(0) @Max(100_000) Integer refereePoints,
                @NotNull Boolean blockSameEnterprise) {}

        @Operation(summary = "The member's referral code and link, and whom they referred")
        @PreAuthorize("hasRole('MEMBER')")
        @GetMapping("/api/v1/me/referral")
        MyReferral mine(Actor actor) {
            long operatorId = actor.requireOperator();
            String code = referrals.codeOf(operatorId, actor.requireMember());
            return new MyReferral(
                    code,
                    link(code),
                    "/api/v1/me/referral/qr.svg",
                    referrals.referredBy(operatorId, actor.requireMember()).stream()
                            .map(referral -> new Referred(
                                    Long.toString(referral.refereeMemberId()),
                                    referral.refereeName(),
                                    referral.status()))
                            .toList());
        }

        @Operation(summary = "The referral link as a QR code (SVG)")
        @PreAuthorize("hasRole('MEMBER')")
        @GetMapping(path = "/api/v1/me/referral/qr.svg")
        ResponseEntity<String> qr(Actor actor) {
            return ResponseEntity.ok()
                    .contentType(MediaType.valueOf("image/svg+xml"))
                    .body(qrSvg(link(referrals.codeOf(actor.requireOperator(), actor.requireMember()))));
        }

        @Operation(summary = "The operator's referral program")
        @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
        @GetMapping("/api/v1/referral-program")
        Referrals.Program program(Actor actor) {
            return referrals.program(actor.requireOperator());
        }

        @Operation(summary = "Set the referral program (operator admin)")
        @PreAuthorize("hasRole('OPERATOR_ADMIN')")
        @PutMapping("/api/v1/referral-program")
        Referrals.Program save(Actor actor, @Valid @RequestBody ProgramRequest request) {
            return referrals.saveProgram(
                    actor.requireOperator(),
                    new Referrals.Program(
                            request.enabled(),
                            request.referrerPoints(),
                            request.refereePoints(),
                            request.blockSameEnterprise()));
        }
    }
}
