/**
 * The S3 storage's parts: the key layout, the index records and their codec, the bucket index
 * with its refresh and compaction, and content uploads. Not an API; only
 * {@code io.perfkit.storage.s3} is exported.
 */
package io.perfkit.storage.s3.internal;
