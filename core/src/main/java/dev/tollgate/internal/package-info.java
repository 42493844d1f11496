/**
 * Helpers shared by Tollgate's stores and resolvers: bounded HTTP exchanges and JSON values, and
 * the JDBC toolkit of the database-backed stores ({@link dev.tollgate.internal.JdbcAccess}, {@link
 * dev.tollgate.internal.SqlIdentifiers}, {@link dev.tollgate.internal.SqlScripts}, {@link
 * dev.tollgate.internal.SqlErrors}, {@link dev.tollgate.internal.SqlTimestamps}). Not API: may
 * change in any release without notice.
 */
@NullMarked
package dev.tollgate.internal;

import org.jspecify.annotations.NullMarked;
