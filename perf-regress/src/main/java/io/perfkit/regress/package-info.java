/**
 * Comparing a baseline JMH run with a candidate: {@link io.perfkit.regress.JmhRun} reads JMH's
 * JSON, {@link io.perfkit.regress.Comparison} decides per row with {@link io.perfkit.regress.Stats},
 * {@link io.perfkit.regress.Report} prints, {@link io.perfkit.regress.Gate} fails on a significant
 * slowdown beyond a threshold, and {@link io.perfkit.regress.Calibration} measures how often a
 * threshold cries wolf on the machine at hand.
 */
package io.perfkit.regress;
