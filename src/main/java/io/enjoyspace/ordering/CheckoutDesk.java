package io.enjoyspace.ordering;

import io.enjoyspace.points.Account;
import io.enjoyspace.points.Hold;
import io.enjoyspace.points.InsufficientPointsException;
import io.enjoyspace.points.PointsHolds;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.GroupCommit;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.TransactionLocks;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.wallet.MemberWallets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a member's basket into an order. The idempotency key makes a retried checkout return the first order; a
 * different basket under the same key is refused. Requests with one key are serialised by a transaction-scoped
 * advisory lock, so two racing retries can never create two orders.
 */
@Service
public class CheckoutDesk implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CheckoutDesk.class);
    static final int MAX_BATCH = 64;

    static final int MAX_LINES = 20;
    static final int MAX_QUANTITY = 99;

    private final JdbcClient jdbc;
    private final Members members;
    private final Operators operators;
    private final Orders orders;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CheckoutPolicies policies;
    private final PointsHolds holds;
    private final io.enjoyspace.points.PointsSpends spends;
    private final OrderPayments payments;
    private final MemberWallets wallets;
    private final BasketPricing pricing;
    private final CheckoutBatch batch;
    private final TransactionTemplate transaction;
    private final boolean groupCommit;
    private final GroupCommit<PlaceOrder, Placed> group =
            new GroupCommit<>("checkout-writer", 1, MAX_BATCH, this::placeWaiting);
    private final tools.jackson.databind.ObjectMapper json;
    private final Discounts discounts;
    private final org.springframework.beans.factory.ObjectProvider<MemberPerks> perks;

    CheckoutDesk(
            JdbcClient jdbc,
            Members members,
            Operators operators,
            Orders orders,
            ApplicationEventPublisher events,
            Clock clock,
            CheckoutPolicies policies,
            PointsHolds holds,
            io.enjoyspace.points.PointsSpends spends,
            OrderPayments payments,
            MemberWallets wallets,
            BasketPricing pricing,
            CheckoutBatch batch,
            TransactionTemplate transaction,
            @Value("${enjoyspace.ordering.checkout-group-commit:true}") boolean groupCommit,
            tools.jackson.databind.ObjectMapper json,
            Discounts discounts,
            org.springframework.beans.factory.ObjectProvider<MemberPerks> perks) {
        this.discounts = discounts;
        this.perks = perks;
        this.wallets = wallets;
        this.pricing = pricing;
        this.batch = batch;
        this.transaction = transaction;
        this.groupCommit = groupCommit;
        this.json = json;
        this.policies = policies;
        this.holds = holds;
        this.spends = spends;
        this.payments = payments;
        this.jdbc = jdbc;
        this.members = members;
        this.operators = operators;
        this.orders = orders;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A basket to buy. {@code paymentMethod} pays what {@code pointsToUse} leave; {@code payNow} pays at once (the
     * usual case), otherwise the order waits, its points held, until {@link OrderPayments#pay} or the payment timeout.
     * {@code userId} is whoever places it: the member, or front-desk staff on the member's behalf ({@code channel}).
     */
    public record PlaceOrder(
            long operatorId,
            long userId,
            long memberId,
            IdempotencyKey idempotencyKey,
            List<Line> lines,
            PaymentMethod paymentMethod,
            long pointsToUse,
            boolean payNow,
            Order.Channel channel,
            List<String> couponCodes,
            boolean useAllowances) {

        public PlaceOrder {
            couponCodes = couponCodes == null
                    ? List.of()
                    : couponCodes.stream()
                            .filter(code -> code != null && !code.isBlank())
                            .map(String::strip)
                            .distinct()
                            .toList();
        }

        public PlaceOrder(
                long operatorId,
                long userId,
                long memberId,
                IdempotencyKey idempotencyKey,
                List<Line> lines,
                PaymentMethod paymentMethod,
                long pointsToUse,
                boolean payNow,
                Order.Channel channel) {
            this(
                    operatorId,
                    userId,
                    memberId,
                    idempotencyKey,
                    lines,
                    paymentMethod,
                    pointsToUse,
                    payNow,
                    channel,
                    List.of(),
                    true);
        }

        public PlaceOrder(
                long operatorId,
                long userId,
                long memberId,
                IdempotencyKey idempotencyKey,
                List<Line> lines,
                PaymentMethod paymentMethod) {
            this(operatorId, userId, memberId, idempotencyKey, lines, paymentMethod, 0, true, Order.Channel.ONLINE);
        }

        /** One offering; {@code startsAt} and {@code endsAt} price a time-based offering (per hour, peak bands). */
        public record Line(long offeringId, int quantity, Instant startsAt, Instant endsAt) {

            public Line(long offeringId, int quantity) {
                this(offeringId, quantity, null, null);
            }
        }

        String fingerprint() {
            return IdempotencyKey.fingerprint(paymentMethod + "|" + pointsToUse + "|" + payNow + "|" + memberId + "|"
                    + couponCodes + "|" + useAllowances + "|"
                    + lines.stream()
                            .map(line -> line.offeringId() + "x" + line.quantity() + "@" + line.startsAt() + "-"
                                    + line.endsAt())
                            .collect(Collectors.joining(",")));
        }
    }

    /** The order, and whether this call created it or replayed an earlier one. */
    public record Placed(Order order, boolean replayed) {}

    /**
     * Places the order, and pays it when asked. Checkouts paid at once that arrive together are written together by one
     * writer ({@link CheckoutBatch}), each still its own order with its own answer; in a caller's transaction, or when
     * the order waits for payment, it is placed alone in the caller's thread.
     */
    public Placed place(PlaceOrder command) {
        if (!command.payNow() || !group.isRunning() || TransactionSynchronizationManager.isActualTransactionActive()) {
            return placeAlone(command);
        }
        return group.submit(command, () -> placeAlone(command));
    }

    private List<GroupCommit.Answer<Placed>> placeWaiting(List<PlaceOrder> commands) {
        return GroupCommit.byKey(commands, PlaceOrder::operatorId, (operatorId, mine) -> {
            try {
                return transaction.execute(status -> batch.placeAll(operatorId, mine));
            } catch (RuntimeException e) {
                if (!(e instanceof CheckoutBatch.Retry)) {
                    log.warn("A checkout batch of {} orders failed; placing them one by one", mine.size(), e);
                }
                return mine.stream().map(this::answerAlone).toList();
            }
        });
    }

    private GroupCommit.Answer<Placed> answerAlone(PlaceOrder command) {
        try {
            return GroupCommit.Answer.of(placeAlone(command));
        } catch (RuntimeException e) {
            return GroupCommit.Answer.failed(e);
        }
    }

    @Override
    public void start() {
        if (groupCommit) {
            group.start();
        }
    }

    @Override
    public void stop() {
        group.stop();
    }

    @Override
    public boolean isRunning() {
        return group.isRunning();
    }

    /** The advisory lock that serialises the requests made with one idempotency key. */
    static String lockName(PlaceOrder command) {
        return "order|" + command.operatorId() + "|" + command.userId() + "|"
                + command.idempotencyKey().value();
    }

    private Placed placeAlone(PlaceOrder command) {
        return transaction.execute(status -> placeInTransaction(command));
    }

    private Placed placeInTransaction(PlaceOrder command) {
        TransactionLocks.lock(jdbc, lockName(command));
        String fingerprint = command.fingerprint();
        Optional<Placed> earlier = earlierResult(command, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        validateShape(command);
        Member member = members.get(command.operatorId(), command.memberId());
        MemberPerks.Perks memberPerks = perks.getIfAvailable(() -> (operatorId, memberId) -> MemberPerks.Perks.NONE)
                .of(command.operatorId(), member.id());
        BasketPricing.Memo memo = new BasketPricing.Memo();
        List<BasketPricing.PricedLine> priced = pricing.price(command, member, memberPerks.tierCode(), memo);
        Long providerId = pricing.providerOf(command.operatorId(), priced, memo);
        Money total = priced.stream()
                .map(BasketPricing.PricedLine::lineTotal)
                .reduce(Money::plus)
                .orElseThrow();
        CheckoutPolicy policy = policies.get(command.operatorId());
        Instant now = clock.instant();

        long orderId = jdbc.sql("""
                        insert into service_order (operator_id, member_id, enterprise_id, status, payment_method,
                                                   total_minor, currency, placed_at, channel, placed_by, points_used,
                                                   provider_id, priority)
                        values (:operatorId, :memberId, :enterpriseId, 'PLACED', :method, :total, :currency, :now,
                                :channel, :placedBy, :points, :providerId, :priority)
                        returning id
                        """)
                .param("operatorId", command.operatorId())
                .param("memberId", member.id())
                .param("enterpriseId", member.enterpriseId())
                .param("method", command.paymentMethod().name())
                .param("total", total.amountMinor())
                .param("currency", total.currency())
                .param("now", Timestamp.from(now))
                .param("channel", command.channel().name())
                .param("placedBy", command.userId())
                .param("points", command.pointsToUse())
                .param("providerId", providerId)
                .param("priority", memberPerks.priorityService())
                .query(Long.class)
                .single();
        for (int i = 0; i < priced.size(); i++) {
            BasketPricing.PricedLine line = priced.get(i);
            jdbc.sql("""
                            insert into order_line (operator_id, order_id, line_number, offering_id, offering_name,
                                                    unit_price_minor, quantity, line_total_minor, price_breakdown,
                                                    starts_at, ends_at, provider_id)
                            values (:operatorId, :orderId, :lineNumber, :offeringId, :name, :unitPrice, :quantity, :lineTotal,
                                    cast(:breakdown as jsonb), :startsAt, :endsAt, :providerId)
                            """)
                    .param("operatorId", command.operatorId())
                    .param("orderId", orderId)
                    .param("lineNumber", i + 1)
                    .param("offeringId", line.offering().id())
                    .param("name", line.offering().name())
                    .param("unitPrice", line.quote().unitPriceMinor())
                    .param("quantity", line.quantity())
                    .param("lineTotal", line.lineTotal().amountMinor())
                    .param("breakdown", json.writeValueAsString(line.quote()))
                    .param("startsAt", timestamp(line.line().startsAt()))
                    .param("endsAt", timestamp(line.line().endsAt()))
                    .param("providerId", line.offering().providerId())
                    .update();
        }
        Discounts.Applied applied = discounts.apply(new DiscountBasket(
                command.operatorId(),
                orderId,
                member.id(),
                member.enterpriseId(),
                member.siteId(),
                discountLines(priced),
                command.couponCodes(),
                command.useAllowances(),
                now));
        if (applied.withoutPoints() && command.pointsToUse() > 0) {
            throw new InvalidInputException("pointsToUse", "coupons.pointsNotAllowed");
        }
        Money payable = Money.of(applied.remainingMinor(), total.currency());
        long pointsValue = pointsValue(command, policy, payable);
        long moneyMinor = payable.amountMinor() - pointsValue;
        PaymentMethod method = methodFor(command, member, moneyMinor);
        if (method == PaymentMethod.WALLET
                && moneyMinor > 0
                && wallets.balance(command.operatorId(), member.id()).amountMinor() < moneyMinor) {
            throw new InvalidInputException("paymentMethod", "order.wallet.insufficient");
        }
        if (moneyMinor > 0) {
            insertPayment(command.operatorId(), orderId, method, moneyMinor, 0);
        }
        Long pointsTransactionId = null;
        Long pointsHoldId = null;
        if (command.pointsToUse() > 0) {
            insertPayment(command.operatorId(), orderId, PaymentMethod.POINTS, pointsValue, command.pointsToUse());
            try {
                if (command.payNow()) {
                    // Paid in this same transaction: one spend does what a hold and its capture would.
                    long spent = spends.spend(
                                    command.operatorId(),
                                    "order:" + orderId + ":points",
                                    Account.member(member.id()),
                                    command.pointsToUse(),
                                    "ORDER_PAYMENT",
                                    "ORDER",
                                    Long.toString(orderId))
                            .id();
                    pointsTransactionId = spent;
                } else {
                    Hold hold = holds.hold(
                            command.operatorId(),
                            "order:" + orderId,
                            Account.member(member.id()),
                            command.pointsToUse(),
                            Duration.ofMinutes(policy.paymentTimeoutMinutes()),
                            "ORDER_PAYMENT",
                            "ORDER",
                            Long.toString(orderId));
                    pointsHoldId = hold.id();
                }
            } catch (InsufficientPointsException e) {
                throw new InvalidInputException("pointsToUse", "order.points.insufficient");
            }
        }
        if (applied.discountMinor() > 0
                || method != command.paymentMethod()
                || pointsTransactionId != null
                || pointsHoldId != null) {
            // What the insert could not know yet, in one update: discounts, the method, the points spend or hold.
            jdbc.sql("""
                            update service_order set total_minor = :payable, discount_minor = :discount,
                                                     payment_method = :method, points_transaction_id = :spent,
                                                     points_hold_id = :hold
                            where operator_id = :operatorId and id = :id
                            """)
                    .param("payable", payable.amountMinor())
                    .param("discount", applied.discountMinor())
                    .param("method", method.name())
                    .param("spent", pointsTransactionId)
                    .param("hold", pointsHoldId)
                    .param("operatorId", command.operatorId())
                    .param("id", orderId)
                    .update();
        }
        jdbc.sql("""
                        insert into order_step (operator_id, order_id, from_status, to_status, actor_kind, actor_id, occurred_at)
                        values (:operatorId, :orderId, null, 'PLACED', :kind, :actorId, :now)
                        """)
                .param("operatorId", command.operatorId())
                .param("orderId", orderId)
                .param("kind", command.channel() == Order.Channel.FRONT_DESK ? "STAFF" : "MEMBER")
                .param("actorId", command.channel() == Order.Channel.FRONT_DESK ? command.userId() : member.id())
                .param("now", Timestamp.from(now))
                .update();
        jdbc.sql("""
                        insert into order_request (operator_id, user_id, idempotency_key, request_hash, order_id, created_at)
                        values (:operatorId, :userId, :key, :hash, :orderId, :now)
                        """)
                .param("operatorId", command.operatorId())
                .param("userId", command.userId())
                .param("key", command.idempotencyKey().value())
                .param("hash", fingerprint)
                .param("orderId", orderId)
                .param("now", Timestamp.from(now))
                .update();
        events.publishEvent(new OrderPlaced(
                command.operatorId(),
                orderId,
                member.id(),
                member.enterpriseId(),
                payable.amountMinor(),
                payable.currency(),
                method,
                now));
        if (command.payNow()) {
            OrderLifecycle.By by = command.channel() == Order.Channel.FRONT_DESK
                    ? OrderLifecycle.By.staff(command.userId())
                    : OrderLifecycle.By.member(member.id());
            return new Placed(payments.payPlaced(command.operatorId(), orderId, by), false);
        }
        return new Placed(orders.get(command.operatorId(), orderId), false);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private void insertPayment(long operatorId, long orderId, PaymentMethod method, long amountMinor, long points) {
        jdbc.sql("""
                        insert into order_payment (operator_id, order_id, method, amount_minor, points)
                        values (:operatorId, :orderId, :method, :amount, :points)
                        """)
                .param("operatorId", operatorId)
                .param("orderId", orderId)
                .param("method", method.name())
                .param("amount", amountMinor)
                .param("points", points)
                .update();
    }

    /** What the points to use are worth, checked against the operator's unit, rate and maximum share. */
    static long pointsValue(PlaceOrder command, CheckoutPolicy policy, Money total) {
        long points = command.pointsToUse();
        if (points == 0) {
            return 0;
        }
        if (points < 0 || points % policy.pointsMinUnit() != 0 || policy.valueMinor(points) < 0) {
            throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                    "pointsToUse", "order.points.unit", List.of(policy.pointsMinUnit()))));
        }
        long value = policy.valueMinor(points);
        if (value > policy.maxPointsValueMinor(total.amountMinor())) {
            throw new InvalidInputException(List.of(new InvalidInputException.FieldError(
                    "pointsToUse", "order.points.tooMany", List.of(policy.pointsMaxSharePercent()))));
        }
        return value;
    }

    private Optional<Placed> earlierResult(PlaceOrder command, String fingerprint) {
        record Earlier(String hash, long orderId) {}
        return jdbc.sql("""
                        select request_hash, order_id from order_request
                        where operator_id = :operatorId and user_id = :userId and idempotency_key = :key
                        """)
                .param("operatorId", command.operatorId())
                .param("userId", command.userId())
                .param("key", command.idempotencyKey().value())
                .query((rs, row) -> new Earlier(rs.getString("request_hash"), rs.getLong("order_id")))
                .optional()
                .map(earlier -> {
                    if (!earlier.hash().equals(fingerprint)) {
                        throw new ConflictException("order.idempotencyConflict", "key used for another request");
                    }
                    return new Placed(orders.get(command.operatorId(), earlier.orderId()), true);
                });
    }

    static void validateShape(PlaceOrder command) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (command.lines().isEmpty() || command.lines().size() > MAX_LINES) {
            errors.add(new InvalidInputException.FieldError("lines", "order.lineCount"));
        }
        for (int i = 0; i < command.lines().size(); i++) {
            int quantity = command.lines().get(i).quantity();
            if (quantity < 1 || quantity > MAX_QUANTITY) {
                errors.add(new InvalidInputException.FieldError("lines[" + i + "].quantity", "order.quantity.invalid"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /** What pays the money part, or why the basket cannot be paid that way. */
    static PaymentMethod methodFor(PlaceOrder command, Member member, long moneyMinor) {
        PaymentMethod method =
                moneyMinor == 0 && command.pointsToUse() > 0 ? PaymentMethod.POINTS : command.paymentMethod();
        if (method == PaymentMethod.POINTS && moneyMinor > 0) {
            throw new InvalidInputException("paymentMethod", "order.paymentMethod.money");
        }
        if (moneyMinor > 0 && method == PaymentMethod.ENTERPRISE_BILLING && member.enterpriseId() == null) {
            throw new InvalidInputException("paymentMethod", "order.noEnterprise");
        }
        return method;
    }

    /** The priced lines as the discounts see them, each still owing its whole total. */
    static List<DiscountLine> discountLines(List<BasketPricing.PricedLine> priced) {
        List<DiscountLine> lines = new ArrayList<>();
        for (int i = 0; i < priced.size(); i++) {
            BasketPricing.PricedLine line = priced.get(i);
            lines.add(new DiscountLine(
                    i + 1,
                    line.offering().id(),
                    line.offering().categoryId(),
                    line.offering().kind().name(),
                    null,
                    line.quantity(),
                    line.lineTotal().amountMinor(),
                    line.line().startsAt(),
                    line.line().endsAt()));
        }
        return lines;
    }
}
