/**
 * The demo catalogue {@code make run} seeds: products and orders written through the same commands a
 * client sends.
 */
package io.seamline.demo;
