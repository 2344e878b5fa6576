/**
 * {@link io.perfkit.servlet.PerfkitFilter}: a Jakarta Servlet 6 filter that times requests by
 * route into Perfkit's monitor and hands slow ones to the request profiler.
 */
package io.perfkit.servlet;
