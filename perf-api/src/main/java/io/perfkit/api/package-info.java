/**
 * Grammar shared by every module: profile ids, label keys and values ({@link
 * io.perfkit.api.Identifiers}) and the immutable {@link io.perfkit.api.Labels} set.
 */
package io.perfkit.api;
