package io.enjoyspace.wallet;

import io.enjoyspace.shared.ConflictException;
import io.enjoyspace.shared.InvalidInputException;
import io.enjoyspace.shared.Money;
import java.util.List;

/**
 * The wallet holds less than a payment, withdrawal or downward adjustment asks for. Nothing was written. Answers 409 as
 * it is; a caller that wants the error beside one of its own fields uses {@link #onField(String)}.
 */
public class InsufficientWalletBalanceException extends ConflictException {

    public static final String CODE = "wallet.insufficientBalance";

    private final transient Money available;
    private final transient Money requested;

    public InsufficientWalletBalanceException(Money available, Money requested) {
        super(CODE, "wallet balance " + available + " does not cover " + requested);
        this.available = available;
        this.requested = requested;
    }

    public Money available() {
        return available;
    }

    public Money requested() {
        return requested;
    }

    /** The same refusal as a 400 naming {@code field}, with the available balance as the message argument. */
    public InvalidInputException onField(String field) {
        return new InvalidInputException(List.of(
                new InvalidInputException.FieldError(field, CODE + "Left", List.of(available.toDecimalString()))));
    }
}
