package io.enjoyspace.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.enjoyspace.Api;
import io.enjoyspace.EnjoySpaceTest;
import io.enjoyspace.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EnjoySpaceTest
class MemberProfileIT {

    // Mobile numbers 1806xxxxxxx belong to this class only.
    private static final AtomicInteger mobiles = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    ProfileCompletions completions;

    @Autowired
    MutableClock clock;

    @AfterEach
    void releaseTheClock() {
        clock.release();
    }

    /** A member who registered with a name and nothing else, signed in through the API. */
    private Api registered(String name) {
        String mobile = "1806%07d".formatted(mobiles.incrementAndGet());
        Api.Response registration = Api.anonymous(port)
                .post(
                        "/api/v1/registrations",
                        Api.map(
                                "invitationCode",
                                "TOWER88",
                                "name",
                                name,
                                "mobile",
                                mobile,
                                "password",
                                "correct-horse"));
        assertThat(registration.status()).as(registration.toString()).isEqualTo(201);
        return Api.as(port, mobile, "correct-horse");
    }

    private static Map<String, Object> complete(String name) {
        return Api.map(
                "name", name,
                "email", "ann@example.com",
                "jobTitle", "Office manager",
                "birthday", "1990-04-12",
                "gender", "FEMALE",
                "interests", List.of("FITNESS", "DINING"));
    }

    private static long memberId(Api member) {
        return Long.parseLong(
                member.get("/api/v1/me/profile").json().get("memberId").asString());
    }

    private static List<String> missing(JsonNode profile) {
        List<String> missing = new ArrayList<>();
        profile.get("missing").forEach(field -> missing.add(field.asString()));
        return missing;
    }

