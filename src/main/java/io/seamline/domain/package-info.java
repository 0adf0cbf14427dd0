/**
 * The rules every capability shares: money, text, time and category paths as every side reads them, and the failures
 * that name a broken rule.
 */
package io.seamline.domain;
