/**
 * The supply-chain demo and the {@code runway} command line, on the public API only.
 */
package dev.runway.examples;
