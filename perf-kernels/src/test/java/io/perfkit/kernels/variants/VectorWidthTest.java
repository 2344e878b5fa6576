package io.perfkit.kernels.variants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * The build runs the kernel tests again with the JVM's preferred vector narrowed; this checks
 * that the narrowing took, so those runs really exercise the narrower shapes.
 */
class VectorWidthTest {

  @Test
  void theSimdKernelsUseTheVectorWidthThisRunAskedFor() {
    String expected = System.getProperty("perfkit.expectVectorLength");
    assumeTrue(expected != null, "only in the runs that narrow the vectors");
    assertEquals(Integer.parseInt(expected), VectorKernels.L, "doubles per vector");
  }
}
