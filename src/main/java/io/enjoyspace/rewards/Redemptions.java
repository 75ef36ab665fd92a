package io.enjoyspace.rewards;

import io.enjoyspace.points.PointsHolds;
import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.IdempotencyKey;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.InvalidInputException.FieldError;
import io.enjoyspace.shared.Money;
import io.enjoyspace.shared.NotFoundException;
import io.enjoyspace.shared.Rows;
import io.enjoyspace.tenancy.Member;
import io.enjoyspace.tenancy.Members;
import io.enjoyspace.tenancy.Operators;
import io.enjoyspace.wallet.MemberWallets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Redemptions from the mall, two-phase: {@link #redeem} holds the points and reserves the stock; staff then
 * {@link #confirm} (the points are spent; vouchers, coupons, allowance top-ups and rent credits are fulfilled at once)
 * and fulfil ({@link #pickup} with the member's code, or {@link #ship} and {@link #deliver}); or the redemption is
 * {@link #cancel cancelled}, or expires unconfirmed, and the points, the stock and any wallet money go back.
 */
@Service
public class Redemptions {

    private static final Logger log = LoggerFactory.getLogger(Redemptions.class);
    static final int MAX_QUANTITY = 99;

    private final JdbcClient jdbc;
    private final Rewards rewards;
    private final RedemptionDesk desk;
    private final Members members;
    private final Operators operators;
    private final PointsHolds holds;
    private final MemberWallets wallets;
    private final ObjectProvider<RewardEligibility> eligibility;
    private final RewardSegmentLimits segmentLimits;
    private final ObjectProvider<RewardFulfilment> fulfilments;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Redemptions(
            JdbcClient jdbc,
            Rewards rewards,
            RedemptionDesk desk,
            Members members,
            Operators operators,
            PointsHolds holds,
            MemberWallets wallets,
            ObjectProvider<RewardEligibility> eligibility,
            RewardSegmentLimits segmentLimits,
            ObjectProvider<RewardFulfilment> fulfilments,
            ApplicationEventPublisher events,
            TransactionTemplate transaction,
            Clock clock) {
        this.jdbc = jdbc;
        this.rewards = rewards;
        this.desk = desk;
        this.members = members;
        this.operators = operators;
        this.holds = holds;
        this.wallets = wallets;
        this.eligibility = eligibility;
        this.segmentLimits = segmentLimits;
        this.fulfilments = fulfilments;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** A member redeems {@code quantity} of a reward; {@code deliveryAddress} is needed for a delivered gift. */
    public record Redeem(
            long operatorId, long memberId, long rewardId, int quantity, String deliveryAddress, IdempotencyKey key) {

        String fingerprint() {
            return IdempotencyKey.fingerprint(
                    rewardId + "|" + quantity + "|" + (deliveryAddress == null ? "" : deliveryAddress.trim()));
        }
    }

    /** The redemption, and whether this call made it or replayed an earlier one under the same key. */
    public record Redeemed(Redemption redemption, boolean replayed) {}

    public Redeemed redeem(Redeem command) {
        String fingerprint = command.fingerprint();
        Optional<Redemption> earlier = byKey(command.operatorId(), command.memberId(), command.key(), fingerprint);
        if (earlier.isPresent()) {
            return new Redeemed(earlier.get(), true);
        }
        if (command.quantity() < 1 || command.quantity() > MAX_QUANTITY) {
            throw new InvalidInputException(List.of(new FieldError("quantity", "rewards.quantity.invalid")));
        }
        Reward reward = rewards.published(command.operatorId(), command.rewardId());
        String address =
                command.deliveryAddress() == null || command.deliveryAddress().isBlank()
                        ? null
                        : command.deliveryAddress().trim();
        if (reward.delivery() == Delivery.DELIVERY && (address == null || address.length() > 300)) {
            throw new InvalidInputException("deliveryAddress", "rewards.deliveryAddress.required");
        }
        if (reward.delivery() != Delivery.DELIVERY) {
            address = null;
        }
        if (reward.kind().isFulfilledElsewhere() && fulfilment(reward.kind()).isEmpty()) {
            throw new RewardUnavailableException("rewardId", "rewards.kind.unavailable");
        }
        Long enterpriseId = null;
        if (reward.kind() == RewardKind.RENT_CREDIT) {
            Member member = members.get(command.operatorId(), command.memberId());
            if (member.enterpriseId() == null) {
                throw new RewardUnavailableException("rewardId", "rewards.rentCredit.noEnterprise");
            }
            enterpriseId = member.enterpriseId();
        }
        if (!reward.eligibleTiers().isEmpty()) {
            RewardEligibility policy = eligibility.getIfAvailable();
            if (policy != null
                    && !policy.isEligible(command.operatorId(), command.memberId(), reward.eligibleTiers())) {
                throw new RewardUnavailableException("rewardId", "rewards.notEligible");
            }
        }
        if (!segmentLimits.allows(command.operatorId(), reward.id(), command.memberId())) {
            throw new RewardUnavailableException("rewardId", "rewards.notInSegment");
        }
        RedemptionDesk.Reserved reserved = desk.reserve(new RedemptionDesk.Reserve(
                command.operatorId(),
                command.memberId(),
                enterpriseId,
                reward,
                command.quantity(),
                address,
                command.key(),
                fingerprint));
        return new Redeemed(reserved.redemption(), reserved.replayed());
    }

    private Optional<Redemption> byKey(long operatorId, long memberId, IdempotencyKey key, String fingerprint) {
        return jdbc.sql(SELECT
                        + " where operator_id = :operatorId and member_id = :memberId and idempotency_key = :key")
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("key", key.value())
                .query((rs, row) -> {
                    if (!rs.getString("request_hash").equals(fingerprint)) {
                        throw new ConflictException(
                                "rewards.idempotencyConflict", "the key was used for a different redemption");
                    }
                    return map(rs, row);
                })
                .optional();
    }

    private Optional<RewardFulfilment> fulfilment(RewardKind kind) {
        return fulfilments.orderedStream().filter(f -> f.fulfils(kind)).findFirst();
    }

    /** Whether a reward of this kind can be redeemed now (something fulfils it). */
    public boolean isAvailable(RewardKind kind) {
        return !kind.isFulfilledElsewhere() || fulfilment(kind).isPresent();
    }

    /**
     * A member cancels their own reserved redemption (staff may cancel any of the operator's): the points are
     * released, the stock returns, wallet money is refunded. Cancelling twice is harmless; a confirmed one is 409.
     */
    @Transactional
    public Redemption cancel(long operatorId, long redemptionId, Long onlyMemberId, String reason) {
        Redemption redemption = lock(operatorId, redemptionId);
        if (onlyMemberId != null && redemption.memberId() != onlyMemberId) {
            throw new NotFoundException();
        }
        if (redemption.status() == RedemptionStatus.CANCELLED || redemption.status() == RedemptionStatus.EXPIRED) {
            return redemption;
        }
        if (redemption.status() != RedemptionStatus.RESERVED) {
            throw new ConflictException(
                    "rewards.redemption.notCancellable", "only a reserved redemption can be cancelled");
        }
        release(redemption, RedemptionStatus.CANCELLED, reason);
        return find(jdbc, operatorId, redemptionId);
    }

    private void release(Redemption redemption, RedemptionStatus status, String reason) {
        long operatorId = redemption.operatorId();
        holds.release(operatorId, redemption.pointsHoldId());
        jdbc.sql("update reward set stock = stock + :quantity where operator_id = :operatorId and id = :id")
                .param("quantity", redemption.quantity())
                .param("operatorId", operatorId)
                .param("id", redemption.rewardId())
                .update();
        if (redemption.cashMinor() > 0) {
            wallets.refund(
                    operatorId,
                    new IdempotencyKey("reward-redemption:" + redemption.id() + ":refund"),
                    "REWARD_REDEMPTION",
                    Long.toString(redemption.id()),
                    Money.of(redemption.cashMinor(), MemberWallets.CURRENCY));
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        update reward_redemption set status = :status, cancelled_at = :now, cancel_reason = :reason
                        where operator_id = :operatorId and id = :id
                        """)
                .param("status", status.name())
                .param("now", Timestamp.from(now))
                .param("reason", reason == null || reason.isBlank() ? null : truncate(reason.trim(), 300))
                .param("operatorId", operatorId)
                .param("id", redemption.id())
                .update();
        events.publishEvent(new RewardRedemptionCancelled(
                operatorId,
                redemption.memberId(),
                redemption.rewardId(),
                redemption.id(),
                redemption.points(),
                status == RedemptionStatus.EXPIRED,
                now));
    }

    /**
     * Staff confirm a reserved redemption: the points are spent. Vouchers, coupons and allowance top-ups are issued
     * and rent credits land on the company's bill at once (fulfilled); gifts wait for pickup or delivery. Confirming
     * twice is harmless.
     */
    @Transactional
    public Redemption confirm(long operatorId, long redemptionId) {
        Redemption redemption = lock(operatorId, redemptionId);
        if (redemption.status() == RedemptionStatus.CONFIRMED || redemption.status() == RedemptionStatus.FULFILLED) {
            return redemption;
        }
        if (redemption.status() != RedemptionStatus.RESERVED) {
            throw new ConflictException("rewards.redemption.closed", "the redemption was " + redemption.status());
        }
        holds.capture(operatorId, redemption.pointsHoldId(), redemption.points());
        Instant now = clock.instant();
        jdbc.sql("""
                        update reward_redemption set status = 'CONFIRMED', confirmed_at = :now
                        where operator_id = :operatorId and id = :id
                        """)
                .param("now", Timestamp.from(now))
                .param("operatorId", operatorId)
                .param("id", redemptionId)
                .update();
        if (redemption.kind().isFulfilledElsewhere()) {
            Reward reward = rewards.get(operatorId, redemption.rewardId());
            RewardFulfilment fulfilment = fulfilment(redemption.kind())
                    .orElseThrow(() -> new RewardUnavailableException("kind", "rewards.kind.unavailable"));
            fulfilment.fulfil(new RewardFulfilment.Fulfil(
                    operatorId,
                    redemption.memberId(),
                    redemption.id(),
                    redemption.kind(),
                    reward.fulfilmentCode(),
                    redemption.quantity(),
                    "reward-redemption:" + redemption.id()));
            fulfil(redemption, now, null);
        } else if (redemption.kind() == RewardKind.RENT_CREDIT) {
            LocalDate month = LocalDate.ofInstant(now, operators.get(operatorId).timeZone())
                    .withDayOfMonth(1);
            fulfil(redemption, now, month);
        }
        return find(jdbc, operatorId, redemptionId);
    }

    private void fulfil(Redemption redemption, Instant now, LocalDate billingMonth) {
        jdbc.sql("""
                        update reward_redemption set status = 'FULFILLED', fulfilled_at = :now,
                                                     billing_month = :month
                        where operator_id = :operatorId and id = :id
                        """)
                .param("now", Timestamp.from(now))
                .param("month", billingMonth == null ? null : Date.valueOf(billingMonth))
                .param("operatorId", redemption.operatorId())
                .param("id", redemption.id())
                .update();
        events.publishEvent(new RewardFulfilled(
                redemption.operatorId(),
                redemption.memberId(),
                redemption.rewardId(),
                redemption.id(),
                redemption.points(),
                redemption.kind(),
                now));
    }

    /**
     * The member collects a pickup gift and staff enter the member's code: a reserved redemption is confirmed on the
     * spot, then fulfilled. A wrong code changes nothing.
     */
    @Transactional
    public Redemption pickup(long operatorId, long redemptionId, String code) {
        Redemption redemption = lock(operatorId, redemptionId);
        if (redemption.pickupCode() == null) {
            throw new ConflictException("rewards.redemption.notPickup", "the gift is not picked up");
        }
        if (redemption.status() == RedemptionStatus.FULFILLED) {
            return redemption;
        }
        Rewards.requireOpen(redemption);
        if (code == null || !redemption.pickupCode().equals(code.trim())) {
            throw new InvalidInputException("code", "rewards.pickupCode.wrong");
        }
        if (redemption.status() == RedemptionStatus.RESERVED) {
            confirm(operatorId, redemptionId);
        }
        fulfil(redemption, clock.instant(), null);
        return find(jdbc, operatorId, redemptionId);
    }

    /** Staff hand a confirmed delivery gift to a carrier. */
    @Transactional
    public Redemption ship(long operatorId, long redemptionId, String carrier, String trackingNumber) {
        List<FieldError> errors = new ArrayList<>();
        if (carrier == null || carrier.isBlank() || carrier.length() > 60) {
            errors.add(new FieldError("carrier", "rewards.carrier.invalid"));
        }
        if (trackingNumber == null || trackingNumber.isBlank() || trackingNumber.length() > 60) {
            errors.add(new FieldError("trackingNumber", "rewards.trackingNumber.invalid"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Redemption redemption = lock(operatorId, redemptionId);
        if (redemption.deliveryStatus() == null) {
            throw new ConflictException("rewards.redemption.notDelivery", "the gift is not delivered");
        }
        if (redemption.status() != RedemptionStatus.CONFIRMED
                || redemption.deliveryStatus() != DeliveryStatus.PENDING) {
            throw new ConflictException("rewards.redemption.notShippable", "confirm first; ship once");
        }
        jdbc.sql("""
                        update reward_redemption set delivery_status = 'SHIPPED', carrier = :carrier,
                                                     tracking_number = :tracking
                        where operator_id = :operatorId and id = :id
                        """)
                .param("carrier", carrier.trim())
                .param("tracking", trackingNumber.trim())
                .param("operatorId", operatorId)
                .param("id", redemptionId)
                .update();
        return find(jdbc, operatorId, redemptionId);
    }

    /** The carrier delivered the gift: fulfilled. Delivering twice is harmless. */
    @Transactional
    public Redemption deliver(long operatorId, long redemptionId) {
        Redemption redemption = lock(operatorId, redemptionId);
        if (redemption.deliveryStatus() == DeliveryStatus.DELIVERED) {
            return redemption;
        }
        if (redemption.deliveryStatus() != DeliveryStatus.SHIPPED) {
            throw new ConflictException("rewards.redemption.notShipped", "ship it first");
        }
        jdbc.sql(
                        "update reward_redemption set delivery_status = 'DELIVERED' where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", redemptionId)
                .update();
        fulfil(redemption, clock.instant(), null);
        return find(jdbc, operatorId, redemptionId);
    }

    /** Releases every reserved redemption past its confirmation deadline; returns how many. Safe on every node. */
    public int expireUnconfirmed(int batchSize) {
        int expired = 0;
        int round;
        do {
            Integer count = transaction.execute(status -> {
                List<Redemption> due = jdbc.sql(SELECT + """
                                 where status = 'RESERVED' and expires_at <= :now
                                order by expires_at limit :limit for update skip locked
                                """)
                        .param("now", Timestamp.from(clock.instant()))
                        .param("limit", batchSize)
                        .query(Redemptions::map)
                        .list();
                due.forEach(redemption -> release(redemption, RedemptionStatus.EXPIRED, null));
                return due.size();
            });
            round = count == null ? 0 : count;
            expired += round;
        } while (round == batchSize);
        return expired;
    }

    @Scheduled(
            fixedDelayString = "${enjoyspace.rewards.expiry-interval:PT1M}",
            initialDelayString = "${enjoyspace.rewards.expiry-initial-delay:PT1M}")
    void scheduledExpiry() {
        int expired = expireUnconfirmed(200);
        if (expired > 0) {
            log.info("Released {} unconfirmed reward redemptions", expired);
        }
    }

    public Redemption get(long operatorId, long redemptionId) {
        return find(jdbc, operatorId, redemptionId);
    }

    /** A member's own redemption; another member's answers not found. */
    public Redemption getForMember(long operatorId, long memberId, long redemptionId) {
        Redemption redemption = find(jdbc, operatorId, redemptionId);
        if (redemption.memberId() != memberId) {
            throw new NotFoundException();
        }
        return redemption;
    }

    public List<Redemption> ofMember(long operatorId, long memberId, int limit) {
        return jdbc.sql(SELECT
                        + " where operator_id = :operatorId and member_id = :memberId order by id desc limit :limit")
                .param("operatorId", operatorId)
                .param("memberId", memberId)
                .param("limit", limit)
                .query(Redemptions::map)
                .list();
    }

    /**
     * The fulfilment queue: redemptions waiting for staff (reserved or confirmed), oldest first; or those in one
     * status, newest first.
     */
    public List<Redemption> queue(long operatorId, RedemptionStatus status, int limit) {
        String where = status == null
                ? " where operator_id = :operatorId and status in ('RESERVED', 'CONFIRMED') order by id"
                : " where operator_id = :operatorId and status = :status order by id desc";
        return jdbc.sql(SELECT + where + " limit :limit")
                .param("operatorId", operatorId)
                .param("status", status == null ? "" : status.name())
                .param("limit", limit)
                .query(Redemptions::map)
                .list();
    }

    private Redemption lock(long operatorId, long redemptionId) {
        return jdbc.sql(SELECT + " where operator_id = :operatorId and id = :id for update")
                .param("operatorId", operatorId)
                .param("id", redemptionId)
                .query(Redemptions::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    static Redemption find(JdbcClient jdbc, long operatorId, long redemptionId) {
        return jdbc.sql(SELECT + " where operator_id = :operatorId and id = :id")
                .param("operatorId", operatorId)
                .param("id", redemptionId)
                .query(Redemptions::map)
                .optional()
                .orElseThrow(NotFoundException::new);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    static final String SELECT = "select * from reward_redemption";

    static Redemption map(ResultSet rs, int row) throws SQLException {
        String delivery = rs.getString("delivery_status");
        return new Redemption(
                rs.getLong("id"),
                rs.getLong("operator_id"),
                rs.getLong("reward_id"),
                rs.getLong("member_id"),
                Rows.nullableLong(rs, "enterprise_id"),
                rs.getString("reward_name"),
                RewardKind.valueOf(rs.getString("kind")),
                rs.getInt("quantity"),
                rs.getLong("points"),
                rs.getLong("cash_minor"),
                rs.getLong("credit_minor"),
                rs.getString("currency"),
                RedemptionStatus.valueOf(rs.getString("status")),
                rs.getLong("points_hold_id"),
                rs.getString("pickup_code"),
                delivery == null ? null : DeliveryStatus.valueOf(delivery),
                rs.getString("delivery_address"),
                rs.getString("carrier"),
                rs.getString("tracking_number"),
                instant(rs, "reserved_at"),
                instant(rs, "expires_at"),
                instant(rs, "confirmed_at"),
                instant(rs, "fulfilled_at"),
                instant(rs, "cancelled_at"),
                rs.getString("cancel_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
