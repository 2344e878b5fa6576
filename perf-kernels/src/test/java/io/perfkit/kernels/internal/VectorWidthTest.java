package io.perfkit.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The build runs the kernel tests again with the JVM's preferred vector narrowed, once without
 * FMA; this checks that the narrowing took and that FMA's absence was noticed, so those runs
 * really exercise the narrower shapes and the multiply-add fallback.
 */
class VectorWidthTest {

  @Test
  void theSimdKernelsUseTheVectorWidthThisRunAskedFor() {
    String expected = System.getProperty("perfkit.expectVectorLength");
    assumeTrue(expected != null, "only in the runs that narrow the vectors");
    assertEquals(Integer.parseInt(expected), VectorKernels.L, "doubles per vector");
    assertEquals(Boolean.parseBoolean(System.getProperty("perfkit.expectFma", "true")), VectorKernels.FMA,
        "fused multiply-add detected");
  }
}
