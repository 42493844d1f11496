/** Credit metering: the ledger tools charge purchased credits to, in memory or over JDBC. */
@NullMarked
package dev.tollgate.account.credits;

import org.jspecify.annotations.NullMarked;
