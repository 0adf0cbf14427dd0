/**
 * The wire format of the log: the envelope every event travels in, the event catalogue in code and its JSON Schemas,
 * and the write side's check that nothing breaking them is appended.
 */
package io.seamline.seam.event;
