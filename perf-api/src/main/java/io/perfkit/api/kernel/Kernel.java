package io.perfkit.api.kernel;

import io.perfkit.api.spi.SpiLoader;
import java.util.Optional;

/**
 * One variant of one numeric operation: {@code dot/naive}, {@code matmul/blocked},
 * {@code fft/iterative}. A variant implements exactly one typed sub-interface ({@link DotKernel},
 * {@link MatMulKernel}, {@link IntegrateKernel}, {@link FftKernel}), which fixes its {@link
 * #operation()}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Discovery.</b> Found by {@link java.util.ServiceLoader} under this interface's name
 *       ({@code provides io.perfkit.api.kernel.Kernel with …} and a {@code META-INF/services}
 *       file); a public no-argument constructor that does no work and touches no optional
 *       module (such as {@code jdk.incubator.vector}).</li>
 *   <li><b>Identity.</b> {@link #variant()} is unique per operation: lower-case letters, digits
 *       and {@code -}. The variant named by {@link KernelOperation#oracle()} is the one the race
 *       verifies the others against.</li>
 *   <li><b>Accuracy.</b> {@link #accuracy()} says how close to the exact answer the variant
 *       promises to be; the race holds it to exactly that.</li>
 *   <li><b>Threads.</b> A kernel holds no per-call state: the compute methods may be called
 *       from several threads at once. A parallel variant may use the common fork/join pool.</li>
 *   <li><b>Errors.</b> Invalid input (mismatched lengths, a bad size) throws
 *       {@link IllegalArgumentException} naming the values. Inputs are never modified unless
 *       the method says so.</li>
 * </ul>
 */
public interface Kernel {

  /** The operation, fixed by the typed sub-interface. */
  KernelOperation operation();

  /** The variant's name, unique within its operation. */
  String variant();

  /** One line on how this variant works. */
  String description();

  /**
   * Empty when this variant can run on this JVM; otherwise why not (for instance "needs
   * --add-modules jdk.incubator.vector"). The harness skips an unavailable variant with that
   * reason.
   */
  default Optional<String> unavailableReason() {
    return Optional.empty();
  }

  /**
   * How close to the exact answer this variant is; exact but for rounding unless the typed
   * interface says otherwise ({@link IntegrateKernel} makes every variant declare it).
   */
  default Accuracy accuracy() {
    return Accuracy.rounding();
  }

  /** {@code operation/variant}, the kernel's unique key. */
  default String key() {
    return operation().wireName() + "/" + variant();
  }

  /**
   * Every kernel {@link java.util.ServiceLoader} finds, by {@link #key()}: the one loader shape of
   * Perfkit's SPIs ({@code Kernel.installed()}, {@code AlertRule.installed()},
   * {@code ProfileStorageProvider.installed()}).
   *
   * @throws IllegalStateException when two kernels claim one key
   */
  static SpiLoader<Kernel> installed() {
    return SpiLoader.load(Kernel.class, Kernel::key);
  }
}
