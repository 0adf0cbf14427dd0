/**
 * The Order aggregate: placing, paying, shipping and cancelling, priced from the catalogue the row store
 * keeps.
 */
package io.seamline.order;
