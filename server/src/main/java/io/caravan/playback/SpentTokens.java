package io.caravan.playback;

import java.time.Instant;

/**
 * The one-time playback tokens used already. {@link LocalSpentTokens} keeps them in this instance's memory; a store
 * shared by instances (Redis, as the rest of Caravan's shared state) implements the same contract, so that a link
 * used on one instance is refused on all.
 */
public interface SpentTokens {

    /**
     * Marks a token spent, atomically: of two requests with the same token, one gets true.
     *
     * @param tokenId the token's unique part (its nonce)
     * @param expires when the token expires; it must be remembered at least until then, and need not be after
     * @return true when the token was not spent before
     */
    boolean spend(String tokenId, Instant expires);
}
