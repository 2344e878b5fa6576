/**
 * The S3 storage's parts: the key layout, the index records and their codec, the bucket index
 * with its refresh and compaction, the S3 requests and content uploads, the SDK client, query
 * and find, content reads checked against their records, and retention with the sweep. Not an
 * API; only {@code io.perfkit.storage.s3} is exported.
 */
package io.perfkit.storage.s3.internal;
