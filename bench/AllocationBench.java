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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 32 clients allocating points from one enterprise pool at once, over HTTP, against a running EnjoySpace with the demo
 * data: the hottest account there is. Prints throughput, latency percentiles and errors.
 * Usage: java bench/AllocationBench.java http://localhost:8080 [clients] [seconds]
 */
public class AllocationBench {

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String suffix = Long.toString(System.currentTimeMillis() % 1_000_000);

        String admin = token(base, "admin", "demo");
        // Let the operator fund a large pool in one adjustment.
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
        List<String> employees = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String mobile = "199" + String.format("%04d%04d", Integer.parseInt(suffix) % 10000, i);
            send(base, "POST", "/api/v1/registrations", null, null,
                    "{\"invitationCode\":\"" + code + "\",\"name\":\"Bench " + i + "\",\"mobile\":\"" + mobile
                            + "\",\"password\":\"correct-horse\"}");
            employees.add(field(send(base, "GET", "/api/v1/me", token(base, mobile, "correct-horse"), null, null), "memberId"));
        }
        send(base, "POST", "/api/v1/points/adjustments", admin, UUID.randomUUID().toString(),
                "{\"enterpriseId\":\"" + enterpriseId + "\",\"points\":100000000,\"reason\":\"Benchmark pool\"}");
        String companyAdmin = token(base, "bench-" + suffix, "correct-horse");

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String employee = employees.get(c);
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = status(base, companyAdmin,
                                "{\"grants\":[{\"memberId\":\"" + employee + "\",\"points\":1}]}");
                    } catch (Exception e) {
                        status = -1;
                    }
                    long took = System.nanoTime() - start;
                    if (start >= warmupEnd) {
                        if (status == 201) {
                            latencies.add(took);
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
        double perSecond = sorted.size() / (double) seconds;
        System.out.printf("allocations_per_second %.1f%n", perSecond);
        System.out.printf("p50_ms %.1f%n", percentile(sorted, 0.50));
        System.out.printf("p99_ms %.1f%n", percentile(sorted, 0.99));
        System.out.printf("errors %d%n", errors.get());
        System.out.printf("clients %d seconds %d allocations %d%n", clients, seconds, sorted.size());
    }

    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1_000_000.0;
    }

    static int status(String base, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/enterprise/points/allocations"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
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
