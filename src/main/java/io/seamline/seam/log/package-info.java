/**
 * Where the log is: the event store read page by page in global order, the topic's end offsets, and the watermark
 * every consumer records of how far it has got.
 */
package io.seamline.seam.log;
