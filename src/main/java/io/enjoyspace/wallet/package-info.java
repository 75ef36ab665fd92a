/**
 * The member wallet: a prepaid money balance per member that front-desk staff top up and checkout spends, kept in its
 * own double-entry, append-only ledger. Other modules move wallet money only through
 * {@link io.enjoyspace.wallet.MemberWallets}, and hear about it through {@link io.enjoyspace.wallet.WalletToppedUp},
 * {@link io.enjoyspace.wallet.WalletPaid}, {@link io.enjoyspace.wallet.WalletRefunded} and
 * {@link io.enjoyspace.wallet.WalletAdjusted}.
 */
package io.enjoyspace.wallet;
