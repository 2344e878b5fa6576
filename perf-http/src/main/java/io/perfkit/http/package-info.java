/**
 * The HTTP layer every Perfkit endpoint shares: {@link io.perfkit.http.HttpEndpointServer} on the
 * JDK's server, the {@link io.perfkit.http.Routes} table, {@link io.perfkit.http.Request} with
 * its {@link io.perfkit.http.QueryParams}, and {@link io.perfkit.http.Response} (bytes, JSON,
 * text, streams, or an answer sent later from another thread).
 */
package io.perfkit.http;
