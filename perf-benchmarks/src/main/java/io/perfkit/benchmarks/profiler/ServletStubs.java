package io.perfkit.benchmarks.profiler;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.MappingMatch;

/**
 * The least a servlet container hands a filter: a GET of {@code /fast} matched by the exact
 * mapping {@code /fast}, and a 200 response. Every other method answers null, zero or false; the
 * benchmark measures the filter, not a container.
 *
 * <p><b>One class.</b> {@code Request}, {@code Response} and {@code FAST} stub one exchange, and its
 * few real answers must agree: {@code Request} returns {@code FAST} as its mapping, and its
 * {@code getRequestURI()} and {@code FAST}'s {@code getPattern()} both say {@code /fast}. Everything
 * else is a method {@code HttpServletRequest} or {@code HttpServletResponse} requires, answered by
 * a stateless default.
 */
final class ServletStubs {

  private ServletStubs() {}

  static final HttpServletMapping FAST = new HttpServletMapping() {
    @Override
    public String getMatchValue() {
      return "fast";
    }

    @Override
    public String getPattern() {
      return "/fast";
    }

    @Override
    public String getServletName() {
      return "fast";
    }

    @Override
    public MappingMatch getMappingMatch() {
      return MappingMatch.EXACT;
    }
  };

  /** A request. */
  static final class Request implements jakarta.servlet.http.HttpServletRequest {
    @Override
    public HttpServletMapping getHttpServletMapping() {
      return FAST;
    }

    @Override
    public java.lang.Object getAttribute(java.lang.String a0) {
      return null;
    }

    @Override
    public java.util.Enumeration<java.lang.String> getAttributeNames() {
      return null;
    }

    @Override
    public java.lang.String getCharacterEncoding() {
      return null;
    }

    @Override
    public void setCharacterEncoding(java.lang.String a0) throws java.io.UnsupportedEncodingException {

    }

    @Override
    public int getContentLength() {
      return 0;
    }

    @Override
    public long getContentLengthLong() {
      return 0;
    }

    @Override
    public java.lang.String getContentType() {
      return null;
    }

    @Override
    public jakarta.servlet.ServletInputStream getInputStream() throws java.io.IOException {
      return null;
    }

    @Override
    public java.lang.String getParameter(java.lang.String a0) {
      return null;
    }

    @Override
    public java.util.Enumeration<java.lang.String> getParameterNames() {
      return null;
    }

    @Override
    public java.lang.String[] getParameterValues(java.lang.String a0) {
      return null;
    }

    @Override
    public java.util.Map<java.lang.String, java.lang.String[]> getParameterMap() {
      return null;
    }

    @Override
    public java.lang.String getProtocol() {
      return null;
    }

    @Override
    public java.lang.String getScheme() {
      return null;
    }

    @Override
    public java.lang.String getServerName() {
      return null;
    }

    @Override
    public int getServerPort() {
      return 0;
    }

    @Override
    public java.io.BufferedReader getReader() throws java.io.IOException {
      return null;
    }

    @Override
    public java.lang.String getRemoteAddr() {
      return null;
    }

    @Override
    public java.lang.String getRemoteHost() {
      return null;
    }

    @Override
    public void setAttribute(java.lang.String a0, java.lang.Object a1) {

    }

    @Override
    public void removeAttribute(java.lang.String a0) {

    }

    @Override
    public java.util.Locale getLocale() {
      return null;
    }

    @Override
    public java.util.Enumeration<java.util.Locale> getLocales() {
      return null;
    }

    @Override
    public boolean isSecure() {
      return false;
    }

    @Override
    public jakarta.servlet.RequestDispatcher getRequestDispatcher(java.lang.String a0) {
      return null;
    }

    @Override
    public int getRemotePort() {
      return 0;
    }

    @Override
    public java.lang.String getLocalName() {
      return null;
    }

    @Override
    public java.lang.String getLocalAddr() {
      return null;
    }

    @Override
    public int getLocalPort() {
      return 0;
    }

    @Override
    public jakarta.servlet.ServletContext getServletContext() {
      return null;
    }

    @Override
    public jakarta.servlet.AsyncContext startAsync() throws java.lang.IllegalStateException {
      return null;
    }

    @Override
    public jakarta.servlet.AsyncContext startAsync(jakarta.servlet.ServletRequest a0, jakarta.servlet.ServletResponse a1) throws java.lang.IllegalStateException {
      return null;
    }

    @Override
    public boolean isAsyncStarted() {
      return false;
    }

    @Override
    public boolean isAsyncSupported() {
      return false;
    }

    @Override
    public jakarta.servlet.AsyncContext getAsyncContext() {
      return null;
    }

    @Override
    public jakarta.servlet.DispatcherType getDispatcherType() {
      return null;
    }

    @Override
    public java.lang.String getRequestId() {
      return null;
    }

    @Override
    public java.lang.String getProtocolRequestId() {
      return null;
    }

    @Override
    public jakarta.servlet.ServletConnection getServletConnection() {
      return null;
    }

    @Override
    public java.lang.String getAuthType() {
      return null;
    }

    @Override
    public jakarta.servlet.http.Cookie[] getCookies() {
      return null;
    }

    @Override
    public long getDateHeader(java.lang.String a0) {
      return 0;
    }

    @Override
    public java.lang.String getHeader(java.lang.String a0) {
      return null;
    }

