/** Accounts, plans and the entitlement gate: whether an account may use the MCP server at all. */
@NullMarked
package dev.tollgate.entitlement;

import org.jspecify.annotations.NullMarked;