    @Test
    void aRenameOnTheProfileRenamesTheSignInAccount() {
        Api member = registered("Dana Old");
        assertThat(member.put("/api/v1/me/profile", Api.map("name", "Dana New")).status())
                .isEqualTo(200);

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                member.get("/api/v1/me").json().get("name").asString())
                        .isEqualTo("Dana New"));
    }

    @Test
    void aNewMembersProfileListsWhatItStillNeeds() {
        Api member = registered("Ann New");

        Api.Response response = member.get("/api/v1/me/profile");

        assertThat(response.status()).isEqualTo(200);
        JsonNode profile = response.json();
        assertThat(profile.get("name").asString()).isEqualTo("Ann New");
        assertThat(profile.get("complete").asBoolean()).isFalse();
        assertThat(missing(profile)).containsExactly("email", "jobTitle", "birthday", "interests");
        assertThat(profile.get("completedAt").isNull()).isTrue();
        assertThat(profile.get("interests")).isEmpty();
    }

    @Test
    void savedFieldsComeBackAndTheMissingListShrinks() {
        Api member = registered("Ann Partial");

        Api.Response saved = member.put(
                "/api/v1/me/profile",
                Api.map("name", "  Ann Partial  ", "email", "ann@example.com", "jobTitle", "Office manager"));
        JsonNode read = member.get("/api/v1/me/profile").json();

        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json()).isEqualTo(read);
        assertThat(read.get("name").asString()).isEqualTo("Ann Partial");
        assertThat(read.get("email").asString()).isEqualTo("ann@example.com");
        assertThat(read.get("jobTitle").asString()).isEqualTo("Office manager");
        assertThat(missing(read)).containsExactly("birthday", "interests");

        JsonNode more = member.put(
                        "/api/v1/me/profile",
                        Api.map(
                                "name", "Ann Partial",
                                "email", "ann@example.com",
                                "jobTitle", "Office manager",
                                "birthday", "1990-04-12",
                                "gender", "UNDISCLOSED",
                                "interests", List.of("TECH", "tech", "ARTS")))
                .json();

        assertThat(missing(more)).isEmpty();
        assertThat(more.get("birthday").asString()).isEqualTo("1990-04-12");
        assertThat(more.get("gender").asString()).isEqualTo("UNDISCLOSED");
        assertThat(more.get("interests").valueStream().map(JsonNode::asString)).containsExactly("TECH", "ARTS");
        assertThat(member.get("/api/v1/me/profile").json()).isEqualTo(more);
    }

    @Test
    void completingTheProfilePublishesOnceAndLaterSavesNever() {
        Api member = registered("Ann Complete");
        long memberId = memberId(member);
        Instant at = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        clock.pin(at);

        JsonNode completed =
                member.put("/api/v1/me/profile", complete("Ann Complete")).json();

        assertThat(completed.get("complete").asBoolean()).isTrue();
        assertThat(missing(completed)).isEmpty();
        assertThat(Instant.parse(completed.get("completedAt").asString())).isEqualTo(at);
        assertThat(completions.of(memberId)).singleElement().satisfies(event -> {
            assertThat(event.occurredAt()).isEqualTo(at);
            assertThat(event.operatorId())
                    .isEqualTo(Long.parseLong(
                            member.get("/api/v1/me").json().get("operatorId").asString()));
        });

        clock.pin(at.plus(Duration.ofHours(1)));
        Map<String, Object> edited = complete("Ann Complete");
        edited.put("jobTitle", "Head of office");
        JsonNode again = member.put("/api/v1/me/profile", edited).json();
        Map<String, Object> cleared = complete("Ann Complete");
        cleared.put("interests", List.of());
        JsonNode incomplete = member.put("/api/v1/me/profile", cleared).json();
        JsonNode refilled =
                member.put("/api/v1/me/profile", complete("Ann Complete")).json();

        assertThat(again.get("jobTitle").asString()).isEqualTo("Head of office");
        assertThat(incomplete.get("complete").asBoolean()).isFalse();
        assertThat(missing(incomplete)).containsExactly("interests");
        assertThat(refilled.get("complete").asBoolean()).isTrue();
        for (JsonNode profile : List.of(again, incomplete, refilled)) {
            assertThat(Instant.parse(profile.get("completedAt").asString())).isEqualTo(at);
        }
        assertThat(completions.of(memberId)).hasSize(1);
    }

    @Test
    void racingCompletingSavesPublishOnce() throws Exception {
        Api member = registered("Ann Racing");
        long memberId = memberId(member);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(() ->
                    member.put("/api/v1/me/profile", complete("Ann Racing")).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : pool.invokeAll(racers)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(statuses).containsOnly(200);
        assertThat(completions.of(memberId)).hasSize(1);
    }

    @Test
    void invalidFieldsAreNamedAndNothingIsSaved() {
        Api member = registered("Ann Invalid");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

        Api.Response format = member.put(
                "/api/v1/me/profile", Api.map("name", " ", "email", "not-an-email", "jobTitle", "x".repeat(101)));
        Api.Response rules = member.put(
                "/api/v1/me/profile",
                Api.map(
                        "name",
                        "Ann Invalid",
                        "birthday",
                        today.plusDays(2).toString(),
                        "gender",
                        "OTHER",
                        "interests",
                        List.of("FITNESS", "KARAOKE")));
        Api.Response tooOld =
                member.put("/api/v1/me/profile", Api.map("name", "Ann Invalid", "birthday", "1899-12-31"));
        Api.Response tooMany = member.put(
                "/api/v1/me/profile",
                Api.map(
                        "name",
                        "Ann Invalid",
                        "interests",
                        List.of(
                                "FITNESS",
                                "DINING",
                                "TRAVEL",
                                "PARENTING",
                                "TECH",
                                "ARTS",
                                "FINANCE",
                                "HEALTH",
                                "TECH")));
        Api.Response notADate =
                member.put("/api/v1/me/profile", Api.map("name", "Ann Invalid", "birthday", "1990-13-40"));

        assertThat(format.fieldErrors()).containsExactlyInAnyOrder("name", "email", "jobTitle");
        assertThat(rules.fieldErrors()).containsExactlyInAnyOrder("birthday", "gender", "interests");
        assertThat(rules.json().get("errors").toString()).contains("Choose interests from the list.");
        assertThat(tooOld.fieldErrors()).containsExactly("birthday");
        assertThat(tooMany.fieldErrors()).containsExactly("interests");
        assertThat(notADate.fieldErrors()).containsExactly("birthday");
        JsonNode unchanged = member.get("/api/v1/me/profile").json();
        assertThat(unchanged.get("birthday").isNull()).isTrue();
        assertThat(unchanged.get("interests")).isEmpty();
        assertThat(missing(unchanged)).containsExactly("email", "jobTitle", "birthday", "interests");
    }

    @Test
    void theProfileBelongsToMembersOnly() {
        for (String staff : List.of("admin", "staff", "ent-admin")) {
            Api api = Api.as(port, staff);

            assertThat(api.get("/api/v1/me/profile").status()).as(staff).isEqualTo(403);
            assertThat(api.put("/api/v1/me/profile", complete("Staff")).status())
                    .as(staff)
                    .isEqualTo(403);
        }
        assertThat(Api.anonymous(port).get("/api/v1/me/profile").status()).isEqualTo(401);
    }

    @Test
    void eachMemberSeesOnlyTheirOwnProfileWhateverTheOperator() {
        Api ann = registered("Ann Own");
        ann.put("/api/v1/me/profile", complete("Ann Own"));

        JsonNode harbor = Api.as(port, "mall-member").get("/api/v1/me/profile").json();

        assertThat(harbor.get("name").asString()).isEqualTo("林海 Lin Hai");
        assertThat(harbor.get("memberId").asString()).isNotEqualTo(Long.toString(memberId(ann)));
        assertThat(harbor.get("jobTitle").isNull()).isTrue();
    }
}
