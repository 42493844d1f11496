/** OAuth 2.0 Protected Resource Metadata (RFC 9728): the document and its well-known URLs. */
@NullMarked
package dev.tollgate.metadata;

import org.jspecify.annotations.NullMarked;
