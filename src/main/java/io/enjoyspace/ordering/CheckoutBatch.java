package io.enjoyspace.ordering;

import io.enjoyspace.points.PointsLedger;
import io.enjoyspace.points.PointsSpends;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.GroupCommit;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.TransactionLocks;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.wallet.InsufficientWalletBalanceException;
import io.enjoyspace.wallet.MemberWallets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Places and pays the checkouts that arrive together in one transaction and a few statements per step, each order
 * still its own order under its own key: the same rows, events and answers as {@link CheckoutDesk} gives one checkout
 * at a time. An order refused by what can be checked before anything is written (its shape, member, prices, points
 * unit and share) gets its error while the others go ahead. One refused by what only the writing finds out (a coupon,
 * an allowance, a balance that falls short) throws {@link Retry}: the caller rolls the batch back and places its orders
 * one by one, so every order gets exactly the answer it would have had alone.
 */
@Component
class CheckoutBatch {

    /** An order of the batch can only be refused after the batch has written: place the batch's orders one by one. */
    static final class Retry extends RuntimeException {

        Retry(String why, Throwable cause) {
            super(why, cause);
        }
    }

    private final JdbcClient jdbc;
    private final Members members;
    private final ObjectProvider<MemberPerks> perks;
    private final BasketPricing pricing;
    private final CheckoutPolicies policies;
    private final Discounts discounts;
    private final PointsSpends spends;
    private final MemberWallets wallets;
    private final OrderPayments payments;
    private final OrderSales sales;
    private final Orders orders;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final tools.jackson.databind.ObjectMapper json;

    CheckoutBatch(
            JdbcClient jdbc,
            Members members,
            ObjectProvider<MemberPerks> perks,
            BasketPricing pricing,
            CheckoutPolicies policies,
            Discounts discounts,
            PointsSpends spends,
            MemberWallets wallets,
            OrderPayments payments,
            OrderSales sales,
            Orders orders,
            ApplicationEventPublisher events,
            Clock clock,
            tools.jackson.databind.ObjectMapper json) {
        this.jdbc = jdbc;
        this.members = members;
        this.perks = perks;
        this.pricing = pricing;
        this.policies = policies;
        this.discounts = discounts;
        this.spends = spends;
        this.wallets = wallets;
        this.payments = payments;
        this.sales = sales;
        this.orders = orders;
        this.events = events;
        this.clock = clock;
        this.json = json;
    }

    /** An order of the batch as it is built up. */
    private static final class Draft {

        final int index;
        final CheckoutDesk.PlaceOrder command;
        final Member member;
        final MemberPerks.Perks perks;
        final List<BasketPricing.PricedLine> priced;
        final Long providerId;
        final Money total;
        long orderId;
        Discounts.Applied applied;
        long pointsValue;
        long moneyMinor;
        PaymentMethod method;
        Long pointsTransactionId;

        Draft(
                int index,
                CheckoutDesk.PlaceOrder command,
                Member member,
                MemberPerks.Perks perks,
                List<BasketPricing.PricedLine> priced,
                Long providerId,
                Money total) {
            this.index = index;
            this.command = command;
            this.member = member;
            this.perks = perks;
            this.priced = priced;
            this.providerId = providerId;
            this.total = total;
        }

        OrderLifecycle.By by() {
            return command.channel() == Order.Channel.FRONT_DESK
                    ? OrderLifecycle.By.staff(command.userId())
                    : OrderLifecycle.By.member(member.id());
        }
    }

    private record Earlier(String hash, long orderId) {}

    /**
     * Places and pays {@code commands} (one operator's, each with {@code payNow}) in the caller's transaction; the
     * answers in the same order.
     */
    List<GroupCommit.Answer<CheckoutDesk.Placed>> placeAll(long operatorId, List<CheckoutDesk.PlaceOrder> commands) {
        int count = commands.size();
        List<GroupCommit.Answer<CheckoutDesk.Placed>> answers =
                new ArrayList<>(java.util.Collections.nCopies(count, null));
        TransactionLocks.lockAll(
                jdbc, commands.stream().map(CheckoutDesk::lockName).toList());
        Instant now = clock.instant();
        String[] fingerprints = new String[count];
        Map<List<Object>, Earlier> earlier = earlierResults(operatorId, commands);
        Map<List<Object>, Integer> firstWithKey = new HashMap<>();
        Map<Integer, Integer> sameKeyAs = new LinkedHashMap<>();
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CheckoutDesk.PlaceOrder command = commands.get(i);
            fingerprints[i] = command.fingerprint();
            List<Object> key =
                    List.of(command.userId(), command.idempotencyKey().value());
            Earlier before = earlier.get(key);
            if (before != null) {
                answers.set(
                        i,
                        before.hash().equals(fingerprints[i])
                                ? GroupCommit.Answer.of(
                                        new CheckoutDesk.Placed(orders.get(operatorId, before.orderId()), true))
                                : GroupCommit.Answer.failed(idempotencyConflict()));
            } else if (firstWithKey.containsKey(key)) {
                sameKeyAs.put(i, firstWithKey.get(key));
            } else {
                firstWithKey.put(key, i);
                fresh.add(i);
            }
        }

