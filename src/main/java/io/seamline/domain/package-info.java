/**
 * The rules every capability shares: money, text and time as the write side accepts them, and the failures
 * that name a broken rule.
 */
package io.seamline.domain;
