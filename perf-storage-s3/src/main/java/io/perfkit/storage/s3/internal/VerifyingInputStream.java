package io.perfkit.storage.s3.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * A profile's content as read from the bucket, checked against its index record as it passes:
 * the read that brings the length past the recorded one, or reaches the end short of it or with
 * another CRC-32C, fails with an {@link IOException} naming the expected and the actual value.
 * Costs one CRC-32C update per read (intrinsified on x86 and ARM), no second pass. Not
 * thread-safe, as streams are not.
 */
public class VerifyingInputStream extends FilterInputStream {

  private final String what;
  private final long expectedLength;
  private final OptionalLong expectedCrc;
  private final Runnable onMismatch;
  private final CRC32C crc = new CRC32C();
  private long length;
  private boolean verified;

  /**
   * @param what names the content in messages: {@code "profile ID in bucket … : the content of 'KEY'"}
   * @param expectedCrc empty for a record written before checksums were kept: the length alone is checked
   * @param onMismatch called once per failed check, before the exception is thrown
   */
  public VerifyingInputStream(InputStream in, String what, long expectedLength, OptionalLong expectedCrc,
      Runnable onMismatch) {
    super(in);
    this.what = what;
    this.expectedLength = expectedLength;
    this.expectedCrc = expectedCrc;
    this.onMismatch = onMismatch;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      atEnd();
    } else {
      crc.update(b);
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n < 0) {
      atEnd();
    } else {
      crc.update(buf, off, n);
      counted(n);
    }
    return n;
  }

  /** Reads what it skips, so that the checksum covers every byte. */
  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[(int) Math.min(Math.max(n, 0), 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void counted(int n) throws IOException {
    length += n;
    if (length > expectedLength) {
      throw failed("runs past the " + expectedLength + " bytes its index record says (" + length + " bytes read so far)");
    }
  }

  private void atEnd() throws IOException {
    if (verified) {
      return;
    }
    if (length != expectedLength) {
      throw failed("ended after " + length + " bytes, but its index record says " + expectedLength + " bytes");
    }
    if (expectedCrc.isPresent() && crc.getValue() != expectedCrc.getAsLong()) {
      throw failed(String.format("has CRC-32C %08x, but its index record says %08x", crc.getValue(),
          expectedCrc.getAsLong()));
    }
    verified = true;
  }

  private IOException failed(String problem) {
    onMismatch.run();
    return new IOException(what + " " + problem + "; it is not what was stored");
  }
}
