package io.enjoyspace.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Repairs and other service requests: photos, service levels, late flags and the three dispatch modes. */
@EnjoySpaceTest
class ServiceRequestsIT {

    private static final byte[] PNG = {
        (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'
    };

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    /** A category of its own for each test, so service levels set here touch nothing else. */
    private String category(Api admin, String mode, int responseMinutes, int completionMinutes) {
        Api.Response created = admin.post(
                "/api/v1/catalog/categories",
                Map.of("name", "Repairs " + UUID.randomUUID().toString().substring(0, 8), "kind", "OFFICE"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Api.Response sla = admin.put(
                "/api/v1/categories/" + id + "/sla",
                Map.of(
                        "responseMinutes", responseMinutes,
                        "completionMinutes", completionMinutes,
                        "dispatchMode", mode));
        assertThat(sla.status()).as(sla.toString()).isEqualTo(200);
        return id;
    }

    private Api.Response request(Api member, String categoryId, List<String> photos) {
        return member.post(
                "/api/v1/service-requests",
                Api.map(
                        "categoryId",
                        categoryId,
                        "description",
                        "The tap in room 1203 is leaking",
                        "location",
                        "Tower A, 12F",
                        "photos",
                        photos),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    @Test
    void aRequestCarriesItsPhotosAndDeadlinesAndIsFlaggedLateWhenNobodyResponds() {
        Api admin = Api.as(port, "admin");
        Api member = Api.as(port, "member");
        String category = category(admin, "ASSIGN", 30, 240);
        String photo = Base64.getEncoder().encodeToString(PNG);

        Api.Response placed = request(member, category, List.of(photo));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        JsonNode order = placed.json();
        assertThat(order.get("kind").asString()).isEqualTo("SERVICE_REQUEST");
        assertThat(order.get("status").asString()).isEqualTo("PAID");
        assertThat(order.get("late").asBoolean()).isFalse();
        assertThat(Duration.between(
                        java.time.OffsetDateTime.parse(order.get("placedAt").asString()),
                        java.time.OffsetDateTime.parse(order.get("respondBy").asString())))
                .isEqualTo(Duration.ofMinutes(30));
        String id = order.get("id").asString();
        long photoId = jdbc.sql("select id from order_photo where order_id = :id")
                .param("id", Long.parseLong(id))
                .query(Long.class)
                .single();
        Api.Response image = member.get("/api/v1/orders/" + id + "/photos/" + photoId);
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.contentType()).startsWith("image/png");
        assertThat(Api.as(port, "member2")
                        .get("/api/v1/orders/" + id + "/photos/" + photoId)
                        .status())
                .isEqualTo(404);

        assertThat(request(member, category, List.of(Base64.getEncoder().encodeToString("not an image".getBytes())))
                        .fieldErrors())
                .containsExactly("photos[0]");
        assertThat(member.post(
                                "/api/v1/service-requests",
                                Api.map("categoryId", category, "description", "x"),
                                Map.of("Idempotency-Key", UUID.randomUUID().toString()))
                        .fieldErrors())
                .containsExactly("description");

        Api staff = Api.as(port, "staff");
        try {
            clock.pin(clock.instant().plus(Duration.ofMinutes(31)));
            assertThat(staff.get("/api/v1/orders/" + id).json().get("late").asBoolean())
                    .isTrue();
            assertThat(staff.get("/api/v1/orders/late?size=200").json().findValuesAsString("id"))
                    .contains(id);
            staff.post("/api/v1/orders/" + id + "/accept", Map.of());
            assertThat(staff.get("/api/v1/orders/" + id).json().get("late").asBoolean())
                    .isFalse();
            clock.pin(clock.instant().plus(Duration.ofMinutes(240)));
            assertThat(staff.get("/api/v1/orders/" + id).json().get("late").asBoolean())
                    .isTrue();
        } finally {
            clock.release();
        }
        assertThat(Api.as(port, "mall-admin").get("/api/v1/orders/" + id).status())
                .isEqualTo(404);
    }

    @Test
    void whenStaffGrabTheSameRequestAtOnceExactlyOneGetsIt() throws Exception {
        Api admin = Api.as(port, "admin");
        String category = category(admin, "GRAB", 15, 120);
        String id = request(Api.as(port, "member"), category, List.of())
                .json()
                .get("id")
                .asString();
        Api staff = Api.as(port, "staff");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() ->
                        staff.post("/api/v1/orders/" + id + "/grab", Map.of()).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : pool.invokeAll(attempts)) {
                statuses.add(result.get());
            }
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses.stream().filter(status -> status == 200)).hasSize(1);
        } finally {
            pool.shutdown();
        }
        JsonNode order = staff.get("/api/v1/orders/" + id).json();
        assertThat(order.get("status").asString()).isEqualTo("ACCEPTED");
    }

    @Test
    void roundRobinGivesEachRequestToWhoeverWasGivenWorkLongestAgo() {
        Api admin = Api.as(port, "admin");
        for (int i = 0; i < 2; i++) {
            Api.Response hired = admin.post(
                    "/api/v1/staff",
                    Map.of(
                            "username",
                            "fixer-" + UUID.randomUUID().toString().substring(0, 8),
                            "displayName",
                            "Fixer " + i,
                            "password",
                            "correct-horse",
                            "role",
                            "OPERATOR_STAFF"));
            assertThat(hired.status()).as(hired.toString()).isEqualTo(201);
        }
        long operatorId = jdbc.sql("select operator_id from app_user where username = 'staff'")
                .query(Long.class)
                .single();
        List<Long> staffIds = jdbc.sql(
                        "select id from app_user where operator_id = :operatorId and role = 'OPERATOR_STAFF' and enabled")
                .param("operatorId", operatorId)
                .query(Long.class)
                .list();
        String category = category(admin, "ROUND_ROBIN", 15, 120);
        List<Long> assignees = new ArrayList<>();
        for (int i = 0; i < staffIds.size() * 2; i++) {
            String id = request(Api.as(port, "member"), category, List.of())
                    .json()
                    .get("id")
                    .asString();
            assignees.add(jdbc.sql("select assigned_user_id from service_order where id = :id")
                    .param("id", Long.parseLong(id))
                    .query(Long.class)
                    .single());
        }
        assertThat(staffIds).hasSizeGreaterThanOrEqualTo(3);
        assertThat(assignees).allMatch(staffIds::contains);
        // Over two rounds every staff member gets exactly two requests.
        for (Long staffId : staffIds) {
            assertThat(assignees.stream().filter(staffId::equals)).hasSize(2);
        }
        assertThat(assignees.subList(0, staffIds.size())).doesNotHaveDuplicates();
    }
}
