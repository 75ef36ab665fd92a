import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The points engine over HTTP against a running EnjoySpace with the demo data: single events through the rules
 * engine, batches of events, redemptions, and allocations from one enterprise pool by every client at once (the
 * hottest account there is). Prints throughput, latency percentiles and errors per scenario.
 * Usage: java bench/PointsBench.java http://localhost:8080 events|batch|redeem|allocate [clients] [seconds]
 * With {@code setup-events}, {@code setup-redeem} or {@code setup-allocate} instead, it only prepares the scenario and
 * prints TOKEN, MEMBERS and TYPE as shell assignments, for a lighter load generator (bench/wrk) to drive.
 */
public class PointsBench {

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        boolean setupOnly = args[1].startsWith("setup-");
        String scenario = setupOnly ? args[1].substring("setup-".length()) : args[1];
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        String admin = token(base, "admin", "demo");
        List<String> members = new ArrayList<>();
        Matcher ids = Pattern.compile("\"id\"\\s*:\\s*\"(\\d+)\"").matcher(send(base, "GET", "/api/v1/members?size=200", admin, null, null));
        while (ids.find()) {
            members.add(ids.group(1));
        }
        String type = "bench.purchase" + (System.currentTimeMillis() % 100000);
        String suffix = Long.toString(System.currentTimeMillis() % 1_000_000);
        String companyAdmin = null;
        String coffee = null;
        switch (scenario) {
            case "events", "batch" -> {
                send(base, "POST", "/api/v1/event-types", admin, null,
                        "{\"code\":\"" + type + "\",\"name\":\"Bench purchase\"}");
                send(base, "POST", "/api/v1/rules", admin, null,
                        "{\"name\":\"Bench " + type + "\",\"eventType\":\"" + type + "\",\"action\":\"PER_YUAN\","
                                + "\"rate\":1,\"condition\":\"attributes.amount >= 1\"}");
            }
            case "redeem" -> {
                send(base, "PUT", "/api/v1/points/policy", admin, null,
                        "{\"transfersEnabled\":true,\"transferMaxPoints\":10000,\"transferDailyMaxPoints\":20000,"
                                + "\"reversalPolicy\":\"CLAW_BACK_AVAILABLE\",\"adjustmentLimitStaff\":500,"
                                + "\"adjustmentLimitAdmin\":1000000000}");
                for (String member : members) {
                    send(base, "POST", "/api/v1/points/adjustments", admin, UUID.randomUUID().toString(),
                            "{\"memberId\":\"" + member + "\",\"points\":10000000,\"reason\":\"Benchmark balance\"}");
                }
            }
            case "allocate" -> {
                // A company with one employee per client, and a pool funded by the operator in one adjustment.
                send(base, "PUT", "/api/v1/points/policy", admin, null,
                        "{\"transfersEnabled\":true,\"transferMaxPoints\":10000,\"transferDailyMaxPoints\":20000,"
                                + "\"reversalPolicy\":\"CLAW_BACK_AVAILABLE\",\"adjustmentLimitStaff\":500,"
                                + "\"adjustmentLimitAdmin\":1000000000}");
                String siteId = field(send(base, "GET", "/api/v1/sites", admin, null, null), "id");
                String company = send(base, "POST", "/api/v1/enterprises", admin, null,
                        "{\"siteId\":\"" + siteId + "\",\"name\":\"Bench Co " + suffix + "\",\"industry\":\"Benchmarks\","
                                + "\"headcount\":50,\"leaseMonthlyRentMinor\":100,\"leaseStartsOn\":\"2026-01-01\","
                                + "\"leaseEndsOn\":\"2030-12-31\"}");
                String enterpriseId = field(company, "id");
                String code = field(company, "invitationCode");
                send(base, "POST", "/api/v1/staff", admin, null,
                        "{\"username\":\"bench-" + suffix + "\",\"displayName\":\"Bench\",\"password\":\"correct-horse\","
                                + "\"role\":\"ENTERPRISE_ADMIN\",\"enterpriseId\":\"" + enterpriseId + "\"}");
                members.clear();
                for (int i = 0; i < clients; i++) {
                    String mobile = "199" + String.format("%04d%04d", Integer.parseInt(suffix) % 10000, i);
                    send(base, "POST", "/api/v1/registrations", null, null,
                            "{\"invitationCode\":\"" + code + "\",\"name\":\"Bench " + i + "\",\"mobile\":\"" + mobile
                                    + "\",\"password\":\"correct-horse\"}");
                    members.add(field(send(base, "GET", "/api/v1/me", token(base, mobile, "correct-horse"), null, null),
                            "memberId"));
                }
                send(base, "POST", "/api/v1/points/adjustments", admin, UUID.randomUUID().toString(),
                        "{\"enterpriseId\":\"" + enterpriseId + "\",\"points\":100000000,\"reason\":\"Benchmark pool\"}");
                companyAdmin = token(base, "bench-" + suffix, "correct-horse");
            }
            case "checkout" -> {
                // A company whose employees order coffee at the front desk, each paying 10 yuan of it in points.
                send(base, "PUT", "/api/v1/points/policy", admin, null,
                        "{\"transfersEnabled\":true,\"transferMaxPoints\":10000,\"transferDailyMaxPoints\":20000,"
                                + "\"reversalPolicy\":\"CLAW_BACK_AVAILABLE\",\"adjustmentLimitStaff\":500,"
                                + "\"adjustmentLimitAdmin\":1000000000}");
                String siteId = field(send(base, "GET", "/api/v1/sites", admin, null, null), "id");
                String company = send(base, "POST", "/api/v1/enterprises", admin, null,
                        "{\"siteId\":\"" + siteId + "\",\"name\":\"Checkout Co " + suffix + "\",\"industry\":\"Benchmarks\","
                                + "\"headcount\":50,\"leaseMonthlyRentMinor\":100,\"leaseStartsOn\":\"2026-01-01\","
                                + "\"leaseEndsOn\":\"2030-12-31\"}");
                String code = field(company, "invitationCode");
                members.clear();
                for (int i = 0; i < 64; i++) {
                    String mobile = "198" + String.format("%04d%04d", Integer.parseInt(suffix) % 10000, i);
                    send(base, "POST", "/api/v1/registrations", null, null,
                            "{\"invitationCode\":\"" + code + "\",\"name\":\"Buyer " + i + "\",\"mobile\":\"" + mobile
                                    + "\",\"password\":\"correct-horse\"}");
                    String member = field(send(base, "GET", "/api/v1/me", token(base, mobile, "correct-horse"), null, null),
                            "memberId");
                    members.add(member);
                    send(base, "POST", "/api/v1/points/adjustments", admin, UUID.randomUUID().toString(),
                            "{\"memberId\":\"" + member + "\",\"points\":100000000,\"reason\":\"Benchmark balance\"}");
                }
                coffee = field(send(base, "GET", "/api/v1/catalog/offerings?q=Afternoon%20coffee%20set", admin, null, null), "id");
            }
            case "mall" -> {
                // Members who each sign in and redeem from the points mall themselves: one reward with a large stock.
                send(base, "PUT", "/api/v1/points/policy", admin, null,
                        "{\"transfersEnabled\":true,\"transferMaxPoints\":10000,\"transferDailyMaxPoints\":20000,"
                                + "\"reversalPolicy\":\"CLAW_BACK_AVAILABLE\",\"adjustmentLimitStaff\":500,"
                                + "\"adjustmentLimitAdmin\":1000000000}");
                String siteId = field(send(base, "GET", "/api/v1/sites", admin, null, null), "id");
                String company = send(base, "POST", "/api/v1/enterprises", admin, null,
                        "{\"siteId\":\"" + siteId + "\",\"name\":\"Mall Co " + suffix + "\",\"industry\":\"Benchmarks\","
                                + "\"headcount\":50,\"leaseMonthlyRentMinor\":100,\"leaseStartsOn\":\"2026-01-01\","
                                + "\"leaseEndsOn\":\"2030-12-31\"}");
                String code = field(company, "invitationCode");
                members.clear();
                List<String> tokens = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    String mobile = "197" + String.format("%04d%04d", Integer.parseInt(suffix) % 10000, i);
                    send(base, "POST", "/api/v1/registrations", null, null,
                            "{\"invitationCode\":\"" + code + "\",\"name\":\"Shopper " + i + "\",\"mobile\":\"" + mobile
                                    + "\",\"password\":\"correct-horse\"}");
                    String memberToken = token(base, mobile, "correct-horse");
                    String member = field(send(base, "GET", "/api/v1/me", memberToken, null, null), "memberId");
                    members.add(member);
                    tokens.add(memberToken);
                    send(base, "POST", "/api/v1/points/adjustments", admin, UUID.randomUUID().toString(),
                            "{\"memberId\":\"" + member + "\",\"points\":100000000,\"reason\":\"Benchmark balance\"}");
                }
                coffee = field(send(base, "POST", "/api/v1/rewards", admin, null,
                        "{\"name\":\"Bench mug " + suffix + "\",\"category\":\"Bench\",\"kind\":\"GIFT\","
                                + "\"delivery\":\"PICKUP\",\"pickupLocation\":\"Desk\",\"pointsPrice\":10,"
                                + "\"stock\":" + System.getProperty("mall.stock", "1000000") + "}"), "id");
                companyAdmin = String.join(",", tokens);
            }
            default -> throw new IllegalArgumentException("scenario: events, batch, redeem, allocate, checkout or mall");
        }

        if (setupOnly) {
            System.out.println("TOKEN=" + (companyAdmin != null ? companyAdmin : admin));
            System.out.println("MEMBERS=" + String.join(",", members));
            System.out.println("TYPE=" + (coffee != null ? coffee : type));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        AtomicLong units = new AtomicLong();
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> running = new ArrayList<>();
        String poolAdmin = companyAdmin;
        for (int c = 0; c < clients; c++) {
            String employee = members.get(c % members.size());
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    HttpRequest request;
                    int perRequest = 1;
                    int expected = 201;
                    switch (scenario) {
                        case "events" -> request = post(base, "/api/v1/events", admin, UUID.randomUUID().toString(),
                                event(null, type, members.get(random.nextInt(members.size())), random));
                        case "batch" -> {
                            StringBuilder body = new StringBuilder("{\"events\":[");
                            for (int i = 0; i < BATCH; i++) {
                                body.append(i == 0 ? "" : ",")
                                        .append(event(UUID.randomUUID().toString(), type,
                                                members.get(random.nextInt(members.size())), random));
                            }
                            request = post(base, "/api/v1/events/batch", admin, null, body.append("]}").toString());
                            perRequest = BATCH;
                            expected = 200;
                        }
                        case "allocate" -> request = post(base, "/api/v1/enterprise/points/allocations", poolAdmin,
                                UUID.randomUUID().toString(),
                                "{\"grants\":[{\"memberId\":\"" + employee + "\",\"points\":1}]}");
                        default -> request = post(base, "/api/v1/points/redemptions", admin, UUID.randomUUID().toString(),
                                "{\"memberId\":\"" + members.get(random.nextInt(members.size())) + "\",\"points\":1}");
                    }
                    long start = System.nanoTime();
                    int status;
                    String body = "";
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        status = response.statusCode();
                        body = response.body();
                    } catch (Exception e) {
                        status = -1;
                    }
                    long took = System.nanoTime() - start;
                    if (start >= warmupEnd) {
                        boolean ok = status == expected && (!scenario.equals("batch") || body.contains("\"rejected\":0"));
                        if (ok) {
                            latencies.add(took);
                            units.addAndGet(perRequest);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        String unit = switch (scenario) {
            case "events" -> "awards";
            case "batch" -> "batched_events";
            case "allocate" -> "allocations";
            default -> "redemptions";
        };
        System.out.printf("%s_per_second %.1f%n", unit, units.get() / (double) seconds);
        System.out.printf("%s_p50_ms %.1f%n", scenario, percentile(sorted, 0.50));
        System.out.printf("%s_p99_ms %.1f%n", scenario, percentile(sorted, 0.99));
        System.out.printf("%s_errors %d%n", scenario, errors.get());
        System.out.printf("%s_clients %d seconds %d requests %d members %d%n", scenario, clients, seconds, sorted.size(), members.size());
    }

    static String event(String id, String type, String member, ThreadLocalRandom random) {
        return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"type\":\"" + type + "\",\"memberId\":\"" + member
                + "\",\"attributes\":{\"amount\":" + (1 + random.nextInt(500)) + ".50,\"channel\":\"bench\"}}";
    }

    static HttpRequest post(String base, String path, String token, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.build();
    }

    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1_000_000.0;
    }

    static String token(String base, String username, String password) throws Exception {
        return field(send(base, "POST", "/api/v1/auth/token", null, null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"), "accessToken");
    }

    static String send(String base, String method, String path, String token, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }
}
