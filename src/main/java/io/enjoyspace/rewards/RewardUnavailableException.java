package io.enjoyspace.rewards;

/**
 * The reward cannot be redeemed by this member as things stand (a kind nothing fulfils yet, a rent credit for a member
 * without a company, a tier it is not offered to): 422, naming {@code field}. {@code code} is a message bundle key.
 */
public class RewardUnavailableException extends RuntimeException {

    private final String field;
    private final String code;

    public RewardUnavailableException(String field, String code) {
        super(code, null, false, false);
        this.field = field;
        this.code = code;
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }
}
