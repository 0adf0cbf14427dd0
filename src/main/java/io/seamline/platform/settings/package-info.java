/**
 * What can be set: the {@code seamline.*} settings the code reads and their defaults, as application.properties
 * documents them, and the README's settings table generated from both ({@code make docs}).
 */
package io.seamline.platform.settings;
