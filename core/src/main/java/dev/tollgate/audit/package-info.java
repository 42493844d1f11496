/**
 * What the gate decided, for audit logs and metrics: one {@link dev.tollgate.audit.DecisionEvent}
 * per request, written by {@link dev.tollgate.audit.AuditLog} to the {@code dev.tollgate.audit}
 * logger and handed to any {@link dev.tollgate.audit.DecisionListener}.
 */
@NullMarked
package dev.tollgate.audit;

import org.jspecify.annotations.NullMarked;
