/**
 * The test kit for implementers and testers: the storage contract, an in-memory reference
 * storage, and a manual time source.
 */
package io.perfkit.testkit;
