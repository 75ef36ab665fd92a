package io.enjoyspace.ordering;

import io.enjoyspace.shared.Actor;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.Ids;
import io.enjoyspace.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Service requests")
@RestController
class ServiceRequestApiController {

    private final ServiceRequests requests;
    private final Orders orders;
    private final java.time.Clock clock;

    ServiceRequestApiController(ServiceRequests requests, Orders orders, java.time.Clock clock) {
        this.requests = requests;
        this.orders = orders;
        this.clock = clock;
    }

    record ServiceRequestBody(
            @NotBlank @Size(max = 20) String categoryId,
            @NotBlank @Size(min = 5, max = 2000) String description,
            @Size(max = 200) String location,
            @Size(max = ServiceRequests.MAX_PHOTOS) List<@NotBlank String> photos,
            @Size(max = 20) String memberId) {}

    @Operation(
            summary = "Request a service such as a repair (member, or front-desk staff for a member)",
            description = "photos are base64-encoded PNG, JPEG or WebP images of at most 2 MB each. The category's"
                    + " service level sets the response and completion deadlines and how the request is dispatched."
                    + " Idempotency-Key: a retry returns the first request.")
    @PreAuthorize("hasAnyRole('MEMBER', 'OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/service-requests")
    ResponseEntity<OrderApiController.OrderView> submit(
            Actor actor,
            @RequestHeader(IdempotencyKey.HEADER) String idempotencyKey,
            @Valid @RequestBody ServiceRequestBody body) {
        List<ServiceRequests.Photo> photos = new ArrayList<>();
        List<String> encoded = body.photos() == null ? List.of() : body.photos();
        for (int i = 0; i < encoded.size(); i++) {
            try {
                photos.add(new ServiceRequests.Photo(null, Base64.getDecoder().decode(encoded.get(i))));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("photos[" + i + "]", "serviceRequest.photos.type");
            }
        }
        boolean frontDesk = actor.isStaff();
        long memberId;
        if (frontDesk) {
            if (body.memberId() == null) {
                throw new InvalidInputException("memberId", "order.memberId.required");
            }
            memberId = Ids.parse(body.memberId());
        } else {
            memberId = actor.requireMember();
        }
        long categoryId;
        try {
            categoryId = Ids.parse(body.categoryId());
        } catch (io.enjoyspace.shared.NotFoundException e) {
            throw new InvalidInputException("categoryId", "serviceRequest.category");
        }
        Order order = requests.submit(new ServiceRequests.Submit(
                actor.requireOperator(),
                actor.userId(),
                memberId,
                new IdempotencyKey(idempotencyKey),
                categoryId,
                body.description(),
                body.location(),
                photos,
                frontDesk));
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/orders/" + order.id()))
                .body(OrderApiController.OrderView.of(
                        order, orders.steps(order.operatorId(), order.id()), clock.instant()));
    }

    @Operation(summary = "A photo of a service request (its member, or staff)")
    @GetMapping("/api/v1/orders/{id}/photos/{photoId}")
    ResponseEntity<byte[]> photo(Actor actor, @PathVariable String id, @PathVariable String photoId) {
        Order order = OrderVisibility.visible(actor, orders.get(actor.requireOperator(), Ids.parse(id)));
        ServiceRequests.Photo photo = requests.photo(order.operatorId(), order.id(), Ids.parse(photoId));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(photo.contentType()))
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate())
                .body(photo.bytes());
    }

    record AssignRequest(@NotBlank @Size(max = 20) String userId) {}

    @Operation(summary = "Give a service request to a staff member (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/orders/{id}/assign")
    OrderApiController.OrderView assign(Actor actor, @PathVariable String id, @Valid @RequestBody AssignRequest body) {
        long assignee;
        try {
            assignee = Ids.parse(body.userId());
        } catch (io.enjoyspace.shared.NotFoundException e) {
            throw new InvalidInputException("userId", "serviceRequest.assignee");
        }
        Order order = requests.assign(actor.requireOperator(), Ids.parse(id), assignee, actor.userId());
        return OrderApiController.OrderView.of(order, orders.steps(order.operatorId(), order.id()), clock.instant());
    }

    @Operation(summary = "Take an unassigned service request from the pool; the first to grab it wins (staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @PostMapping("/api/v1/orders/{id}/grab")
    OrderApiController.OrderView grab(Actor actor, @PathVariable String id) {
        Order order = requests.grab(actor.requireOperator(), Ids.parse(id), actor.userId());
        return OrderApiController.OrderView.of(order, orders.steps(order.operatorId(), order.id()), clock.instant());
    }

    record SlaBody(
            @NotNull @Min(1) @Max(43_200) Integer responseMinutes,
            @NotNull @Min(1) @Max(129_600) Integer completionMinutes,
            @NotNull ServiceRequests.DispatchMode dispatchMode) {}

    @Operation(summary = "Set a category's service level and dispatch mode (operator admin)")
    @PreAuthorize("hasRole('OPERATOR_ADMIN')")
    @PutMapping("/api/v1/categories/{id}/sla")
    ServiceRequests.Sla saveSla(Actor actor, @PathVariable String id, @Valid @RequestBody SlaBody body) {
        return requests.saveSla(
                actor.requireOperator(),
                new ServiceRequests.Sla(
                        Ids.parse(id), body.responseMinutes(), body.completionMinutes(), body.dispatchMode()));
    }

    @Operation(summary = "Every category's service level (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/service-levels")
    List<ServiceRequests.Sla> slas(Actor actor) {
        return requests.slas(actor.requireOperator());
    }

    @Operation(summary = "Open work late against its service level, oldest first (operator staff)")
    @PreAuthorize("hasAnyRole('OPERATOR_ADMIN', 'OPERATOR_STAFF')")
    @GetMapping("/api/v1/orders/late")
    List<OrderApiController.OrderView> late(
            Actor actor, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        java.time.Instant now = clock.instant();
        return orders
                .list(OrderVisibility.scopeOf(actor), new Orders.Filter(null, null, null, null, false, now), 0, size)
                .stream()
                .map(order -> OrderApiController.OrderView.of(order, null, now))
                .toList();
    }
}
