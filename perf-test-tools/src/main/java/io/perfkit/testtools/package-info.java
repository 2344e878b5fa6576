/**
 * How this build's tests find the external programs they drive and check that each works before
 * running or skipping.
 */
package io.perfkit.testtools;