        CheckoutPolicy policy = policies.get(operatorId);
        Map<Long, Member> buyers = members.byIds(
                operatorId,
                fresh.stream().map(i -> commands.get(i).memberId()).distinct().toList());
        MemberPerks memberPerks = perks.getIfAvailable(() -> (operator, member) -> MemberPerks.Perks.NONE);
        Map<Long, MemberPerks.Perks> perksOf = memberPerks.ofAll(operatorId, buyers.keySet());
        BasketPricing.Memo memo = new BasketPricing.Memo();
        List<Draft> drafts = new ArrayList<>();
        for (int i : fresh) {
            CheckoutDesk.PlaceOrder command = commands.get(i);
            try {
                CheckoutDesk.validateShape(command);
                Member member = buyers.get(command.memberId());
                if (member == null) {
                    throw new NotFoundException();
                }
                MemberPerks.Perks perksOfMember = perksOf.getOrDefault(member.id(), MemberPerks.Perks.NONE);
                List<BasketPricing.PricedLine> priced = pricing.price(command, member, perksOfMember.tierCode(), memo);
                Long providerId = pricing.providerOf(operatorId, priced, memo);
                Money total = priced.stream()
                        .map(BasketPricing.PricedLine::lineTotal)
                        .reduce(Money::plus)
                        .orElseThrow();
                // Discounts only lower what is payable, so points refused on the total are refused on any payable.
                CheckoutDesk.pointsValue(command, policy, total);
                drafts.add(new Draft(i, command, member, perksOfMember, priced, providerId, total));
            } catch (InvalidInputException | NotFoundException e) {
                answers.set(i, GroupCommit.Answer.failed(e));
            }
        }
        if (!drafts.isEmpty()) {
            write(operatorId, drafts, policy, now, fingerprints);
            Map<Long, Order> placed = new HashMap<>();
            orders.byIds(operatorId, drafts.stream().map(draft -> draft.orderId).toList())
                    .forEach(order -> placed.put(order.id(), order));
            publish(operatorId, drafts, placed, now);
            for (Draft draft : drafts) {
                answers.set(
                        draft.index, GroupCommit.Answer.of(new CheckoutDesk.Placed(placed.get(draft.orderId), false)));
            }
        }
        sameKeyAs.forEach((i, first) -> {
            GroupCommit.Answer<CheckoutDesk.Placed> firstAnswer = answers.get(first);
            if (!fingerprints[i].equals(fingerprints[first])) {
                answers.set(i, GroupCommit.Answer.failed(idempotencyConflict()));
            } else if (firstAnswer.error() != null) {
                answers.set(i, firstAnswer);
            } else {
                answers.set(
                        i,
                        GroupCommit.Answer.of(
                                new CheckoutDesk.Placed(firstAnswer.result().order(), true)));
            }
        });
        return answers;
    }

    private static ConflictException idempotencyConflict() {
        return new ConflictException("order.idempotencyConflict", "key used for another request");
    }

    private Map<List<Object>, Earlier> earlierResults(long operatorId, List<CheckoutDesk.PlaceOrder> commands) {
        Map<List<Object>, Earlier> found = new HashMap<>();
        jdbc.sql("""
                        select r.user_id, r.idempotency_key, r.request_hash, r.order_id from order_request r
                        join unnest(cast(:users as bigint[]), cast(:keys as text[])) as k (user_id, idempotency_key)
                          on k.user_id = r.user_id and k.idempotency_key = r.idempotency_key
                        where r.operator_id = :operatorId
                        """)
                .param("operatorId", operatorId)
                .param(
                        "users",
                        commands.stream().map(CheckoutDesk.PlaceOrder::userId).toArray(Long[]::new))
                .param(
                        "keys",
                        commands.stream()
                                .map(command -> command.idempotencyKey().value())
                                .toArray(String[]::new))
                .query(rs -> {
                    found.put(
                            List.of(rs.getLong("user_id"), rs.getString("idempotency_key")),
                            new Earlier(rs.getString("request_hash"), rs.getLong("order_id")));
                });
        return found;
    }

    /** Writes every draft's order, lines, discounts, payments, points spend, steps and key; pays them all. */
    private void write(long operatorId, List<Draft> drafts, CheckoutPolicy policy, Instant now, String[] fingerprints) {
        int count = drafts.size();
        List<Long> ids = jdbc.sql("select nextval(pg_get_serial_sequence('service_order', 'id'))"
                        + " from generate_series(1, :count)")
                .param("count", count)
                .query(Long.class)
                .list();
        for (int k = 0; k < count; k++) {
            drafts.get(k).orderId = ids.get(k);
        }
        insertOrders(operatorId, drafts, now);
        insertLines(operatorId, drafts);

        for (Draft draft : drafts) {
            CheckoutDesk.PlaceOrder command = draft.command;
            try {
                draft.applied = discounts.apply(new DiscountBasket(
                        operatorId,
                        draft.orderId,
                        draft.member.id(),
                        draft.member.enterpriseId(),
                        draft.member.siteId(),
                        CheckoutDesk.discountLines(draft.priced),
                        command.couponCodes(),
                        command.useAllowances(),
                        now));
                if (draft.applied.withoutPoints() && command.pointsToUse() > 0) {
                    throw new InvalidInputException("pointsToUse", "coupons.pointsNotAllowed");
                }
                long payable = draft.applied.remainingMinor();
                draft.pointsValue =
                        CheckoutDesk.pointsValue(command, policy, Money.of(payable, draft.total.currency()));
                draft.moneyMinor = payable - draft.pointsValue;
                draft.method = CheckoutDesk.methodFor(command, draft.member, draft.moneyMinor);
                if (draft.method == PaymentMethod.WALLET
                        && draft.moneyMinor > 0
                        && wallets.balance(operatorId, draft.member.id()).amountMinor() < draft.moneyMinor) {
                    throw new InvalidInputException("paymentMethod", "order.wallet.insufficient");
                }
            } catch (RuntimeException e) {
                throw new Retry("order " + draft.index + " of the batch is refused after writing", e);
            }
        }
        insertPayments(operatorId, drafts);

        List<Draft> spending =
                drafts.stream().filter(draft -> draft.command.pointsToUse() > 0).toList();
        List<PointsLedger.Spent> spent = spends.spendAll(
                operatorId,
                spending.stream()
                        .map(draft -> new PointsSpends.MemberSpend(
                                "order:" + draft.orderId + ":points",
                                draft.member.id(),
                                draft.command.pointsToUse(),
                                "ORDER_PAYMENT",
                                "ORDER",
                                Long.toString(draft.orderId)))
                        .toList());
        for (int k = 0; k < spending.size(); k++) {
            if (spent.get(k).error() != null) {
                throw new Retry("a member's points fall short", spent.get(k).error());
            }
            spending.get(k).pointsTransactionId = spent.get(k).transaction().id();
        }

        pay(operatorId, drafts, now);
        insertStepsAndKeys(operatorId, drafts, now, fingerprints);
        charge(operatorId, drafts, now);
        sales.queueAll(operatorId, drafts.stream().map(draft -> draft.orderId).toList());
    }

    private void insertOrders(long operatorId, List<Draft> drafts, Instant now) {
        jdbc.sql("""
                        insert into service_order (id, operator_id, member_id, enterprise_id, status, payment_method,
                                                   total_minor, currency, placed_at, channel, placed_by, points_used,
                                                   provider_id, priority)
                        overriding system value
                        select id, :operatorId, member_id, enterprise_id, 'PLACED', method, total, currency, :now,
                               channel, placed_by, points, provider_id, priority
                        from unnest(cast(:ids as bigint[]), cast(:members as bigint[]), cast(:enterprises as bigint[]),
                                    cast(:methods as text[]), cast(:totals as bigint[]), cast(:currencies as text[]),
                                    cast(:channels as text[]), cast(:placedBy as bigint[]), cast(:points as bigint[]),
                                    cast(:providers as bigint[]), cast(:priorities as boolean[]))
                             as v (id, member_id, enterprise_id, method, total, currency, channel, placed_by, points,
                                   provider_id, priority)
                        """)
                .param("operatorId", operatorId)
                .param("now", Timestamp.from(now))
                .param("ids", drafts.stream().map(draft -> draft.orderId).toArray(Long[]::new))
                .param(
                        "members",
                        drafts.stream().map(draft -> draft.member.id()).toArray(Long[]::new))
                .param(
                        "enterprises",
                        drafts.stream()
                                .map(draft -> draft.member.enterpriseId())
                                .toArray(Long[]::new))
                .param(
                        "methods",
                        drafts.stream()
                                .map(draft -> draft.command.paymentMethod().name())
                                .toArray(String[]::new))
                .param(
                        "totals",
                        drafts.stream().map(draft -> draft.total.amountMinor()).toArray(Long[]::new))
                .param(
                        "currencies",
                        drafts.stream().map(draft -> draft.total.currency()).toArray(String[]::new))
                .param(
                        "channels",
                        drafts.stream()
                                .map(draft -> draft.command.channel().name())
                                .toArray(String[]::new))
                .param(
                        "placedBy",
                        drafts.stream().map(draft -> draft.command.userId()).toArray(Long[]::new))
                .param(
                        "points",
                        drafts.stream()
                                .map(draft -> draft.command.pointsToUse())
                                .toArray(Long[]::new))
                .param(
                        "providers",
                        drafts.stream().map(draft -> draft.providerId).toArray(Long[]::new))
                .param(
                        "priorities",
                        drafts.stream()
                                .map(draft -> draft.perks.priorityService())
                                .toArray(Boolean[]::new))
                .update();
    }

    private void insertLines(long operatorId, List<Draft> drafts) {
        List<Long> orderIds = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        List<Long> offerings = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Long> unitPrices = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        List<String> breakdowns = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        List<String> ends = new ArrayList<>();
        List<Long> providers = new ArrayList<>();
        for (Draft draft : drafts) {
            for (int i = 0; i < draft.priced.size(); i++) {
                BasketPricing.PricedLine line = draft.priced.get(i);
                orderIds.add(draft.orderId);
                numbers.add(i + 1);
                offerings.add(line.offering().id());
                names.add(line.offering().name());
                unitPrices.add(line.quote().unitPriceMinor());
                quantities.add(line.quantity());
                totals.add(line.lineTotal().amountMinor());
                breakdowns.add(json.writeValueAsString(line.quote()));
                starts.add(
                        line.line().startsAt() == null
                                ? null
                                : line.line().startsAt().toString());
                ends.add(
                        line.line().endsAt() == null
                                ? null
                                : line.line().endsAt().toString());
                providers.add(line.offering().providerId());
            }
        }
        jdbc.sql("""
                        insert into order_line (operator_id, order_id, line_number, offering_id, offering_name,
                                                unit_price_minor, quantity, line_total_minor, price_breakdown,
                                                starts_at, ends_at, provider_id)
                        select :operatorId, order_id, line_number, offering_id, offering_name, unit_price, quantity,
                               line_total, cast(breakdown as jsonb), starts_at, ends_at, provider_id
                        from unnest(cast(:orders as bigint[]), cast(:numbers as integer[]), cast(:offerings as bigint[]),
                                    cast(:names as text[]), cast(:unitPrices as bigint[]), cast(:quantities as integer[]),
                                    cast(:totals as bigint[]), cast(:breakdowns as text[]),
                                    cast(:starts as timestamptz[]), cast(:ends as timestamptz[]),
                                    cast(:providers as bigint[]))
                             as v (order_id, line_number, offering_id, offering_name, unit_price, quantity, line_total,
                                   breakdown, starts_at, ends_at, provider_id)
                        """)
                .param("operatorId", operatorId)
                .param("orders", orderIds.toArray(Long[]::new))
                .param("numbers", numbers.toArray(Integer[]::new))
                .param("offerings", offerings.toArray(Long[]::new))
                .param("names", names.toArray(String[]::new))
                .param("unitPrices", unitPrices.toArray(Long[]::new))
                .param("quantities", quantities.toArray(Integer[]::new))
                .param("totals", totals.toArray(Long[]::new))
                .param("breakdowns", breakdowns.toArray(String[]::new))
                .param("starts", starts.toArray(String[]::new))
                .param("ends", ends.toArray(String[]::new))
                .param("providers", providers.toArray(Long[]::new))
                .update();
    }

    private void insertPayments(long operatorId, List<Draft> drafts) {
        List<Long> orderIds = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        List<Long> points = new ArrayList<>();
        for (Draft draft : drafts) {
            if (draft.moneyMinor > 0) {
                orderIds.add(draft.orderId);
                methods.add(draft.method.name());
                amounts.add(draft.moneyMinor);
                points.add(0L);
            }
            if (draft.command.pointsToUse() > 0) {
                orderIds.add(draft.orderId);
                methods.add(PaymentMethod.POINTS.name());
                amounts.add(draft.pointsValue);
                points.add(draft.command.pointsToUse());
            }
        }
        if (orderIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into order_payment (operator_id, order_id, method, amount_minor, points)
                        select :operatorId, order_id, method, amount, points
                        from unnest(cast(:orders as bigint[]), cast(:methods as text[]), cast(:amounts as bigint[]),
                                    cast(:points as bigint[])) as v (order_id, method, amount, points)
                        """)
                .param("operatorId", operatorId)
                .param("orders", orderIds.toArray(Long[]::new))
                .param("methods", methods.toArray(String[]::new))
                .param("amounts", amounts.toArray(Long[]::new))
                .param("points", points.toArray(Long[]::new))
                .update();
    }

    /** What the insert could not know yet (discounts, method, the points spend) and the payment, in one update. */
    private void pay(long operatorId, List<Draft> drafts, Instant now) {
        int paid = jdbc.sql("""
                        update service_order o
                        set total_minor = v.payable, discount_minor = v.discount, payment_method = v.method,
                            points_transaction_id = v.spent, status = 'PAID', paid_at = :now, version = o.version + 1
                        from unnest(cast(:ids as bigint[]), cast(:payables as bigint[]), cast(:discounts as bigint[]),
                                    cast(:methods as text[]), cast(:spent as bigint[]))
                             as v (id, payable, discount, method, spent)
                        where o.operator_id = :operatorId and o.id = v.id and o.status = 'PLACED'
                        """)
                .param("operatorId", operatorId)
                .param("now", Timestamp.from(now))
                .param("ids", drafts.stream().map(draft -> draft.orderId).toArray(Long[]::new))
                .param(
                        "payables",
                        drafts.stream()
                                .map(draft -> draft.applied.remainingMinor())
                                .toArray(Long[]::new))
                .param(
                        "discounts",
                        drafts.stream()
                                .map(draft -> draft.applied.discountMinor())
                                .toArray(Long[]::new))
                .param(
                        "methods",
                        drafts.stream().map(draft -> draft.method.name()).toArray(String[]::new))
                .param(
                        "spent",
                        drafts.stream().map(draft -> draft.pointsTransactionId).toArray(Long[]::new))
                .update();
        if (paid != drafts.size()) {
            throw new IllegalStateException("paid " + paid + " of " + drafts.size() + " orders just placed");
        }
    }

    /** Each order's two steps (placed, paid) and the key that replays it. */
    private void insertStepsAndKeys(long operatorId, List<Draft> drafts, Instant now, String[] fingerprints) {
        List<Long> orderIds = new ArrayList<>();
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<Long> actors = new ArrayList<>();
        for (Draft draft : drafts) {
            OrderLifecycle.By by = draft.by();
            orderIds.add(draft.orderId);
            from.add(null);
            to.add(OrderStatus.PLACED.name());
            kinds.add(by.kind().name());
            actors.add(by.id());
            orderIds.add(draft.orderId);
            from.add(OrderStatus.PLACED.name());
            to.add(OrderStatus.PAID.name());
            kinds.add(by.kind().name());
            actors.add(by.id());
        }
        jdbc.sql("""
                        insert into order_step (operator_id, order_id, from_status, to_status, actor_kind, actor_id,
                                                occurred_at)
                        select :operatorId, order_id, from_status, to_status, actor_kind, actor_id, :now
                        from unnest(cast(:orders as bigint[]), cast(:from as text[]), cast(:to as text[]),
                                    cast(:kinds as text[]), cast(:actors as bigint[]))
                             with ordinality as v (order_id, from_status, to_status, actor_kind, actor_id, n)
                        order by n
                        """)
                .param("operatorId", operatorId)
                .param("now", Timestamp.from(now))
                .param("orders", orderIds.toArray(Long[]::new))
                .param("from", from.toArray(String[]::new))
                .param("to", to.toArray(String[]::new))
                .param("kinds", kinds.toArray(String[]::new))
                .param("actors", actors.toArray(Long[]::new))
                .update();
        jdbc.sql("""
                        insert into order_request (operator_id, user_id, idempotency_key, request_hash, order_id,
                                                   created_at)
                        select :operatorId, user_id, idempotency_key, request_hash, order_id, :now
                        from unnest(cast(:users as bigint[]), cast(:keys as text[]), cast(:hashes as text[]),
                                    cast(:orders as bigint[])) as v (user_id, idempotency_key, request_hash, order_id)
                        """)
                .param("operatorId", operatorId)
                .param("now", Timestamp.from(now))
                .param(
                        "users",
                        drafts.stream().map(draft -> draft.command.userId()).toArray(Long[]::new))
                .param(
                        "keys",
                        drafts.stream()
                                .map(draft -> draft.command.idempotencyKey().value())
                                .toArray(String[]::new))
                .param(
                        "hashes",
                        drafts.stream().map(draft -> fingerprints[draft.index]).toArray(String[]::new))
                .param("orders", drafts.stream().map(draft -> draft.orderId).toArray(Long[]::new))
                .update();
    }

    /** The money part: on the company's bill in one insert, or from each member's wallet. */
    private void charge(long operatorId, List<Draft> drafts, Instant now) {
        List<Draft> billed = drafts.stream()
                .filter(draft -> draft.method == PaymentMethod.ENTERPRISE_BILLING && draft.moneyMinor > 0)
                .toList();
        if (!billed.isEmpty()) {
            jdbc.sql("""
                            insert into enterprise_charge (operator_id, enterprise_id, order_id, amount_minor, currency,
                                                           billing_month, created_at, kind)
                            select :operatorId, enterprise_id, order_id, amount, currency, :month, :now, 'CHARGE'
                            from unnest(cast(:enterprises as bigint[]), cast(:orders as bigint[]),
                                        cast(:amounts as bigint[]), cast(:currencies as text[]))
                                 as v (enterprise_id, order_id, amount, currency)
                            """)
                    .param("operatorId", operatorId)
                    .param("month", payments.billingMonth(operatorId, now))
                    .param("now", Timestamp.from(now))
                    .param(
                            "enterprises",
                            billed.stream()
                                    .map(draft -> draft.member.enterpriseId())
                                    .toArray(Long[]::new))
                    .param("orders", billed.stream().map(draft -> draft.orderId).toArray(Long[]::new))
                    .param(
                            "amounts",
                            billed.stream().map(draft -> draft.moneyMinor).toArray(Long[]::new))
                    .param(
                            "currencies",
                            billed.stream().map(draft -> draft.total.currency()).toArray(String[]::new))
                    .update();
        }
        for (Draft draft : drafts) {
            if (draft.method == PaymentMethod.WALLET && draft.moneyMinor > 0) {
                try {
                    wallets.pay(
                            operatorId,
                            draft.member.id(),
                            Money.of(draft.moneyMinor, draft.total.currency()),
                            new IdempotencyKey("order:" + draft.orderId),
                            "ORDER",
                            Long.toString(draft.orderId));
                } catch (InsufficientWalletBalanceException e) {
                    throw new Retry("a wallet falls short", e);
                }
            }
        }
    }

    /** What checkout publishes for each order, placed then paid: the moves and the payments as one event each. */
    private void publish(long operatorId, List<Draft> drafts, Map<Long, Order> placed, Instant now) {
        List<OrderStatusChanged> moves = new ArrayList<>();
        List<OrderPaid> paid = new ArrayList<>();
        for (Draft draft : drafts) {
            Order order = placed.get(draft.orderId);
            events.publishEvent(new OrderPlaced(
                    operatorId,
                    order.id(),
                    order.memberId(),
                    order.enterpriseId(),
                    order.total().amountMinor(),
                    order.total().currency(),
                    order.paymentMethod(),
                    now));
            moves.add(new OrderStatusChanged(
                    operatorId,
                    order.id(),
                    order.memberId(),
                    order.providerId(),
                    order.providerId(),
                    OrderStatus.PLACED,
                    OrderStatus.PAID,
                    draft.by().kind().name(),
                    null,
                    now));
            paid.add(new OrderPaid(
                    operatorId,
                    order.id(),
                    order.memberId(),
                    order.enterpriseId(),
                    order.providerId(),
                    order.total().amountMinor(),
                    order.moneyPaid().amountMinor(),
                    order.pointsUsed(),
                    order.total().currency(),
                    order.paymentMethod(),
                    order.lines().stream()
                            .map(Order.Line::offeringId)
                            .distinct()
                            .toList(),
                    now));
        }
        events.publishEvent(new OrderStatusChanges(operatorId, moves));
        events.publishEvent(new OrdersPaid(operatorId, paid));
    }
}
