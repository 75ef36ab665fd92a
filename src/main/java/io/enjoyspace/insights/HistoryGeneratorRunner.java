package io.enjoyspace.insights;

import java.time.Clock;
import java.time.LocalDate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The history generator as a command: with the profile {@code generate} the application generates the history the
 * {@code generate.*} properties describe into its database, prints one line per operator, and exits.
 */
@Component
@Profile("generate")
@Order(1000)
class HistoryGeneratorRunner implements ApplicationRunner {

    private final HistoryGenerator generator;
    private final ConfigurableApplicationContext context;
    private final HistoryGenerator.Plan plan;

    HistoryGeneratorRunner(
            HistoryGenerator generator,
            ConfigurableApplicationContext context,
            Clock clock,
            @Value("${generate.code:gen}") String code,
            @Value("${generate.operators:1}") int operators,
            @Value("${generate.sites:3}") int sites,
            @Value("${generate.enterprises:200}") int enterprises,
            @Value("${generate.members:10000}") int members,
            @Value("${generate.months:12}") int months,
            @Value("${generate.sessions-per-member-month:1.0}") double sessions,
            @Value("${generate.seed:42}") long seed,
            @Value("${generate.last-day:}") String lastDay,
            @Value("${generate.admin-password:generated}") String adminPassword) {
        this.generator = generator;
        this.context = context;
        this.plan = new HistoryGenerator.Plan(
                code,
                operators,
                sites,
                enterprises,
                members,
                months,
                sessions,
                seed,
                lastDay.isBlank() ? LocalDate.now(clock).minusDays(1) : LocalDate.parse(lastDay),
                adminPassword);
    }

    @Override
    public void run(ApplicationArguments args) {
        for (HistoryGenerator.Generated generated : generator.generate(plan)) {
            System.out.printf(
                    "generated operator=%s id=%d admin=%s members=%d facts=%d%n",
                    generated.code(),
                    generated.operatorId(),
                    generated.adminUsername(),
                    generated.members(),
                    generated.facts());
        }
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