    @Override
    public java.util.Enumeration<java.lang.String> getHeaders(java.lang.String a0) {
      return null;
    }

    @Override
    public java.util.Enumeration<java.lang.String> getHeaderNames() {
      return null;
    }

    @Override
    public int getIntHeader(java.lang.String a0) {
      return 0;
    }

    @Override
    public java.lang.String getMethod() {
      return "GET";
    }

    @Override
    public java.lang.String getPathInfo() {
      return null;
    }

    @Override
    public java.lang.String getPathTranslated() {
      return null;
    }

    @Override
    public java.lang.String getContextPath() {
      return null;
    }

    @Override
    public java.lang.String getQueryString() {
      return null;
    }

    @Override
    public java.lang.String getRemoteUser() {
      return null;
    }

    @Override
    public boolean isUserInRole(java.lang.String a0) {
      return false;
    }

    @Override
    public java.security.Principal getUserPrincipal() {
      return null;
    }

    @Override
    public java.lang.String getRequestedSessionId() {
      return null;
    }

    @Override
    public java.lang.String getRequestURI() {
      return "/fast";
    }

    @Override
    public java.lang.StringBuffer getRequestURL() {
      return null;
    }

    @Override
    public java.lang.String getServletPath() {
      return null;
    }

    @Override
    public jakarta.servlet.http.HttpSession getSession(boolean a0) {
      return null;
    }

    @Override
    public jakarta.servlet.http.HttpSession getSession() {
      return null;
    }

    @Override
    public java.lang.String changeSessionId() {
      return null;
    }

    @Override
    public boolean isRequestedSessionIdValid() {
      return false;
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
      return false;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
      return false;
    }

    @Override
    public boolean authenticate(jakarta.servlet.http.HttpServletResponse a0) throws java.io.IOException, jakarta.servlet.ServletException {
      return false;
    }

    @Override
    public void login(java.lang.String a0, java.lang.String a1) throws jakarta.servlet.ServletException {

    }

    @Override
    public void logout() throws jakarta.servlet.ServletException {

    }

    @Override
    public java.util.Collection<jakarta.servlet.http.Part> getParts() throws java.io.IOException, jakarta.servlet.ServletException {
      return null;
    }

    @Override
    public jakarta.servlet.http.Part getPart(java.lang.String a0) throws java.io.IOException, jakarta.servlet.ServletException {
      return null;
    }

    @Override
    public <T extends jakarta.servlet.http.HttpUpgradeHandler> T upgrade(java.lang.Class<T> a0) throws java.io.IOException, jakarta.servlet.ServletException {
      return null;
    }

  }

  /** A response. */
  static final class Response implements jakarta.servlet.http.HttpServletResponse {
    @Override
    public java.lang.String getCharacterEncoding() {
      return null;
    }

    @Override
    public java.lang.String getContentType() {
      return null;
    }

    @Override
    public jakarta.servlet.ServletOutputStream getOutputStream() throws java.io.IOException {
      return null;
    }

    @Override
    public java.io.PrintWriter getWriter() throws java.io.IOException {
      return null;
    }

    @Override
    public void setCharacterEncoding(java.lang.String a0) {

    }

    @Override
    public void setContentLength(int a0) {

    }

    @Override
    public void setContentLengthLong(long a0) {

    }

    @Override
    public void setContentType(java.lang.String a0) {

    }

    @Override
    public void setBufferSize(int a0) {

    }

    @Override
    public int getBufferSize() {
      return 0;
    }

    @Override
    public void flushBuffer() throws java.io.IOException {

    }

    @Override
    public void resetBuffer() {

    }

    @Override
    public boolean isCommitted() {
      return false;
    }

    @Override
    public void reset() {

    }

    @Override
    public void setLocale(java.util.Locale a0) {

    }

    @Override
    public java.util.Locale getLocale() {
      return null;
    }

    @Override
    public void addCookie(jakarta.servlet.http.Cookie a0) {

    }

    @Override
    public boolean containsHeader(java.lang.String a0) {
      return false;
    }

    @Override
    public java.lang.String encodeURL(java.lang.String a0) {
      return null;
    }

    @Override
    public java.lang.String encodeRedirectURL(java.lang.String a0) {
      return null;
    }

    @Override
    public void sendError(int a0, java.lang.String a1) throws java.io.IOException {

    }

    @Override
    public void sendError(int a0) throws java.io.IOException {

    }

    @Override
    public void sendRedirect(java.lang.String a0) throws java.io.IOException {

    }

    @Override
    public void setDateHeader(java.lang.String a0, long a1) {

    }

    @Override
    public void addDateHeader(java.lang.String a0, long a1) {

    }

    @Override
    public void setHeader(java.lang.String a0, java.lang.String a1) {

    }

    @Override
    public void addHeader(java.lang.String a0, java.lang.String a1) {

    }

    @Override
    public void setIntHeader(java.lang.String a0, int a1) {

    }

    @Override
    public void addIntHeader(java.lang.String a0, int a1) {

    }

    @Override
    public void setStatus(int a0) {

    }

    @Override
    public int getStatus() {
      return 200;
    }

    @Override
    public java.lang.String getHeader(java.lang.String a0) {
      return null;
    }

    @Override
    public java.util.Collection<java.lang.String> getHeaders(java.lang.String a0) {
      return null;
    }

    @Override
    public java.util.Collection<java.lang.String> getHeaderNames() {
      return null;
    }

  }
}
