/** The demo accounts and credit rules of the example servers, one copy for both. */
@NullMarked
package dev.tollgate.example.demo;

import org.jspecify.annotations.NullMarked;
