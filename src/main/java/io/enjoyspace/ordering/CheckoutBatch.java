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
        // The keys' locks and an order id for every request, in one statement (ids a refused request leaves unused are
        // only a gap in the sequence).
        List<Long> ids = jdbc.sql("""
                        select nextval(pg_get_serial_sequence('service_order', 'id'))
                        from generate_series(1, :count),
                             (select count(pg_advisory_xact_lock(id)) as locked
                              from (select id from unnest(cast(:locks as bigint[])) with ordinality as l (id, n)
                                    order by n) as sorted) as locks
                        """)
                .param("count", count)
                .param(
                        "locks",
                        TransactionLocks.lockIds(
                                commands.stream().map(CheckoutDesk::lockName).toList()))
                .query(Long.class)
                .list();
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
            Map<Long, Order> placed = new HashMap<>();
            for (int k = 0; k < drafts.size(); k++) {
                drafts.get(k).orderId = ids.get(k);
            }
            write(operatorId, drafts, policy, now, fingerprints).forEach(order -> placed.put(order.id(), order));
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

    /**
     * Writes every draft's order, lines, discounts, points spend, payments, steps and key, and pays them all: the orders
     * as they are now.
     */
    private List<Order> write(
            long operatorId, List<Draft> drafts, CheckoutPolicy policy, Instant now, String[] fingerprints) {
        try {
            List<Discounts.Applied> applied = discounts.applyAll(drafts.stream()
                    .map(draft -> new DiscountBasket(
                            operatorId,
                            draft.orderId,
                            draft.member.id(),
                            draft.member.enterpriseId(),
                            draft.member.siteId(),
                            CheckoutDesk.discountLines(draft.priced),
                            draft.command.couponCodes(),
                            draft.command.useAllowances(),
                            now))
                    .toList());
            for (int k = 0; k < drafts.size(); k++) {
                Draft draft = drafts.get(k);
                CheckoutDesk.PlaceOrder command = draft.command;
                draft.applied = applied.get(k);
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
            }
        } catch (RuntimeException e) {
            throw new Retry("an order of the batch is refused after writing", e);
        }

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
        payFromWallets(operatorId, drafts);
        return insertPaid(operatorId, drafts, now, fingerprints);
    }

    /**
     * Writes the orders, already paid, in one statement: each order once (discounts, method and points spend known),
     * its lines, the payment split, its two steps (placed, paid), the key that replays it, the company's charge and
     * the sale queued for the catalog's popularity. Answers the orders as written.
     */
    private List<Order> insertPaid(long operatorId, List<Draft> drafts, Instant now, String[] fingerprints) {
        Map<Long, List<Order.Line>> lines = new HashMap<>();
        Map<Long, List<Order.Payment>> split = new HashMap<>();
        List<Long> paymentOrders = new ArrayList<>();
        List<String> paymentMethods = new ArrayList<>();
        List<Long> paymentAmounts = new ArrayList<>();
        List<Long> paymentPoints = new ArrayList<>();
        List<Long> stepOrders = new ArrayList<>();
        List<String> stepFrom = new ArrayList<>();
        List<String> stepTo = new ArrayList<>();
        List<String> stepKinds = new ArrayList<>();
        List<Long> stepActors = new ArrayList<>();
        List<Draft> billed = new ArrayList<>();
        List<Long> lineOrders = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<Long> lineOfferings = new ArrayList<>();
        List<String> lineNames = new ArrayList<>();
        List<Long> lineUnitPrices = new ArrayList<>();
        List<Integer> lineQuantities = new ArrayList<>();
        List<Long> lineTotals = new ArrayList<>();
        List<String> lineBreakdowns = new ArrayList<>();
        List<String> lineStarts = new ArrayList<>();
        List<String> lineEnds = new ArrayList<>();
        List<Long> lineProviders = new ArrayList<>();
        for (Draft draft : drafts) {
            String currency = draft.total.currency();
            List<Order.Line> written = new ArrayList<>();
            for (int i = 0; i < draft.priced.size(); i++) {
                BasketPricing.PricedLine line = draft.priced.get(i);
                lineOrders.add(draft.orderId);
                lineNumbers.add(i + 1);
                lineOfferings.add(line.offering().id());
                lineNames.add(line.offering().name());
                lineUnitPrices.add(line.quote().unitPriceMinor());
                lineQuantities.add(line.quantity());
                lineTotals.add(line.lineTotal().amountMinor());
                lineBreakdowns.add(json.writeValueAsString(line.quote()));
                lineStarts.add(
                        line.line().startsAt() == null
                                ? null
                                : line.line().startsAt().toString());
                lineEnds.add(
                        line.line().endsAt() == null
                                ? null
                                : line.line().endsAt().toString());
                lineProviders.add(line.offering().providerId());
                written.add(new Order.Line(
                        i + 1,
                        line.offering().id(),
                        line.offering().name(),
                        Money.of(line.quote().unitPriceMinor(), currency),
                        line.quantity(),
                        line.lineTotal()));
            }
            lines.put(draft.orderId, written);
            List<Order.Payment> payments = new ArrayList<>();
            if (draft.moneyMinor > 0) {
                payments.add(new Order.Payment(
                        draft.method, Money.of(draft.moneyMinor, currency), 0, Money.of(0, currency), 0));
            }
            if (draft.command.pointsToUse() > 0) {
                payments.add(new Order.Payment(
                        PaymentMethod.POINTS,
                        Money.of(draft.pointsValue, currency),
                        draft.command.pointsToUse(),
                        Money.of(0, currency),
                        0));
            }
            // As the orders read them back: by method.
            payments.sort(
                    java.util.Comparator.comparing(payment -> payment.method().name()));
            split.put(draft.orderId, payments);
            for (Order.Payment payment : payments) {
                paymentOrders.add(draft.orderId);
                paymentMethods.add(payment.method().name());
                paymentAmounts.add(payment.amount().amountMinor());
                paymentPoints.add(payment.points());
            }
            OrderLifecycle.By by = draft.by();
            stepOrders.add(draft.orderId);
            stepFrom.add(null);
            stepTo.add(OrderStatus.PLACED.name());
            stepKinds.add(by.kind().name());
            stepActors.add(by.id());
            stepOrders.add(draft.orderId);
            stepFrom.add(OrderStatus.PLACED.name());
            stepTo.add(OrderStatus.PAID.name());
            stepKinds.add(by.kind().name());
            stepActors.add(by.id());
            if (draft.method == PaymentMethod.ENTERPRISE_BILLING && draft.moneyMinor > 0) {
                billed.add(draft);
            }
        }
        Map<String, Object> params = new HashMap<>();
        params.put("operatorId", operatorId);
        params.put("now", Timestamp.from(now));
        params.put("ids", drafts.stream().map(draft -> draft.orderId).toArray(Long[]::new));
        params.put("members", drafts.stream().map(draft -> draft.member.id()).toArray(Long[]::new));
        params.put(
                "enterprises",
                drafts.stream().map(draft -> draft.member.enterpriseId()).toArray(Long[]::new));
        params.put(
                "currencies",
                drafts.stream().map(draft -> draft.total.currency()).toArray(String[]::new));
        params.put(
                "channels",
                drafts.stream().map(draft -> draft.command.channel().name()).toArray(String[]::new));
        params.put(
                "placedBy", drafts.stream().map(draft -> draft.command.userId()).toArray(Long[]::new));
        params.put(
                "points",
                drafts.stream().map(draft -> draft.command.pointsToUse()).toArray(Long[]::new));
        params.put("providers", drafts.stream().map(draft -> draft.providerId).toArray(Long[]::new));
        params.put(
                "priorities",
                drafts.stream().map(draft -> draft.perks.priorityService()).toArray(Boolean[]::new));
        params.put("lineOrders", lineOrders.toArray(Long[]::new));
        params.put("lineNumbers", lineNumbers.toArray(Integer[]::new));
        params.put("lineOfferings", lineOfferings.toArray(Long[]::new));
        params.put("lineNames", lineNames.toArray(String[]::new));
        params.put("lineUnitPrices", lineUnitPrices.toArray(Long[]::new));
        params.put("lineQuantities", lineQuantities.toArray(Integer[]::new));
        params.put("lineTotals", lineTotals.toArray(Long[]::new));
        params.put("lineBreakdowns", lineBreakdowns.toArray(String[]::new));
        params.put("lineStarts", lineStarts.toArray(String[]::new));
        params.put("lineEnds", lineEnds.toArray(String[]::new));
        params.put("lineProviders", lineProviders.toArray(Long[]::new));
        params.put(
                "payables",
                drafts.stream().map(draft -> draft.applied.remainingMinor()).toArray(Long[]::new));
        params.put(
                "discounts",
                drafts.stream().map(draft -> draft.applied.discountMinor()).toArray(Long[]::new));
        params.put("methods", drafts.stream().map(draft -> draft.method.name()).toArray(String[]::new));
        params.put(
                "spent", drafts.stream().map(draft -> draft.pointsTransactionId).toArray(Long[]::new));
        params.put("paymentOrders", paymentOrders.toArray(Long[]::new));
        params.put("paymentMethods", paymentMethods.toArray(String[]::new));
        params.put("paymentAmounts", paymentAmounts.toArray(Long[]::new));
        params.put("paymentPoints", paymentPoints.toArray(Long[]::new));
        params.put("stepOrders", stepOrders.toArray(Long[]::new));
        params.put("stepFrom", stepFrom.toArray(String[]::new));
        params.put("stepTo", stepTo.toArray(String[]::new));
        params.put("stepKinds", stepKinds.toArray(String[]::new));
        params.put("stepActors", stepActors.toArray(Long[]::new));
        params.put("users", drafts.stream().map(draft -> draft.command.userId()).toArray(Long[]::new));
        params.put(
                "keys",
                drafts.stream()
                        .map(draft -> draft.command.idempotencyKey().value())
                        .toArray(String[]::new));
        params.put(
                "hashes",
                drafts.stream().map(draft -> fingerprints[draft.index]).toArray(String[]::new));
        params.put("month", payments.billingMonth(operatorId, now));
        params.put(
                "billedCompanies",
                billed.stream().map(draft -> draft.member.enterpriseId()).toArray(Long[]::new));
        params.put("billedOrders", billed.stream().map(draft -> draft.orderId).toArray(Long[]::new));
        params.put(
                "billedAmounts", billed.stream().map(draft -> draft.moneyMinor).toArray(Long[]::new));
        params.put(
                "billedCurrencies",
                billed.stream().map(draft -> draft.total.currency()).toArray(String[]::new));
        List<Order> paid = orders.returned("""
                with paid as (
                    insert into service_order (id, operator_id, member_id, enterprise_id, status, payment_method,
                                               total_minor, discount_minor, currency, placed_at, paid_at, channel,
                                               placed_by, points_used, points_transaction_id, provider_id, priority,
                                               version)
                    overriding system value
                    select id, :operatorId, member_id, enterprise_id, 'PAID', method, payable, discount, currency,
                           :now, :now, channel, placed_by, points, spent, provider_id, priority, 1
                    from unnest(cast(:ids as bigint[]), cast(:members as bigint[]), cast(:enterprises as bigint[]),
                                cast(:methods as text[]), cast(:payables as bigint[]), cast(:discounts as bigint[]),
                                cast(:currencies as text[]), cast(:channels as text[]), cast(:placedBy as bigint[]),
                                cast(:points as bigint[]), cast(:spent as bigint[]), cast(:providers as bigint[]),
                                cast(:priorities as boolean[]))
                         as v (id, member_id, enterprise_id, method, payable, discount, currency, channel, placed_by,
                               points, spent, provider_id, priority)
                    returning *
                ), lines as (
                    insert into order_line (operator_id, order_id, line_number, offering_id, offering_name,
                                            unit_price_minor, quantity, line_total_minor, price_breakdown, starts_at,
                                            ends_at, provider_id)
                    select :operatorId, order_id, line_number, offering_id, offering_name, unit_price, quantity,
                           line_total, cast(breakdown as jsonb), starts_at, ends_at, provider_id
                    from unnest(cast(:lineOrders as bigint[]), cast(:lineNumbers as integer[]),
                                cast(:lineOfferings as bigint[]), cast(:lineNames as text[]),
                                cast(:lineUnitPrices as bigint[]), cast(:lineQuantities as integer[]),
                                cast(:lineTotals as bigint[]), cast(:lineBreakdowns as text[]),
                                cast(:lineStarts as timestamptz[]), cast(:lineEnds as timestamptz[]),
                                cast(:lineProviders as bigint[]))
                         as v (order_id, line_number, offering_id, offering_name, unit_price, quantity, line_total,
                               breakdown, starts_at, ends_at, provider_id)
                ), split as (
                    insert into order_payment (operator_id, order_id, method, amount_minor, points)
                    select :operatorId, order_id, method, amount, points
                    from unnest(cast(:paymentOrders as bigint[]), cast(:paymentMethods as text[]),
                                cast(:paymentAmounts as bigint[]), cast(:paymentPoints as bigint[]))
                         as v (order_id, method, amount, points)
                ), steps as (
                    insert into order_step (operator_id, order_id, from_status, to_status, actor_kind, actor_id,
                                            occurred_at)
                    select :operatorId, order_id, from_status, to_status, actor_kind, actor_id, :now
                    from unnest(cast(:stepOrders as bigint[]), cast(:stepFrom as text[]), cast(:stepTo as text[]),
                                cast(:stepKinds as text[]), cast(:stepActors as bigint[]))
                         with ordinality as v (order_id, from_status, to_status, actor_kind, actor_id, n)
                    order by n
                ), requests as (
                    insert into order_request (operator_id, user_id, idempotency_key, request_hash, order_id,
                                               created_at)
                    select :operatorId, user_id, idempotency_key, request_hash, order_id, :now
                    from unnest(cast(:users as bigint[]), cast(:keys as text[]), cast(:hashes as text[]),
                                cast(:ids as bigint[])) as v (user_id, idempotency_key, request_hash, order_id)
                ), charges as (
                    insert into enterprise_charge (operator_id, enterprise_id, order_id, amount_minor, currency,
                                                   billing_month, created_at, kind)
                    select :operatorId, enterprise_id, order_id, amount, currency, :month, :now, 'CHARGE'
                    from unnest(cast(:billedCompanies as bigint[]), cast(:billedOrders as bigint[]),
                                cast(:billedAmounts as bigint[]), cast(:billedCurrencies as text[]))
                         as v (enterprise_id, order_id, amount, currency)
                ), sales as (
                    insert into order_sale_pending (operator_id, order_id)
                    select :operatorId, id from unnest(cast(:ids as bigint[])) as id
                )
                select * from paid
                """, params, lines, split);
        if (paid.size() != drafts.size()) {
            throw new IllegalStateException("wrote " + paid.size() + " of " + drafts.size() + " orders");
        }
        return paid;
    }

    /** The money part that members pay from their wallets, one wallet payment each. */
    private void payFromWallets(long operatorId, List<Draft> drafts) {
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
