/** Numeric kernels in several variants, and the harness that verifies and races them. */
module io.perfkit.kernels {
  requires io.perfkit.api;
}
