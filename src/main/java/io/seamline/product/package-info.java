/**
 * The Product aggregate: its commands, its rules (a SKU is unique) and the upcasters that read its older
 * event versions.
 */
package io.seamline.product;
